"""Why a meeting was not scheduled: a stable reason code with parameters (for the web
app, which says it in Chinese, Japanese or English) and an English sentence (for the
command line and the result file).

A :class:`Reason` *is* its English sentence (a ``str``), with ``code`` and ``params``
attached.  Parameters name entries by their ids (participants, slots, meetings,
languages), never by position, so that a translation needs nothing but the reason.

The codes (see docs/scheduling.md for the parameters of each):

``no_location_of_mode``, ``fixed_slot_unavailable``, ``fixed_slot_outside_session``,
``no_table_large_enough``, ``no_interpreter_of_pair``, ``no_common_free_slot``,
``max_meetings_reached``, ``max_consecutive_reached``, ``locations_taken``,
``interpreters_taken``,
``participants_busy``, ``busy_or_full``, ``after_other_meetings``,
``before_other_meetings``, ``fairness_or_priority``, ``infeasible``, ``no_schedule``,
``cancelled``.
"""

from __future__ import annotations

from typing import Any

from .instance import ONLINE, Instance

MODE_PLACE = {"onsite": "table", ONLINE: "video room"}

#: Every code a Reason can carry (the web app's translation keys).
CODES = (
    "no_location_of_mode",
    "fixed_slot_unavailable",
    "fixed_slot_outside_session",
    "no_table_large_enough",
    "no_interpreter_of_pair",
    "no_common_free_slot",
    "max_meetings_reached",
    "max_consecutive_reached",
    "locations_taken",
    "interpreters_taken",
    "participants_busy",
    "busy_or_full",
    "after_other_meetings",
    "before_other_meetings",
    "fairness_or_priority",
    "infeasible",
    "no_schedule",
    "cancelled",
)


class Reason(str):
    """An English sentence with a stable ``code`` and ``params`` (ids and numbers)."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, text: str, **params: Any) -> Reason:
        assert code in CODES, code
        self = super().__new__(cls, text)
        self.code = code
        self.params = params
        return self

    def __reduce__(self):
        return (_make_reason, (self.code, str(self), self.params))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


def _make_reason(code: str, text: str, params: dict[str, Any]) -> Reason:
    return Reason(code, text, **params)


def _names(ids: list[str]) -> str:
    if len(ids) <= 2:
        return " and ".join(ids)
    return ", ".join(ids[:-1]) + " and " + ids[-1]


def _slot_list(ids: list[str], limit: int = 4) -> str:
    more = len(ids) - limit
    return ", ".join(ids[:limit]) + (f" and {more} more" if more > 0 else "")


def infeasible_reason(why: str) -> Reason:
    return Reason("infeasible", f"the instance is infeasible: {why}", why=why)


def no_schedule_reason(cancelled: bool) -> Reason:
    if cancelled:
        return Reason("cancelled", "the solve was cancelled before a schedule was found")
    return Reason("no_schedule", "no schedule was found within the time limit")


class _ScheduleState:
    """Who is busy when, how full each slot is: computed once for all explanations."""

    def __init__(self, instance: Instance, slot_of: dict[int, int]) -> None:
        self.held_count = [0] * len(instance.participants)
        self.busy = [0] * len(instance.participants)  # bitmask of busy slots
        rows = instance.resources
        used = [[0] * len(instance.slots) for _ in rows]
        self.after_it: dict[int, list[int]] = {}
        for j, t in slot_of.items():
            m = instance.meetings[j]
            for p in m.participants:
                self.held_count[p] += 1
                self.busy[p] |= 1 << t
            for r in instance.resources_of[j]:
                used[r][t] += 1
        #: per resource row, the bitmask of slots where it is full
        self.full = [
            sum(1 << t for t, (u, c) in enumerate(zip(used[r], row.cap)) if u >= c)
            for r, row in enumerate(rows)
        ]
        for j, m in enumerate(instance.meetings):
            for before in m.after:
                self.after_it.setdefault(before, []).append(j)


def why_not_held(
    instance: Instance, k: int, slot_of: dict[int, int], state: _ScheduleState | None = None
) -> Reason:
    """The main reason meeting ``k`` is not in the schedule ``slot_of``."""
    meeting = instance.meetings[k]
    people = list(meeting.participants)
    pids = [instance.participants[p].id for p in people]
    who = _names(pids)
    mode = instance.meeting_mode[k]
    place = MODE_PLACE[mode]
    slot_id = [s.id for s in instance.slots]

    if not instance.locations_by_mode[mode]:
        return Reason(
            "no_location_of_mode", f"the event has no {place} for {mode} meetings", mode=mode
        )

    if meeting.fixed_slot is not None:
        slot = slot_id[meeting.fixed_slot]
        away = [
            instance.participants[p].id
            for p in people
            if meeting.fixed_slot in instance.participants[p].unavailable
        ]
        if away:
            return Reason(
                "fixed_slot_unavailable",
                f"{_names(away)} cannot attend its fixed slot {slot}",
                participants=away,
                slot=slot,
            )
        if not instance.session_allows(meeting, meeting.fixed_slot):
            return Reason(
                "fixed_slot_outside_session",
                f"its fixed slot {slot} is outside its {meeting.session} session",
                slot=slot,
                session=meeting.session,
            )

    size = len(people)
    if not instance.locations_fitting(mode, size):
        return Reason(
            "no_table_large_enough",
            f"no {place} seats {size} people",
            mode=mode,
            size=size,
        )
    if meeting.interpreter is not None and not instance.interpreters_of(meeting.interpreter):
        pair = sorted(meeting.interpreter)
        return Reason(
            "no_interpreter_of_pair",
            f"the event has no {'-'.join(pair)} interpreter",
            languages=pair,
        )

    allowed = instance.allowed_slots[k]
    common = instance.common_slots[k]
    if not allowed and common and meeting.interpreter is not None:
        pair = sorted(meeting.interpreter)
        ids = [slot_id[t] for t in common]
        return Reason(
            "no_interpreter_of_pair",
            f"no {'-'.join(pair)} interpreter is available in the slots {who} share "
            f"({_slot_list(ids)})",
            languages=pair,
            participants=pids,
            slots=ids,
        )
    if not allowed:
        session = "" if meeting.session == "any" else f" in the {meeting.session} session"
        return Reason(
            "no_common_free_slot",
            f"{who} have no free slot in common{session}",
            participants=pids,
            session=meeting.session,
        )

    state = state or _ScheduleState(instance, slot_of)
    held_count = state.held_count
    for p in people:
        limit = instance.participants[p].max_meetings
        if limit is not None and held_count[p] >= limit:
            pid = instance.participants[p].id
            return Reason(
                "max_meetings_reached",
                f"{pid} has reached the maximum of {limit} meetings "
                "with requests of higher or equal priority",
                participant=pid,
                limit=limit,
            )

    rows = instance.resources
    busy_mask = loc_full = iv_full = 0
    for p in people:
        busy_mask |= state.busy[p]
    for r in instance.resources_of[k]:
        if rows[r].mode is not None:
            loc_full |= state.full[r]
        else:
            iv_full |= state.full[r]
    limited = [p for p in people if instance.participants[p].max_consecutive is not None]
    busy_slots, full_slots, no_iv_slots, row_slots, order_slots = [], [], [], [], []
    in_a_row: list[int] = []  # who would have too many meetings back to back
    for t in allowed:
        bit = 1 << t
        if busy_mask & bit:
            busy_slots.append(t)
        elif loc_full & bit:
            full_slots.append(t)
        elif iv_full & bit:
            no_iv_slots.append(t)
        elif limited and (
            over := [p for p in limited if instance.too_many_in_a_row(p, state.busy[p] | bit)]
        ):
            row_slots.append(t)
            in_a_row.extend(p for p in over if p not in in_a_row)
        else:
            order_slots.append(t)
    busy_ids = [slot_id[t] for t in busy_slots]
    full_ids = [slot_id[t] for t in full_slots]
    row_ids = [slot_id[t] for t in row_slots]

    if row_slots and not full_slots and not no_iv_slots and not order_slots:
        # every slot they share is either taken by one of them or would give one of them
        # more meetings back to back than asked for
        row_people = [instance.participants[p] for p in in_a_row]
        text = (
            f"in the slots {who} share, "
            + _names([f"{q.id} (at most {q.max_consecutive})" for q in row_people])
            + f" would have more meetings back to back than asked for ({_slot_list(row_ids)})"
        )
        if busy_slots:
            text += f"; in the others one of them is in another meeting ({_slot_list(busy_ids)})"
        return Reason(
            "max_consecutive_reached",
            text,
            participants=[q.id for q in row_people],
            limits={q.id: q.max_consecutive for q in row_people},
            slots=row_ids,
            busy_slots=busy_ids,
        )

    if full_slots and not busy_slots and not order_slots and not no_iv_slots and not row_slots:
        return Reason(
            "locations_taken",
            f"every {place} is taken in the slots {who} share ({_slot_list(full_ids)})",
            participants=pids,
            mode=mode,
            slots=full_ids,
        )
    if no_iv_slots and not busy_slots and not order_slots and not full_slots and not row_slots:
        pair = sorted(meeting.interpreter or ())
        ids = [slot_id[t] for t in no_iv_slots]
        return Reason(
            "interpreters_taken",
            f"every {'-'.join(pair)} interpreter is taken in the slots {who} share "
            f"({_slot_list(ids)})",
            participants=pids,
            languages=pair,
            slots=ids,
        )
    if busy_slots and not full_slots and not order_slots and not no_iv_slots and not row_slots:
        return Reason(
            "participants_busy",
            f"in every slot {who} share ({_slot_list(busy_ids)}), one of them is "
            "already in a meeting of higher or equal priority",
            participants=pids,
            slots=busy_ids,
        )
    if order_slots:
        before = [instance.meetings[j].id for j in meeting.after if j in slot_of]
        if before:
            return Reason(
                "after_other_meetings",
                f"it must come after {', '.join(before)}, and no later slot {who} share has room",
                participants=pids,
                meetings=before,
            )
        after_it = [instance.meetings[j].id for j in state.after_it.get(k, [])]
        if after_it:
            return Reason(
                "before_other_meetings",
                f"it must come before {', '.join(after_it[:3])}, and no earlier slot has room",
                meetings=after_it,
            )
        return Reason(
            "fairness_or_priority",
            "holding it would leave a participant with more idle breaks than the fairness "
            "rule allows, or displace meetings of higher priority",
            participants=pids,
        )
    parts = []
    if busy_slots:
        parts.append(f"one of them is already in another meeting ({_slot_list(busy_ids)})")
    if full_slots:
        parts.append(f"every {place} is taken ({_slot_list(full_ids)})")
    if no_iv_slots:
        parts.append(
            "no interpreter is free (" + _slot_list([slot_id[t] for t in no_iv_slots]) + ")"
        )
    if row_slots:
        parts.append(
            f"one of them would have too many meetings back to back ({_slot_list(row_ids)})"
        )
    return Reason(
        "busy_or_full",
        f"in the slots {who} share, " + "; in the others ".join(parts),
        participants=pids,
        mode=mode,
        busy_slots=busy_ids,
        full_slots=full_ids,
        interpreter_slots=[slot_id[t] for t in no_iv_slots],
        back_to_back_slots=row_ids,
    )


def explain_all(instance: Instance, slot_of: dict[int, int]) -> dict[int, Reason]:
    state = _ScheduleState(instance, slot_of)
    return {
        k: why_not_held(instance, k, slot_of, state)
        for k in range(len(instance.meetings))
        if k not in slot_of
    }
