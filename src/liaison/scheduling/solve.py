"""The scheduler's front door: pick a solver for the instance's size, then place every held
meeting on a table or video room and explain every meeting left out."""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from typing import Any

from .explain import explain_all, infeasible_reason, no_schedule_reason
from .instance import Instance
from .progress import Monitor, Progress
from .result import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    TIMEOUT,
    Assignment,
    Result,
    SlotPlan,
    evaluate,
)

log = logging.getLogger(__name__)

#: Up to this many requested meetings the exact solver runs when every meeting must be held
#: (the published B2B events); beyond it the large-scale solver does.
EXACT_MAX_MEETINGS = 2500
#: With optional, weighted meetings the exact solver only pays on small instances (it proves
#: optimality there); above this the heuristic alone is better within event time limits.
PORTFOLIO_MAX_MEETINGS = 400
#: Seconds kept at the end of the limit, per meeting, for the location assignment, the
#: self-check and the reasons (106,414 meetings, none held: 5.4 s under a load of 12 on
#: 2 cores, about 2 s unloaded; 3e-5 left the 120 s run 0.8 s late under a load of 8),
#: at most half the limit.
FINISH_SECONDS_PER_MEETING = 5e-5


def still_valid(instance: Instance, previous: list[Assignment]) -> list[Assignment]:
    """The previous assignments that the current instance still allows where they are
    (slot, a location of its mode that seats it; the interpreter is given anew)."""
    valid = []
    for a in previous:
        if a.slot not in instance.allowed_slots[a.meeting]:
            continue
        loc = instance.locations[a.location]
        if loc.mode != instance.meeting_mode[a.meeting]:
            continue
        if loc.capacity is not None and loc.capacity < len(
            instance.meetings[a.meeting].participants
        ):
            continue
        valid.append(a)
    return valid


def assign_locations(
    instance: Instance, slot_of: dict[int, int], keep: list[Assignment] | None = None
) -> list[Assignment]:
    """Give each held meeting a location of its mode that seats it, and an interpreter
    of its pair when it needs one; kept meetings keep their location when they can.

    Per slot the largest meetings choose first, each taking the smallest free location
    that seats it: when the slot meets every resource row (``Instance.resources``) this
    never fails, because the locations that seat a meeting also seat every smaller one.
    A kept location is only honoured when the rest still fits; otherwise the slot is
    assigned afresh."""
    by_slot: dict[int, list[int]] = {}
    for k, t in slot_of.items():
        by_slot.setdefault(t, []).append(k)
    kept = {a.meeting: a.location for a in keep or [] if slot_of.get(a.meeting) == a.slot}
    out: list[Assignment] = []
    for t, ks in sorted(by_slot.items()):
        where = _locations_in_slot(instance, t, ks, kept)
        if where is None:
            where = _locations_in_slot(instance, t, ks, {})
        if where is None:  # the solver broke a capacity rule: a bug, never a silent drop
            raise RuntimeError(f"no free location for the meetings of slot {instance.slots[t].id}")
        interpreter = _interpreters_in_slot(instance, t, ks)
        out.extend(Assignment(k, t, where[k], interpreter.get(k)) for k in ks)
    return sorted(out)


def _locations_in_slot(
    instance: Instance, t: int, ks: list[int], kept: dict[int, int]
) -> dict[int, int] | None:
    """Largest meetings first, each the largest free location of its mode (which seats
    it if any free one does); kept meetings keep theirs.  O(meetings + locations)."""
    modes = instance.meeting_mode
    taken: set[int] = set()
    where: dict[int, int] = {}
    for k in sorted(ks):
        j = kept.get(k)
        if j is not None and j not in taken:
            where[k] = j
            taken.add(j)
    size = {k: len(instance.meetings[k].participants) for k in ks}
    order = _locations_by_size(instance)
    cursor = dict.fromkeys(order, 0)
    for k in sorted((k for k in ks if k not in where), key=lambda k: (-size[k], k)):
        mode = modes[k]
        pool, i = order[mode], cursor[mode]
        while i < len(pool) and pool[i] in taken:
            i += 1
        if i == len(pool):
            return None
        cap = instance.locations[pool[i]].capacity
        if cap is not None and cap < size[k]:
            return None
        where[k] = pool[i]
        taken.add(pool[i])
        cursor[mode] = i + 1
    return where


def _locations_by_size(instance: Instance) -> dict[str, list[int]]:
    """Per mode, the locations from the largest (no capacity given) to the smallest."""
    return {
        mode: sorted(
            locs,
            key=lambda j: (-(instance.locations[j].capacity or float("inf")), j),
        )
        for mode, locs in instance.locations_by_mode.items()
    }


def _interpreters_in_slot(instance: Instance, t: int, ks: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    taken: set[int] = set()
    for k in sorted(ks):
        pair = instance.meetings[k].interpreter
        if pair is None:
            continue
        free = [
            i
            for i in instance.interpreters_of(pair)
            if i not in taken and t not in instance.interpreters[i].unavailable
        ]
        if not free:  # a broken pool limit: the self-check reports the missing interpreter
            continue
        out[k] = free[0]
        taken.add(free[0])
    return out


class SelfCheckError(AssertionError):
    """A solver's result broke a rule or contradicted its own bounds (a bug). Raised
    only in strict mode (``LIAISON_SCHEDULING_STRICT=1``, set by the test suite);
    otherwise the result is downgraded and the finding logged as an error."""


def _strict() -> bool:
    return os.environ.get("LIAISON_SCHEDULING_STRICT", "") not in ("", "0")


def self_check(
    instance: Instance,
    status: str,
    assignments: list[Assignment],
    weight_ub: int,
    breaks_lb: int,
) -> tuple[str, int, int, list[Assignment], list[str]]:
    """Hold a solver's claims against the independent evaluator before they leave.

    - a schedule must satisfy every hard rule (``evaluate``); one that does not is
      replaced by the empty schedule (status ``feasible``, or ``timeout`` when every
      meeting must be held);
    - ``infeasible`` is only possible when every meeting must be held (otherwise the
      empty schedule is valid) and comes with no schedule;
    - the weight upper bound is at least the schedule's weight and at most the weight of
      all meetings; the breaks lower bound is at most the schedule's breaks when the
      schedule reaches the weight bound;
    - ``optimal`` only when the schedule meets both bounds.

    Returns (status, weight bound, breaks bound, assignments, notes); any note means
    something was corrected (and was logged as an error)."""
    found: list[str] = []
    total = sum(m.weight for m in instance.meetings)
    if status == INFEASIBLE:
        if not instance.rules.require_all:
            found.append("infeasible claimed, but without require_all nothing is required")
            status, assignments = FEASIBLE, []
        elif assignments:
            found.append("infeasible claimed with a schedule")
            assignments = []
    if status in (OPTIMAL, FEASIBLE):
        ev = evaluate(instance, assignments)
        if not ev.ok:
            found.append("invalid schedule: " + "; ".join(ev.violations[:3]))
            assignments = []
            status = TIMEOUT if instance.rules.require_all else FEASIBLE
            ev = evaluate(instance, assignments)
        if weight_ub < ev.weight or weight_ub > total:
            if weight_ub < ev.weight:
                found.append(f"weight upper bound {weight_ub} below the weight held {ev.weight}")
            weight_ub = total
        if ev.weight == weight_ub and ev.total_breaks < breaks_lb:
            found.append(f"breaks lower bound {breaks_lb} above a schedule's {ev.total_breaks}")
            breaks_lb = 0
        if status == OPTIMAL and (ev.weight, ev.total_breaks) != (weight_ub, breaks_lb):
            found.append(
                f"optimal claimed with weight {ev.weight} (bound {weight_ub}) and "
                f"{ev.total_breaks} breaks (bound {breaks_lb})"
            )
            status = FEASIBLE
    elif status == TIMEOUT:
        assignments = []
        weight_ub = min(max(weight_ub, 0), total) if weight_ub else total
    breaks_lb = max(0, breaks_lb)
    if found:
        message = f"{instance.name}: self-check: " + " | ".join(found)
        if _strict():
            raise SelfCheckError(message)
        log.error(message)
    return status, weight_ub, breaks_lb, assignments, [f"self-check: {f}" for f in found]


def _score(instance: Instance, plan: SlotPlan) -> tuple[int, int]:
    """Weight first, then fewer breaks (a valid plan only)."""
    if plan.status in (INFEASIBLE, TIMEOUT):
        return (-1, 0)
    ev = evaluate(instance, assign_locations(instance, plan.slot_of))
    if not ev.ok:
        return (-1, 0)
    return (ev.weight, -ev.total_breaks)


def _portfolio(
    instance: Instance,
    time_limit: float,
    workers: int,
    seed: int,
    keep_slots: dict[int, int] | None,
    monitor: Monitor,
) -> SlotPlan:
    """Event-size instances with optional meetings: the fast heuristic first, then the exact
    solver warm-started from it for the rest of the time; the better schedule wins and each
    one's proven bounds count."""
    from .exact import solve_exact
    from .large import solve_large

    quick = solve_large(
        instance, time_limit=time_limit * 0.5, seed=seed, keep=keep_slots, monitor=monitor
    )
    if quick.status == OPTIMAL:
        return quick
    remaining = monitor.left()
    if remaining < 0.5 or monitor.stopped():
        return quick
    proof = solve_exact(
        instance,
        time_limit=remaining,
        workers=workers,
        seed=seed,
        keep=keep_slots,
        hint=quick.slot_of,
        monitor=monitor,
    )
    if proof.status == OPTIMAL:
        return proof
    best = proof if _score(instance, proof) > _score(instance, quick) else quick
    upper = min(quick.weight_upper_bound, proof.weight_upper_bound or quick.weight_upper_bound)
    return SlotPlan(
        best.status,
        best.slot_of,
        upper,
        max(quick.breaks_lower_bound, proof.breaks_lower_bound),
        f"{quick.solver}+{proof.solver}",
        proof.workers,
        best.notes,
    )


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    keep: list[Assignment] | None = None,
    solver: str = "auto",
    progress: Callable[[Progress], None] | None = None,
    cancel: Any = None,
) -> Result:
    """Schedule ``instance``; with ``keep`` (a previous schedule), repair it instead.

    ``time_limit`` bounds the whole call (bounds, model building, every search and child
    process); ``progress`` receives :class:`Progress` events (at most two a second,
    besides one per better schedule, bound or phase); ``cancel`` (an Event, or a
    callable returning True) stops every phase, and the best schedule found so far is
    returned (status ``feasible``, or ``timeout`` when there is none).  Every result is
    checked by the evaluator before it is returned (``self_check``)."""
    if solver != "large" and multiprocessing.current_process().daemon:
        # a daemonic process (a worker of Celery's prefork pool) may not start the
        # exact solver's children: the same solve in a supervised subprocess instead
        from .supervisor import solve_in_subprocess

        return solve_in_subprocess(
            instance,
            time_limit=time_limit,
            progress=progress,
            cancel=cancel,
            workers=workers,
            seed=seed,
            keep=keep,
            solver=solver,
        )
    started = time.perf_counter()
    monitor = Monitor(instance, time_limit, progress, cancel)
    kept = still_valid(instance, keep) if keep else None
    keep_slots = {a.meeting: a.slot for a in kept} if kept is not None else None

    if solver == "auto":
        if len(instance.meetings) > EXACT_MAX_MEETINGS:
            solver = "large"
        elif instance.rules.require_all:
            solver = "exact"
        elif len(instance.meetings) <= PORTFOLIO_MAX_MEETINGS:
            solver = "portfolio"
        else:
            solver = "large"
    # the evaluator, the location assignment and the reasons take a moment on the
    # largest instances: the solvers stop that much earlier
    finish = min(0.5 * time_limit, 0.05 + FINISH_SECONDS_PER_MEETING * len(instance.meetings))
    limit = max(0.0, time_limit - finish)
    monitor.deadline = monitor.started + limit
    plan: SlotPlan
    if solver == "exact":
        from .exact import solve_exact

        plan = solve_exact(
            instance,
            time_limit=limit,
            workers=workers,
            seed=seed,
            keep=keep_slots,
            monitor=monitor,
        )
    elif solver == "large":
        from .large import solve_large

        plan = solve_large(instance, time_limit=limit, seed=seed, keep=keep_slots, monitor=monitor)
    elif solver == "portfolio":
        plan = _portfolio(instance, limit, workers, seed, keep_slots, monitor)
    else:
        raise ValueError(f"unknown solver {solver!r}: use auto, exact, large or portfolio")
    monitor.say("checking the schedule", phase="check")

    if plan.status == TIMEOUT and not instance.rules.require_all:
        # nothing is required: the empty schedule is valid
        plan.status, plan.slot_of = FEASIBLE, {}
    if plan.status in (INFEASIBLE, TIMEOUT):
        slot_of: dict[int, int] = {}
    else:
        slot_of = plan.slot_of
    try:
        assignments = assign_locations(instance, slot_of, kept)
    except RuntimeError as exc:  # a slot over capacity: the self-check reports it
        assignments = [Assignment(k, t, -1) for k, t in sorted(slot_of.items())]
        plan.notes.append(str(exc))
    status, weight_ub, breaks_lb, assignments, checked = self_check(
        instance, plan.status, assignments, plan.weight_upper_bound, plan.breaks_lower_bound
    )
    notes = list(plan.notes) + checked
    if monitor.was_cancelled and not any("cancelled" in n for n in notes):
        notes.append("cancelled: the schedule is the best found so far")
    if status == INFEASIBLE:
        why = "; ".join(plan.notes) or "no schedule holds every requested meeting under the rules"
        unscheduled = dict.fromkeys(range(len(instance.meetings)), infeasible_reason(why))
    elif status == TIMEOUT:
        reason = no_schedule_reason(monitor.was_cancelled)
        unscheduled = dict.fromkeys(range(len(instance.meetings)), reason)
    else:
        unscheduled = explain_all(instance, {a.meeting: a.slot for a in assignments})
    moved = dropped = None
    if keep is not None:
        # Every previously placed meeting that is still requested: held elsewhere = moved,
        # no longer held = dropped (whether or not the change made its old place invalid).
        where = {a.meeting: (a.slot, a.location) for a in assignments}
        moved = sum(
            1 for a in keep if a.meeting in where and where[a.meeting] != (a.slot, a.location)
        )
        dropped = sum(1 for a in keep if a.meeting not in where)
    result = Result(
        status=status,
        assignments=assignments,
        unscheduled=unscheduled,
        weight_upper_bound=weight_ub,
        breaks_lower_bound=breaks_lb,
        seconds=time.perf_counter() - started,
        solver=plan.solver,
        workers=plan.workers,
        moved=moved,
        dropped=dropped,
        notes=notes,
    )
    monitor.say(f"{status}: {len(assignments)}/{len(instance.meetings)} meetings", phase="done")
    return result
