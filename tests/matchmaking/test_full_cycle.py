"""The whole cycle through the API: requests, accepts, a run, publication, a withdrawal and
its repair, with an independent check of the schedule after each step."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.core import mail

from liaison.matchmaking import services
from liaison.matchmaking.models import Meeting, MeetingSlot, ScheduleRun
from liaison.programme.models import AgendaItem

from .conftest import client_for, make_delegate, user_of

pytestmark = pytest.mark.django_db(transaction=True)


def check_schedule(event, meetings) -> None:
    """Independent of the scheduler: nobody in two places at once, no table or room used
    twice in a slot, every meeting inside the event's slots (inside the matchmaking block),
    on-site pairs at a table, anyone online in a video room."""
    block = AgendaItem.objects.get(event=event, kind="matchmaking")
    slots = {s.pk: s for s in MeetingSlot.objects.filter(event=event)}
    seen_person, seen_place = set(), set()
    for m in meetings:
        slot = slots[m.slot_id]
        assert block.starts_at <= slot.starts_at < slot.ends_at <= block.ends_at
        for reg in (m.request.requester, m.request.recipient):
            assert (reg.pk, slot.pk) not in seen_person, f"{reg} twice in slot {slot}"
            seen_person.add((reg.pk, slot.pk))
        place = ("T", m.table_id) if m.table_id else ("V", m.video_room_id)
        assert (place, slot.pk) not in seen_place, f"{place} double-booked"
        seen_place.add((place, slot.pk))
        online = "online" in (m.request.requester.mode, m.request.recipient.mode)
        assert (m.video_room_id is not None) == online
        assert m.request.status == "accepted"


def agenda_keys(meetings) -> dict:
    out = defaultdict(set)
    for m in meetings:
        for reg in (m.request.requester_id, m.request.recipient_id):
            out[reg].add((m.request_id, m.slot_id, m.table_id, m.video_room_id))
    return out


def test_requests_run_publish_withdraw_repair(event, organiser):
    jp = [make_delegate(event, i, "jp", mode="online" if i == 3 else "onsite") for i in range(4)]
    cn = [make_delegate(event, i, "cn") for i in range(4)]
    org = client_for(organiser)
    url = f"/api/v1/events/{event.slug}/"

    services.generate_slots(event, minutes=20)  # inside the programme's matchmaking block
    assert MeetingSlot.objects.filter(event=event).count() == 6
    services.set_tables(event, 2)
    services.set_video_rooms(event, 2)

    # every Japanese delegate asks three Chinese delegates; one answer is a decline
    request_ids = []
    for i, a in enumerate(jp):
        client = client_for(user_of(a))
        for b in (cn[i], cn[(i + 1) % 4], cn[(i + 2) % 4]):
            r = client.post(
                url + "meeting-requests/", {"to": b.pk, "message": "よろしく"}, format="json"
            )
            assert r.status_code == 201, r.json()
            request_ids.append((r.json()["id"], b))
        again = client.post(url + "meeting-requests/", {"to": cn[i].pk}, format="json")
        assert again.status_code == 200  # a double submission finds the first
        assert again.json()["id"] == request_ids[-3][0]
    for k, (pk, recipient) in enumerate(request_ids):
        action = "decline" if k == 0 else "accept"
        r = client_for(user_of(recipient)).post(url + f"meeting-requests/{pk}/{action}/")
        assert r.status_code == 200, r.json()
        assert r.json()["status"] == ("declined" if k == 0 else "accepted")

    # a full run (inline without a broker): done, with its proven bound
    r = org.post(url + "schedule-runs/", {}, format="json")
    assert r.status_code == 202, r.json()
    run_id = r.json()["id"]
    status = org.get(url + f"schedule-runs/{run_id}/").json()
    assert status["status"] == "done" and status["progress"] == 1.0
    assert status["weight"] <= status["weight_upper_bound"]
    assert status["meetings_requested"] == 11
    run = ScheduleRun.objects.get(pk=run_id)
    drafts = list(
        Meeting.objects.filter(run=run).select_related("request__requester", "request__recipient")
    )
    check_schedule(event, drafts)
    assert len(drafts) + len(status["unscheduled"]) == 11

    # a delegate sees no draft
    first = client_for(user_of(jp[0]))
    assert first.get(url + "meetings/").json()["count"] == 0

    mail.outbox.clear()
    r = org.post(url + f"schedule-runs/{run_id}/publish/")
    assert r.status_code == 200 and r.json()["published"]
    with_meetings = {
        reg for m in drafts for reg in (m.request.requester_id, m.request.recipient_id)
    }
    assert len(mail.outbox) == len(with_meetings)
    assert org.get(url + "meetings/").json()["count"] == len(drafts)
    own = first.get(url + "meetings/").json()["results"]
    assert own and all(jp[0].pk in m["participants"] for m in own)

    before = agenda_keys(drafts)
    # cn[1] withdraws through the registration API: their meetings go, the rest stays
    mail.outbox.clear()
    leaver = cn[1]
    r = client_for(user_of(leaver)).post(
        f"/api/v1/events/{event.slug}/registrations/{leaver.pk}/withdraw/"
    )
    assert r.status_code == 200, r.json()
    repair = ScheduleRun.objects.filter(event=event, kind="repair").get()
    assert repair.status == "done" and repair.published_at is not None
    after_meetings = list(
        Meeting.objects.filter(run=repair).select_related(
            "request__requester", "request__recipient"
        )
    )
    check_schedule(event, after_meetings)
    after = agenda_keys(after_meetings)
    assert leaver.pk not in after
    # repair moved only what it had to: every meeting without the leaver kept its place
    kept = {
        (m.request_id, m.slot_id, m.table_id, m.video_room_id)
        for m in drafts
        if leaver.pk not in (m.request.requester_id, m.request.recipient_id)
    }
    now = {(m.request_id, m.slot_id, m.table_id, m.video_room_id) for m in after_meetings}
    assert kept <= now
    assert repair.moved == 0
    # only the people whose agenda changed were told (the leaver is gone and not told)
    changed = {
        reg
        for reg in set(before) | set(after)
        if before.get(reg, set()) != after.get(reg, set()) and reg != leaver.pk
    }
    # (the leaver's one e-mail is registration's confirmation of the withdrawal)
    assert [m.to[0] for m in mail.outbox].count(leaver.email) == 1
    told = {m.to[0] for m in mail.outbox} - {leaver.email}
    from liaison.registration.models import Registration

    assert told == {Registration.objects.get(pk=pk).email for pk in changed}
    assert changed  # the leaver's counterparts
