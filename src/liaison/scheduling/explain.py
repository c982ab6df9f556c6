"""Why a meeting was not scheduled, in words a delegate understands."""

from __future__ import annotations

from .instance import ONLINE, Instance

MODE_PLACE = {"onsite": "table", ONLINE: "video room"}


def _names(instance: Instance, people: list[int]) -> str:
    ids = [instance.participants[p].id for p in people]
    if len(ids) <= 2:
        return " and ".join(ids)
    return ", ".join(ids[:-1]) + " and " + ids[-1]


def _slot_list(instance: Instance, slots: list[int], limit: int = 4) -> str:
    ids = [instance.slots[t].id for t in slots[:limit]]
    more = len(slots) - limit
    return ", ".join(ids) + (f" and {more} more" if more > 0 else "")


class _ScheduleState:
    """Who is busy when, how full each slot is: computed once for all explanations."""

    def __init__(self, instance: Instance, slot_of: dict[int, int]) -> None:
        self.held_count = [0] * len(instance.participants)
        self.busy: set[tuple[int, int]] = set()
        self.per_slot_mode: dict[tuple[int, str], int] = {}
        self.after_it: dict[int, list[int]] = {}
        for j, t in slot_of.items():
            for p in instance.meetings[j].participants:
                self.held_count[p] += 1
                self.busy.add((p, t))
            key = (t, instance.meeting_mode[j])
            self.per_slot_mode[key] = self.per_slot_mode.get(key, 0) + 1
        for j, m in enumerate(instance.meetings):
            for before in m.after:
                self.after_it.setdefault(before, []).append(j)


def why_not_held(
    instance: Instance, k: int, slot_of: dict[int, int], state: _ScheduleState | None = None
) -> str:
    """The main reason meeting ``k`` is not in the schedule ``slot_of``."""
    meeting = instance.meetings[k]
    people = list(meeting.participants)
    who = _names(instance, people)
    mode = instance.meeting_mode[k]
    place = MODE_PLACE[mode]

    if not instance.locations_by_mode[mode]:
        return f"the event has no {place} for {mode} meetings"

    if meeting.fixed_slot is not None:
        slot = instance.slots[meeting.fixed_slot]
        away = [p for p in people if meeting.fixed_slot in instance.participants[p].unavailable]
        if away:
            return f"{_names(instance, away)} cannot attend its fixed slot {slot.id}"
        if not instance.session_allows(meeting, meeting.fixed_slot):
            return f"its fixed slot {slot.id} is outside its {meeting.session} session"

    allowed = instance.allowed_slots[k]
    if not allowed:
        session = "" if meeting.session == "any" else f" in the {meeting.session} session"
        return f"{who} have no free slot in common{session}"

    state = state or _ScheduleState(instance, slot_of)
    held_count, busy, per_slot_mode = state.held_count, state.busy, state.per_slot_mode
    for p in people:
        limit = instance.participants[p].max_meetings
        if limit is not None and held_count[p] >= limit:
            return (
                f"{instance.participants[p].id} has reached the maximum of {limit} meetings "
                "with requests of higher or equal priority"
            )

    capacity = len(instance.locations_by_mode[mode])
    busy_slots, full_slots, order_slots = [], [], []
    for t in allowed:
        if any((p, t) in busy for p in people):
            busy_slots.append(t)
        elif per_slot_mode.get((t, mode), 0) >= capacity:
            full_slots.append(t)
        else:
            order_slots.append(t)

    if full_slots and not busy_slots and not order_slots:
        return (
            f"every {place} is taken in the slots {who} share ({_slot_list(instance, full_slots)})"
        )
    if busy_slots and not full_slots and not order_slots:
        return (
            f"in every slot {who} share ({_slot_list(instance, busy_slots)}), one of them is "
            "already in a meeting of higher or equal priority"
        )
    if order_slots:
        before = [instance.meetings[j].id for j in meeting.after if j in slot_of]
        if before:
            return f"it must come after {', '.join(before)}, and no later slot {who} share has room"
        after_it = [instance.meetings[j].id for j in state.after_it.get(k, [])]
        if after_it:
            return f"it must come before {', '.join(after_it[:3])}, and no earlier slot has room"
        return (
            "holding it would leave a participant with more idle breaks than the fairness "
            "rule allows, or displace meetings of higher priority"
        )
    parts = []
    if busy_slots:
        parts.append(
            f"one of them is already in another meeting ({_slot_list(instance, busy_slots)})"
        )
    if full_slots:
        parts.append(f"every {place} is taken ({_slot_list(instance, full_slots)})")
    return f"in the slots {who} share, " + "; in the others ".join(parts)


def explain_all(instance: Instance, slot_of: dict[int, int]) -> dict[int, str]:
    state = _ScheduleState(instance, slot_of)
    return {
        k: why_not_held(instance, k, slot_of, state)
        for k in range(len(instance.meetings))
        if k not in slot_of
    }
