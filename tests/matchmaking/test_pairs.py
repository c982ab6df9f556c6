"""A pair of delegates has at most one live request, whoever asks: asking back is saying
yes, and the database refuses a second live request for the pair."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from liaison.matchmaking import services
from liaison.matchmaking.models import MeetingRequest

from .conftest import client_for, make_delegate, user_of

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/events/chengdu-b2b/"


def live(a, b) -> list[MeetingRequest]:
    return [
        r
        for r in MeetingRequest.objects.filter(status__in=["pending", "accepted"])
        if {r.requester_id, r.recipient_id} == {a.pk, b.pk}
    ]


def test_asking_back_accepts_the_pending_request(event):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    first = client_for(user_of(a)).post(URL + "meeting-requests/", {"to": b.pk}, format="json")
    assert first.status_code == 201
    back = client_for(user_of(b)).post(URL + "meeting-requests/", {"to": a.pk}, format="json")
    assert back.status_code == 200
    assert back.json()["id"] == first.json()["id"]
    assert back.json()["status"] == "accepted"
    assert [r.pk for r in live(a, b)] == [first.json()["id"]]
    # and once more, either way: still the one request
    again, created = services.request_meeting(b, a)
    assert not created and again.pk == first.json()["id"] and len(live(a, b)) == 1


def test_asking_back_against_one_way_side_rules_still_accepts(event):
    """Only jp -> cn may ask; cn asking back answers the jp delegate's request."""
    services.update_settings(event, side_rules=[["jp", "cn"]])
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    request, created = services.request_meeting(a, b)
    assert created
    found, created = services.request_meeting(b, a)
    assert not created and found.pk == request.pk and found.status == "accepted"


def test_after_a_decline_a_new_request_may_be_made(event):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    request, _ = services.request_meeting(a, b)
    services.decline(request)
    again, created = services.request_meeting(b, a)
    assert created and again.pk != request.pk and again.status == "pending"
    assert len(live(a, b)) == 1


def test_the_database_refuses_a_second_live_request_of_a_pair(event):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    services.request_meeting(a, b)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(event=event, requester=b, recipient=a, status="pending")
    # a cancelled or declined one is history, not a live request
    MeetingRequest.objects.create(event=event, requester=b, recipient=a, status="declined")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_both_asking_at_once_make_one_request(event):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    barrier, results, errors = threading.Barrier(2), [], []

    def ask(x, y):
        try:
            barrier.wait()
            results.append(services.request_meeting(x, y))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=p) for p in ((a, b), (b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(live(a, b)) == 1
    assert sorted(created for _r, created in results) == [False, True]
    assert live(a, b)[0].status == "accepted"


def test_an_event_with_offers_and_needs_can_be_deleted(event, organiser):
    """Opportunities hold their area with RESTRICT: the event goes with all of it."""
    from liaison.events.models import Event
    from liaison.events.services import delete_event
    from liaison.matchmaking.models import Opportunity

    a = make_delegate(event, 1, "jp")
    services.add_opportunity(
        a, direction="offer", kind="technology", area="elderly-care", title={"en": "Robots"}
    )
    delete_event(event, actor=organiser)
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not Opportunity.objects.exists()
