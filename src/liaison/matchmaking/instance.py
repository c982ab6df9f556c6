"""Turning an event's matchmaking into the scheduler's ``liaison-schedule/1`` document
(/work/shared/design/scheduling.md) and back. Read-only: the services store what comes back.

Ids: slot ``S<pk>``, table ``T<number>`` (on site), video room ``V<number>`` (online),
participant ``p<registration pk>``, meeting ``m<request pk>``. On-site delegates meet at
tables; a meeting with anyone online is held in a video room (the scheduler's rule: a
meeting is on site only when all its participants are).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from liaison.registration.models import RegistrationStatus

from .models import (
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Profile,
    RequestStatus,
    Table,
    VideoRoom,
)

FORMAT = "liaison-schedule/1"


def slot_id(pk: int) -> str:
    return f"S{pk}"


def participant_id(pk: int) -> str:
    return f"p{pk}"


def meeting_id(pk: int) -> str:
    return f"m{pk}"


def pk_of(some_id: str) -> int:
    return int(some_id[1:])


def schedulable_requests(event):
    """Accepted requests whose two delegates are both still approved."""
    return (
        MeetingRequest.objects.filter(
            event=event,
            status=RequestStatus.ACCEPTED,
            requester__status=RegistrationStatus.APPROVED,
            recipient__status=RegistrationStatus.APPROVED,
        )
        .select_related("requester__delegation", "recipient__delegation")
        .order_by("id")
    )


def build(event) -> dict:
    """The event's liaison-schedule/1 instance."""
    zone = ZoneInfo(event.timezone)
    slots = [
        {
            "id": slot_id(s.pk),
            "start": s.starts_at.astimezone(zone).isoformat(),
            "end": s.ends_at.astimezone(zone).isoformat(),
            "session": "morning" if s.starts_at.astimezone(zone).hour < 12 else "afternoon",
        }
        for s in MeetingSlot.objects.filter(event=event).order_by("starts_at", "id")
    ]
    locations = [
        {"id": f"T{t.number}", "mode": "onsite", "capacity": t.seats}
        for t in Table.objects.filter(event=event)
    ] + [{"id": f"V{v.number}", "mode": "online"} for v in VideoRoom.objects.filter(event=event)]
    participants: dict[int, dict] = {}
    meetings = []
    in_a_row = dict(
        Profile.objects.filter(event=event, max_back_to_back__isnull=False).values_list(
            "registration_id", "max_back_to_back"
        )
    )
    for request in schedulable_requests(event):
        for reg in (request.requester, request.recipient):
            if reg.pk not in participants:
                participants[reg.pk] = {
                    "id": participant_id(reg.pk),
                    "side": reg.delegation.code if reg.delegation else None,
                    "mode": reg.mode,
                }
                if in_a_row.get(reg.pk):
                    participants[reg.pk]["max_consecutive"] = in_a_row[reg.pk]
        meetings.append(
            {
                "id": meeting_id(request.pk),
                "participants": [
                    participant_id(request.requester_id),
                    participant_id(request.recipient_id),
                ],
                "weight": request.weight,
                "session": "any",
            }
        )
    return {
        "format": FORMAT,
        "name": event.slug,
        "slots": slots,
        "locations": locations,
        "participants": [participants[k] for k in sorted(participants)],
        "meetings": meetings,
        "rules": {"fairness": None, "require_all": False},
    }


def keep_assignments(instance, meetings) -> list:
    """The scheduler's ``keep`` list from published meetings (those still in ``instance``)."""
    from liaison.scheduling.result import Assignment

    meeting_index = {m.id: k for k, m in enumerate(instance.meetings)}
    slot_index = {s.id: t for t, s in enumerate(instance.slots)}
    location_index = {loc.id: j for j, loc in enumerate(instance.locations)}
    keep = []
    for m in meetings:
        k = meeting_index.get(meeting_id(m.request_id))
        t = slot_index.get(slot_id(m.slot_id))
        where = f"T{m.table.number}" if m.table_id else f"V{m.video_room.number}"
        j = location_index.get(where)
        if k is not None and t is not None and j is not None:
            keep.append(Assignment(k, t, j))
    return keep


def published_meetings(run):
    """A run's meetings that are still on (not cancelled since), with their places."""
    return Meeting.objects.filter(run=run, cancelled_at__isnull=True).select_related(
        "table", "video_room"
    )
