"""Privacy and bad input: each rule of the issue has a test here, through the API."""

from __future__ import annotations

from unittest import mock

import pytest

from liaison.matchmaking import services
from liaison.matchmaking.models import ScheduleRun
from liaison.matchmaking.services import runs

from .conftest import client_for, make_delegate, user_of

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/events/chengdu-b2b/"


def test_no_request_against_the_side_rules(event):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "jp")
    r = client_for(user_of(a), "ja").post(URL + "meeting-requests/", {"to": b.pk}, format="json")
    assert r.status_code == 400
    assert "to" in r.json()["errors"]
    # an event that allows same-side requests
    services.update_settings(event, side_rules=[["jp", "jp"], ["jp", "cn"], ["cn", "jp"]])
    r = client_for(user_of(a)).post(URL + "meeting-requests/", {"to": b.pk}, format="json")
    assert r.status_code == 201


def test_no_quota_overrun(event):
    a = make_delegate(event, 1, "jp")
    others = [make_delegate(event, i, "cn") for i in range(3)]
    services.save_profile(a, quota=2, set_quota=True)
    client = client_for(user_of(a), "zh-hans")
    codes = [
        client.post(URL + "meeting-requests/", {"to": b.pk}, format="json").status_code
        for b in others
    ]
    assert codes == [201, 201, 400]
    r = client.post(URL + "meeting-requests/", {"to": others[2].pk}, format="json")
    assert "2" in r.json()["errors"]["non_field_errors"][0]


def test_requests_only_as_yourself_and_answers_only_by_the_requested(event):
    a, b, c = (
        make_delegate(event, 1, "jp"),
        make_delegate(event, 2, "cn"),
        make_delegate(event, 3, "cn"),
    )
    r = client_for(user_of(c)).post(
        URL + "meeting-requests/", {"from": a.pk, "to": b.pk}, format="json"
    )
    assert r.status_code == 403
    made = client_for(user_of(a)).post(URL + "meeting-requests/", {"to": b.pk}, format="json")
    pk = made.json()["id"]
    assert client_for(user_of(a)).post(URL + f"meeting-requests/{pk}/accept/").status_code == 403
    assert client_for(user_of(c)).post(URL + f"meeting-requests/{pk}/accept/").status_code == 404
    assert client_for(user_of(b)).post(URL + f"meeting-requests/{pk}/accept/").status_code == 200


def test_outsiders_and_unapproved_see_nothing(event):
    a = make_delegate(event, 1, "jp")
    assert client_for().get(URL + "meetings/").status_code == 401
    from tests.factories import UserFactory

    stranger = UserFactory(username="stranger")
    assert client_for(stranger).get(URL + "meetings/").status_code == 404
    assert (
        client_for(stranger).get(URL + f"recommendations/?registration={a.pk}").status_code == 404
    )


def test_no_drafts_or_others_meetings_and_no_run_for_delegates(event, organiser):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    c, d = make_delegate(event, 3, "jp"), make_delegate(event, 4, "cn")
    services.generate_slots(event)
    services.set_tables(event, 2)
    for x, y in ((a, b), (c, d)):
        request, _created = services.request_meeting(x, y)
        services.accept(request)
    run = services.start_run(event, actor=organiser)
    run.refresh_from_db()
    assert run.status == "done"
    client = client_for(user_of(a))
    assert client.get(URL + "meetings/").json()["count"] == 0  # a draft is not shown
    assert client.get(URL + f"meetings/?run={run.pk}").json()["count"] == 0
    assert client.get(URL + f"schedule-runs/{run.pk}/").status_code == 403
    assert client.post(URL + "schedule-runs/", {}).status_code == 403
    services.publish_run(run)
    mine = client.get(URL + "meetings/").json()
    assert mine["count"] == 1 and mine["results"][0]["participants"] == [a.pk, b.pk]
    assert client_for(organiser).get(URL + "meetings/").json()["count"] == 2
    # someone else's recommendations
    assert client.get(URL + f"recommendations/?registration={c.pk}").status_code == 404


def test_no_contact_details_without_consent(event, client):
    a = make_delegate(event, 1, "jp")
    shy = make_delegate(event, 2, "cn", consent=False)
    open_ = make_delegate(event, 3, "cn", consent=True)
    services.save_profile(shy, phone="+86 555 0101")
    services.save_profile(open_, phone="+86 555 0202")
    client.force_login(user_of(a))
    page = client.get(f"/en/{event.slug}/matchmaking/delegates/{shy.pk}/").content.decode()
    assert shy.email not in page and "555 0101" not in page
    page = client.get(f"/en/{event.slug}/matchmaking/delegates/{open_.pk}/").content.decode()
    assert open_.email in page and "555 0202" in page


def test_recommendations_come_from_the_other_side_with_a_reason(event):
    a = make_delegate(event, 1, "jp")
    near = make_delegate(event, 2, "cn")
    same_side = make_delegate(event, 3, "jp")
    services.add_opportunity(
        a,
        direction="need",
        kind="technology",
        area="elderly-care",
        title={"en": "Remote monitoring for care homes", "ja": "介護施設の遠隔見守り"},
    )
    services.add_opportunity(
        near,
        direction="offer",
        kind="technology",
        area="elderly-care",
        title={"en": "Remote monitoring for care homes", "zh-hans": "养老院远程监护"},
    )
    services.add_opportunity(
        same_side,
        direction="offer",
        kind="technology",
        area="elderly-care",
        title={"en": "Remote monitoring for care homes"},
    )
    r = client_for(user_of(a), "ja").get(URL + f"recommendations/?registration={a.pk}")
    assert r.status_code == 200, r.json()
    results = r.json()["results"]
    assert [x["registration"] for x in results] == [near.pk]
    assert results[0]["delegation"] == "cn"
    assert "介護施設の遠隔見守り" not in results[0]["reason"]  # their offer, in Japanese
    assert "介護" in results[0]["reason"] and "Remote monitoring" in results[0]["reason"]


def _published(event):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    services.generate_slots(event)
    services.set_tables(event, 1)
    services.accept(services.request_meeting(a, b)[0])
    run = services.start_run(event)
    services.publish_run(run)
    return run


def test_a_crashed_run_is_failed_and_the_published_schedule_untouched(event, organiser, settings):
    _published(event)
    settings.MATCHMAKING_RAISE = False
    with mock.patch(
        "liaison.scheduling.supervisor.solve_in_subprocess", side_effect=RuntimeError("boom")
    ):
        crashed = services.start_run(event)
    crashed.refresh_from_db()
    assert crashed.status == "failed" and "boom" in crashed.error
    client = client_for(organiser)
    assert client.get(URL + "meetings/").json()["count"] == 1
    assert client.get(URL + f"schedule-runs/{crashed.pk}/").json()["status"] == "failed"


def test_a_run_whose_worker_died_is_failed_by_its_missing_heartbeat(event, organiser, settings):
    _published(event)
    with mock.patch("liaison.matchmaking.tasks.enqueue_run"):  # no worker ever takes it
        run = services.start_run(event)
    assert runs.begin_run(run.pk) is not None  # a worker took it, then died
    client = client_for(organiser)
    assert client.get(URL + f"schedule-runs/{run.pk}/").json()["status"] == "running"
    settings.MATCHMAKING_HEARTBEAT_TIMEOUT = 0
    body = client.get(URL + f"schedule-runs/{run.pk}/").json()
    assert body["status"] == "failed" and "heartbeat" in body["error"]
    assert client.get(URL + "meetings/").json()["count"] == 1
    # the task delivered again later does nothing to a failed run
    from liaison.matchmaking.tasks import run_schedule

    run_schedule(run.pk)
    assert ScheduleRun.objects.get(pk=run.pk).status == "failed"


def test_cancel_a_queued_run_and_one_run_at_a_time(event, organiser):
    _published(event)
    with mock.patch("liaison.matchmaking.tasks.enqueue_run"):
        run = services.start_run(event)
    client = client_for(organiser, "ja")
    again = client.post(URL + "schedule-runs/", {}, format="json")
    assert again.status_code == 409
    r = client.post(URL + f"schedule-runs/{run.pk}/cancel/")
    assert r.status_code == 200 and r.json()["status"] == "failed"
    assert client.post(URL + f"schedule-runs/{run.pk}/publish/").status_code == 409
