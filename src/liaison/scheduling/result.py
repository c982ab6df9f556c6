"""A schedule, its evaluation against the hard rules, and the `liaison-schedule-result/1` writer."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .instance import Instance

RESULT_FORMAT = "liaison-schedule-result/1"

OPTIMAL = "optimal"  # weight and then breaks proven best (or every meeting held, breaks proven)
FEASIBLE = "feasible"  # a valid schedule, not proven best
INFEASIBLE = "infeasible"  # proven: no schedule satisfies the hard rules (require_all)
TIMEOUT = "timeout"  # no schedule and no proof within the time limit
STATUSES = (OPTIMAL, FEASIBLE, INFEASIBLE, TIMEOUT)


@dataclass(frozen=True, order=True)
class Assignment:
    meeting: int
    slot: int
    location: int
    interpreter: int | None = None  # for a meeting that needs one


@dataclass
class SlotPlan:
    """What a solver returns: a slot per held meeting, and what it proved.

    Locations of one mode are interchangeable, so solvers only respect the per-slot
    capacity of each mode; `solve.py` then gives every meeting its table or video room.
    """

    status: str  # one of STATUSES
    slot_of: dict[int, int] = field(default_factory=dict)  # meeting index -> slot index
    weight_upper_bound: int = 0
    breaks_lower_bound: int = 0
    solver: str = ""
    workers: int = 1
    notes: list[str] = field(default_factory=list)


@dataclass
class Result:
    status: str
    assignments: list[Assignment] = field(default_factory=list)
    #: meeting index -> reason (an English sentence with ``code`` and ``params``)
    unscheduled: dict[int, str] = field(default_factory=dict)
    weight_upper_bound: int = 0
    breaks_lower_bound: int = 0
    seconds: float = 0.0
    solver: str = ""
    workers: int = 1
    moved: int | None = None  # repair only: previously placed meetings now held elsewhere
    dropped: int | None = None  # repair only: previously placed meetings no longer held
    notes: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    violations: list[str]
    weight: int
    breaks: list[int]  # per participant

    @property
    def total_breaks(self) -> int:
        return sum(self.breaks)

    @property
    def ok(self) -> bool:
        return not self.violations


def participant_breaks(busy_slots: list[int]) -> int:
    """Maximal runs of idle slots between the first and last busy slot."""
    busy = sorted(set(busy_slots))
    return sum(1 for a, b in zip(busy, busy[1:]) if b > a + 1)


def evaluate(instance: Instance, assignments: list[Assignment]) -> Evaluation:
    """Check every hard rule and measure weight and breaks; the independent referee."""
    v: list[str] = []
    slot_of: dict[int, int] = {}
    location_use: set[tuple[int, int]] = set()
    interpreter_use: set[tuple[int, int]] = set()
    busy: list[list[int]] = [[] for _ in instance.participants]
    modes = instance.meeting_mode
    n_meetings, n_slots, n_locations = (
        len(instance.meetings),
        len(instance.slots),
        len(instance.locations),
    )
    for a in assignments:
        if not (0 <= a.meeting < n_meetings and 0 <= a.slot < n_slots):
            v.append(f"assignment {a} names no meeting or slot of the instance")
            continue
        m = instance.meetings[a.meeting]
        if not 0 <= a.location < n_locations:
            v.append(f"meeting {m.id} has no location")
            continue
        if a.meeting in slot_of:
            v.append(f"meeting {m.id} is scheduled twice")
            continue
        slot_of[a.meeting] = a.slot
        slot_id = instance.slots[a.slot].id
        loc = instance.locations[a.location]
        if loc.mode != modes[a.meeting]:
            v.append(f"meeting {m.id} is {modes[a.meeting]} but {loc.id} is {loc.mode}")
        if loc.capacity is not None and loc.capacity < len(m.participants):
            v.append(
                f"meeting {m.id} has {len(m.participants)} people but {loc.id} seats {loc.capacity}"
            )
        if (a.slot, a.location) in location_use:
            v.append(f"location {loc.id} holds two meetings in slot {slot_id}")
        location_use.add((a.slot, a.location))
        if m.interpreter is None and a.interpreter is not None:
            v.append(f"meeting {m.id} needs no interpreter but has one")
        elif m.interpreter is not None:
            pair = "-".join(sorted(m.interpreter))
            if a.interpreter is None or not 0 <= a.interpreter < len(instance.interpreters):
                v.append(f"meeting {m.id} needs a {pair} interpreter and has none")
            else:
                iv = instance.interpreters[a.interpreter]
                if iv.languages != m.interpreter:
                    v.append(f"meeting {m.id} needs a {pair} interpreter, {iv.id} is not one")
                if a.slot in iv.unavailable:
                    v.append(f"interpreter {iv.id} is unavailable in slot {slot_id}")
                if (a.slot, a.interpreter) in interpreter_use:
                    v.append(f"interpreter {iv.id} is in two meetings in slot {slot_id}")
                interpreter_use.add((a.slot, a.interpreter))
        if not instance.session_allows(m, a.slot):
            v.append(f"meeting {m.id} is outside its {m.session} session")
        if m.fixed_slot is not None and m.fixed_slot != a.slot:
            v.append(f"meeting {m.id} is not in its fixed slot")
        for p in m.participants:
            if a.slot in instance.participants[p].unavailable:
                v.append(f"{instance.participants[p].id} is unavailable in slot {slot_id}")
            busy[p].append(a.slot)
    for p, slots in enumerate(busy):
        person = instance.participants[p]
        if len(set(slots)) != len(slots):
            v.append(f"{person.id} has two meetings in one slot")
        if person.max_meetings is not None and len(slots) > person.max_meetings:
            v.append(f"{person.id} has more than {person.max_meetings} meetings")
        if person.max_consecutive is not None:
            # walked slot by slot (not with the solvers' bitmasks): the longest chain of
            # busy slots that are each consecutive with the next
            held, chain = set(slots), 0
            for t in range(n_slots):
                if t not in held:
                    chain = 0
                    continue
                chain = chain + 1 if chain and instance.consecutive(t - 1, t) else 1
                if chain > person.max_consecutive:
                    v.append(
                        f"{person.id} has more than {person.max_consecutive} meetings back "
                        f"to back (up to slot {instance.slots[t].id})"
                    )
                    break
    for k, t in slot_of.items():
        for j in instance.meetings[k].after:
            if j in slot_of and not slot_of[j] < t:
                v.append(
                    f"meeting {instance.meetings[k].id} must come after {instance.meetings[j].id}"
                )
    if instance.rules.require_all and len(slot_of) < len(instance.meetings):
        v.append(f"{len(instance.meetings) - len(slot_of)} meetings are not held (require_all)")
    breaks = [participant_breaks(s) for s in busy]
    d = instance.rules.fairness
    if d is not None and breaks and max(breaks) - min(breaks) > d:
        v.append(f"fairness: breaks range from {min(breaks)} to {max(breaks)}, more than {d} apart")
    weight = sum(instance.meetings[k].weight for k in slot_of)
    return Evaluation(v, weight, breaks)


def to_dict(instance: Instance, result: Result) -> dict[str, Any]:
    ev = evaluate(instance, result.assignments)
    assignments = sorted(result.assignments, key=lambda a: (a.slot, a.location, a.meeting))
    stats: dict[str, Any] = {
        "meetings_requested": len(instance.meetings),
        "meetings_scheduled": len(result.assignments),
        "weight_scheduled": ev.weight,
        "weight_upper_bound": result.weight_upper_bound,
        "breaks": ev.total_breaks,
        "breaks_lower_bound": result.breaks_lower_bound,
        "max_breaks_per_participant": max(ev.breaks, default=0),
        "seconds": round(result.seconds, 3),
        "solver": result.solver,
        "workers": result.workers,
    }
    if result.moved is not None:
        stats["moved"] = result.moved
        stats["dropped"] = result.dropped
    doc: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "name": instance.name,
        "status": result.status,
        "assignments": [_assignment_dict(instance, a) for a in assignments],
        "unscheduled": [
            {"meeting": instance.meetings[k].id, "reason": str(reason), **_code(reason)}
            for k, reason in sorted(result.unscheduled.items())
        ],
        "stats": stats,
    }
    if result.notes:
        doc["notes"] = result.notes
    return doc


def _assignment_dict(instance: Instance, a: Assignment) -> dict[str, Any]:
    out = {
        "meeting": instance.meetings[a.meeting].id,
        "slot": instance.slots[a.slot].id,
        "location": instance.locations[a.location].id,
    }
    if a.interpreter is not None:
        out["interpreter"] = instance.interpreters[a.interpreter].id
    return out


def _code(reason: str) -> dict[str, Any]:
    """The stable code and parameters of a reason (explain.Reason), when it has them."""
    code = getattr(reason, "code", None)
    return {} if code is None else {"code": code, "params": reason.params}


def dumps(instance: Instance, result: Result) -> str:
    return json.dumps(to_dict(instance, result), ensure_ascii=False, indent=1) + "\n"


def read_result(instance: Instance, doc: Any) -> list[Assignment]:
    """Read a previous result's assignments (for repair), skipping entries no longer valid ids.

    Returns the assignments whose meeting, slot and location still exist.
    """
    if not isinstance(doc, dict) or doc.get("format") != RESULT_FORMAT:
        raise ValueError(f"the previous result must be a {RESULT_FORMAT} document")
    meetings = {m.id: k for k, m in enumerate(instance.meetings)}
    slots = {s.id: t for t, s in enumerate(instance.slots)}
    locations = {loc.id: j for j, loc in enumerate(instance.locations)}
    interpreters = {iv.id: i for i, iv in enumerate(instance.interpreters)}
    out = []
    for entry in doc.get("assignments", []):
        if not isinstance(entry, dict):
            continue
        k, t, j = (
            meetings.get(entry.get("meeting")),
            slots.get(entry.get("slot")),
            locations.get(entry.get("location")),
        )
        if k is not None and t is not None and j is not None:
            out.append(Assignment(k, t, j, interpreters.get(entry.get("interpreter"))))
    return out
