"""The demo seminar's news release: the Department of International Cooperation of the
supporting agency drafts it from the record and publishes it in three languages, the demo
organiser acting as the newsroom's publisher."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from liaison.events.demo import ORGANISER_USERNAME, three
from liaison.events.models import Organisation

from . import services
from .models import Newsroom, NewsroomMember

NEWSROOM_SLUG = "ndrc-international-cooperation"


def extend_demo(event, context) -> None:
    organiser = get_user_model().objects.get(username=ORGANISER_USERNAME)
    # Kept when the demo is loaded again into a database whose events were removed.
    newsroom = Newsroom.objects.filter(slug=NEWSROOM_SLUG).first() or services.create_newsroom(
        slug=NEWSROOM_SLUG,
        name=three("Department of International Cooperation", "国际合作司", "国際協力司"),
        organisation=Organisation.objects.get(slug="ndrc"),
        allowed_domains=["ndrc.gov.cn", "hitachi.com", "example.org"],
    )
    for role in (NewsroomMember.Role.EDITOR, NewsroomMember.Role.PUBLISHER):
        services.add_newsroom_member(newsroom, organiser, role)
    release = services.draft_release(event, actor=organiser, newsroom=newsroom)
    services.publish(release, actor=organiser)
