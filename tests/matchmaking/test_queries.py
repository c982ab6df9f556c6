"""No N+1: each list page and list endpoint runs as many queries for three objects as for
one (the marketplace, a delegate's requests and recommendations, the meetings API, the
organisers' pipeline)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.events.services import add_team_member
from liaison.matchmaking import services
from tests.factories import UserFactory

from .conftest import client_for, make_delegate, make_event, user_of

pytestmark = pytest.mark.django_db(transaction=True)


def build(slug: str, n: int, first: int):
    """An event where one Japanese delegate offers, n Chinese delegates need, asked and
    accepted, a published schedule and n leads."""
    event = make_event(slug)
    organiser = UserFactory(username=f"org-{slug}")
    add_team_member(event, organiser, "organiser")
    own = make_delegate(event, first, "jp")
    services.add_opportunity(
        own, direction="offer", kind="technology", area="elderly-care", title={"en": "Care robots"}
    )
    others = []
    for i in range(n):
        other = make_delegate(event, first + 1 + i, "cn", mode="online" if i == 1 else "onsite")
        services.save_profile(other, pitch={"zh-hans": "养老机器人需求"})
        services.add_opportunity(
            other,
            direction="need",
            kind="technology",
            area="elderly-care",
            title={"zh-hans": f"养老院护理机器人 {i}", "en": f"Care home robots {i}"},
        )
        request, _created = services.request_meeting(own, other)
        services.accept(request)
        others.append((other, request))
    services.generate_slots(event)
    services.set_tables(event, 3)
    services.set_video_rooms(event, 2)
    run = services.start_run(event, actor=organiser)
    run.refresh_from_db()
    services.publish_run(run, notify=False)
    for other, request in others:
        services.record_outcome(
            request, other, result="follow_up", next_steps="Visit", follow_up_owner="Li"
        )
    services.refresh_recommendations(event)
    return event, organiser, own


PAGES = {
    "marketplace": lambda e: f"/en/{e.slug}/matchmaking/",
    "requests": lambda e: f"/en/{e.slug}/matchmaking/requests/",
    "recommendations": lambda e: f"/ja/{e.slug}/matchmaking/recommendations/",
    "agenda": lambda e: f"/ja/{e.slug}/matchmaking/agenda/",
}


def count(fn) -> int:
    fn()  # warm: sessions, caches, stale checks settle
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.fixture
def one_and_three(db):
    return build("q-one", 1, 100), build("q-three", 3, 200)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_delegate_pages_do_not_grow_with_their_lists(
    one_and_three, client, page, django_assert_num_queries
):
    (e1, _o1, own1), (e3, _o3, own3) = one_and_three
    client.force_login(user_of(own1))
    expected = count(lambda: client.get(PAGES[page](e1)))
    client.force_login(user_of(own3))
    client.get(PAGES[page](e3))
    with django_assert_num_queries(expected):
        response = client.get(PAGES[page](e3))
    assert response.status_code == 200
    body = response.content.decode()
    marker = {
        "marketplace": "Care home robots 2",
        "requests": "CN Company 203",
        "recommendations": "王",
        "agenda": "王",
    }[page]
    assert marker in body


@pytest.mark.parametrize("who", ["organiser", "delegate"])
def test_meetings_api_does_not_grow(one_and_three, who, django_assert_num_queries):
    (e1, o1, own1), (e3, o3, own3) = one_and_three
    c1 = client_for(o1 if who == "organiser" else user_of(own1))
    c3 = client_for(o3 if who == "organiser" else user_of(own3))
    expected = count(lambda: c1.get(f"/api/v1/events/{e1.slug}/meetings/"))
    c3.get(f"/api/v1/events/{e3.slug}/meetings/")
    with django_assert_num_queries(expected):
        response = c3.get(f"/api/v1/events/{e3.slug}/meetings/")
    assert response.json()["count"] == 3


@pytest.mark.parametrize("endpoint", ["meeting-requests", "recommendations"])
def test_delegate_api_lists_do_not_grow(one_and_three, endpoint, django_assert_num_queries):
    (e1, _o1, own1), (e3, _o3, own3) = one_and_three
    c1, c3 = client_for(user_of(own1)), client_for(user_of(own3))
    expected = count(lambda: c1.get(f"/api/v1/events/{e1.slug}/{endpoint}/"))
    c3.get(f"/api/v1/events/{e3.slug}/{endpoint}/")
    with django_assert_num_queries(expected):
        response = c3.get(f"/api/v1/events/{e3.slug}/{endpoint}/")
    assert response.json()["count"] == 3


def test_console_pipeline_does_not_grow(one_and_three, client, django_assert_num_queries):
    (e1, o1, _own1), (e3, o3, _own3) = one_and_three
    client.force_login(o1)
    expected = count(lambda: client.get(f"/console/{e1.slug}/matchmaking/leads/"))
    client.force_login(o3)
    client.get(f"/console/{e3.slug}/matchmaking/leads/")
    with django_assert_num_queries(expected):
        response = client.get(f"/console/{e3.slug}/matchmaking/leads/")
    assert response.status_code == 200
    assert response.content.decode().count("Visit") == 3


def _everyone(event) -> list[int]:
    from liaison.registration.models import Registration

    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("pk", flat=True)
    )


def test_agenda_emails_read_every_agenda_at_once(one_and_three, django_assert_num_queries):
    """Publishing e-mails each delegate their agenda: the queries do not grow with the
    number of delegates (each one's two queries took 200 s for 2,000 delegates)."""
    from django.core import mail

    from liaison.matchmaking import tasks

    (e1, _o1, own1), (e3, _o3, own3) = one_and_three
    mail.outbox.clear()
    ids = _everyone(e1)
    expected = count(lambda: tasks.send_agenda_emails.run(e1.pk, ids, True))
    assert len(mail.outbox) == 2 * 2  # the reader and their one counterpart, twice
    mail.outbox.clear()
    ids = _everyone(e3)
    with django_assert_num_queries(expected):
        tasks.send_agenda_emails.run(e3.pk, ids, True)
    assert len(mail.outbox) == 4
    own = next(m for m in mail.outbox if m.to == [own3.email])
    # the Japanese reader's agenda: three meetings, each with a Chinese counterpart
    assert own.body.count("王伟") == 3, own.body
    others = [m for m in mail.outbox if m.to != [own3.email]]
    assert all(m.body.count("山田太郎200") == 1 for m in others)


def test_reminders_read_every_agenda_at_once(one_and_three, django_assert_num_queries):
    from django.core import mail

    from liaison.matchmaking.services import reminders

    (e1, _o1, _own1), (e3, _o3, own3) = one_and_three
    expected = count(lambda: reminders.send_reminders(e1, again=True))
    mail.outbox.clear()
    with django_assert_num_queries(expected):
        assert reminders.send_reminders(e3, again=True) == 4
    own = next(m for m in mail.outbox if m.to == [own3.email])
    assert own.body.count("王伟") == 3, own.body
