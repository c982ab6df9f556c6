"""The scheduler's front door: pick a solver for the instance's size, then place every held
meeting on a table or video room and explain every meeting left out."""

from __future__ import annotations

import time
from collections.abc import Callable

from .explain import explain_all
from .instance import Instance
from .result import INFEASIBLE, TIMEOUT, Assignment, Result, SlotPlan

#: Up to this many requested meetings the exact solver runs (and proves what it can);
#: beyond it the large-scale solver does. Both return valid schedules.
EXACT_MAX_MEETINGS = 2500


def still_valid(instance: Instance, previous: list[Assignment]) -> list[Assignment]:
    """The previous assignments that the current instance still allows where they are."""
    valid = []
    for a in previous:
        if a.slot not in instance.allowed_slots[a.meeting]:
            continue
        if instance.locations[a.location].mode != instance.meeting_mode[a.meeting]:
            continue
        valid.append(a)
    return valid


def assign_locations(
    instance: Instance, slot_of: dict[int, int], keep: list[Assignment] | None = None
) -> list[Assignment]:
    """Give each held meeting a location of its mode; kept meetings keep theirs when free."""
    taken: set[tuple[int, int]] = set()
    out: dict[int, Assignment] = {}
    for a in sorted(keep or []):
        if slot_of.get(a.meeting) == a.slot and (a.slot, a.location) not in taken:
            out[a.meeting] = a
            taken.add((a.slot, a.location))
    modes = instance.meeting_mode
    for k in sorted(slot_of):
        if k in out:
            continue
        t = slot_of[k]
        for j in instance.locations_by_mode[modes[k]]:
            if (t, j) not in taken:
                taken.add((t, j))
                out[k] = Assignment(k, t, j)
                break
        else:  # the solver broke the capacity rule: a bug, never a silent drop
            raise RuntimeError(f"no free location for meeting {instance.meetings[k].id}")
    return sorted(out.values())


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    keep: list[Assignment] | None = None,
    solver: str = "auto",
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Schedule ``instance``; with ``keep`` (a previous schedule), repair it instead."""
    started = time.perf_counter()
    kept = still_valid(instance, keep) if keep else None
    keep_slots = {a.meeting: a.slot for a in kept} if kept is not None else None

    if solver == "auto":
        solver = "exact" if len(instance.meetings) <= EXACT_MAX_MEETINGS else "large"
    plan: SlotPlan
    if solver == "exact":
        from .exact import solve_exact

        plan = solve_exact(
            instance,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            keep=keep_slots,
            progress=progress,
        )
    elif solver == "large":
        from .large import solve_large

        plan = solve_large(
            instance, time_limit=time_limit, seed=seed, keep=keep_slots, progress=progress
        )
    else:
        raise ValueError(f"unknown solver {solver!r}: use auto, exact or large")

    if plan.status in (INFEASIBLE, TIMEOUT):
        slot_of: dict[int, int] = {}
    else:
        slot_of = plan.slot_of
    assignments = assign_locations(instance, slot_of, kept)
    if plan.status == INFEASIBLE:
        why = "; ".join(plan.notes) or "no schedule holds every requested meeting under the rules"
        unscheduled = dict.fromkeys(
            range(len(instance.meetings)), f"the instance is infeasible: {why}"
        )
    elif plan.status == TIMEOUT:
        unscheduled = dict.fromkeys(
            range(len(instance.meetings)), "no schedule was found within the time limit"
        )
    else:
        unscheduled = explain_all(instance, slot_of)
    moved = dropped = None
    if keep is not None:
        # Every previously placed meeting that is still requested: held elsewhere = moved,
        # no longer held = dropped (whether or not the change made its old place invalid).
        where = {a.meeting: (a.slot, a.location) for a in assignments}
        moved = sum(
            1 for a in keep if a.meeting in where and where[a.meeting] != (a.slot, a.location)
        )
        dropped = sum(1 for a in keep if a.meeting not in where)
    return Result(
        status=plan.status,
        assignments=assignments,
        unscheduled=unscheduled,
        weight_upper_bound=plan.weight_upper_bound,
        breaks_lower_bound=plan.breaks_lower_bound,
        seconds=time.perf_counter() - started,
        solver=plan.solver,
        workers=plan.workers,
        moved=moved,
        dropped=dropped,
        notes=list(plan.notes),
    )
