"""One event with something of every kind (the one whose pages the matrix opens), another
event with its own organiser, and the eight users of the permission matrix."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from liaison.events import services as event_services
from liaison.events.models import Organisation, Person, Role, TeamMember
from liaison.matchmaking import services as matchmaking
from liaison.matchmaking.models import ScheduleRun
from liaison.newsroom import services as newsroom
from liaison.programme.models import AgendaItem
from liaison.registration import services as registration
from liaison.registration.services import Applicant
from tests.factories import EventFactory, PersonFactory, RoleFactory, UserFactory, three
from tests.site.seminar import build_seminar

USERS = (
    "anonymous",
    "delegate",
    "speaker",
    "staff",
    "editor",
    "organiser",
    "other_organiser",
    "superuser",
)


@dataclass
class Scene:
    event: object
    other: object
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]


def _applicant(n: int, side: str, mode: str = "onsite") -> Applicant:
    return Applicant(
        email=f"matrix{n}@example.org",
        family_name="山田" if side == "jp" else "王",
        given_name=f"太郎{n}",
        family_name_latin="Yamada" if side == "jp" else "Wang",
        given_name_latin=f"Taro{n}",
        organisation=f"Matrix Company {n}",
        delegation=side,
        mode=mode,
        language="ja" if side == "jp" else "zh-hans",
        areas=("area-0",),
        consent_contact=True,
    )


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def build_scene() -> Scene:
    event = build_seminar(slug="matrix-seminar", status="open", delegates=2)
    event_services.update_event(event, registration_open=True)
    other = EventFactory(slug="other-seminar", status="open")
    scene = Scene(event=event, other=other)
    users = scene.users
    users["anonymous"] = None

    # delegates: approved registrations with their own accounts
    mine = registration.register(event, _applicant(1, "jp"), notify=False)
    theirs = registration.register(event, _applicant(2, "cn", mode="online"), notify=False)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    users["delegate"] = mine.person.user

    # a speaker of the seminar's record with an account
    speaker = PersonFactory(email="speaker@example.org")
    RoleFactory(event=event, person=speaker, kind="speaker", delegation=event.delegations.first())
    users["speaker"] = UserFactory(username="speaker")
    event_services.link_person_to_user(speaker, users["speaker"])

    for role in ("staff", "editor", "organiser"):
        users[role] = UserFactory(username=role)
        event_services.add_team_member(event, users[role], role)
    users["other_organiser"] = UserFactory(username="other_organiser")
    event_services.add_team_member(other, users["other_organiser"], "organiser")
    users["superuser"] = get_user_model().objects.create_superuser(
        "root", "root@example.org", "a-long-test-password"
    )

    # matchmaking: a request between the two delegates, a run, an outcome
    request, _created = matchmaking.request_meeting(mine, theirs, actor=users["delegate"])
    matchmaking.accept(request, actor=theirs.person.user)
    outcome = matchmaking.record_outcome(request, mine, result="follow_up", actor=users["delegate"])
    run = ScheduleRun.objects.create(event=event, status="done")  # done, no solver

    # the newsroom: a draft release with an image
    room = newsroom.create_newsroom(
        slug="matrix-room",
        name=three("International Cooperation", "国际合作司", "国際協力司"),
        organisation=event.supporters.get(),
        allowed_domains=["ndrc.gov.cn"],
    )
    release = newsroom.draft_release(event, actor=users["organiser"], newsroom=room)
    image = newsroom.add_image(
        release,
        _png(),
        caption={"en": "A photo"},
        alt={"en": "A photo", "zh-hans": "照片", "ja": "写真"},
        actor=users["organiser"],
        based_on=None,
    )

    scene.objects.update(
        registration=mine,
        other_registration=theirs,
        delegation=event.delegations.first(),
        area=event.areas.first(),
        organisation=Organisation.objects.filter(events=event).first(),
        person=speaker,
        role=Role.objects.filter(event=event, person=speaker).get(),
        member=TeamMember.objects.filter(event=event, role="staff").get(),
        item=AgendaItem.objects.filter(event=event).first(),
        speaker_person=Person.objects.filter(agenda_items__event=event).first(),
        request=request,
        outcome=outcome,
        run=run,
        release=release,
        image=image,
        sign_in_token=registration._new_sign_in_link(users["delegate"], event),
    )
    return scene
