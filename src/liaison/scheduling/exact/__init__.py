"""Exact solver: proves the lexicographic optimum (weight, moved meetings, breaks).

The breaks are what makes the B2B problem hard, and a time-indexed CP model hardly ever
proves them (see shared/benchmarks/b2b-jair2022/README.md).  This solver therefore works in
two parts:

1. Tier (1), the total weight of held meetings, is maximised with CP-SAT, whose LP bound
   is strong for that objective (``weight.py``).  With ``require_all`` it is skipped.
2. Tiers (2) and (3) are decided on a SAT encoding (``encoding.py``), with the weight
   fixed to the tier (1) value, by *bottom-up* search (``search.py``): "is there a
   schedule with at most ``B`` breaks?" for ``B = 0, 1, ...``.  The first ``yes`` is the
   optimum, and every ``no`` is a proven lower bound.  Published optima are small
   (0-6 breaks at fairness 2), so a handful of SAT calls settles them.

Read in this order: ``prep.py`` (domains, symmetry groups, cheap infeasibility proofs),
``weight.py``, ``encoding.py``, ``search.py`` (what one process does), ``coordinator.py``
(which process does what, and when), ``params.py`` (every tunable rule, with the
measurement that chose it), and ``solve_exact`` below, which ties them together and
keeps the time limit.

The proof runs in a forked process (CaDiCaL cannot be interrupted; the process is killed
at the time limit).  With two workers the other core works meanwhile.  With a time limit
of 10 s or more, as soon as the first schedule is known, the two lowest open bounds are
decided at once: the prover keeps the lower one and Kissat (one fresh run per bound,
``_find_at``, on the model without symmetry-breaking clauses) asks for a schedule with one
break more.  While the prover climbs quickly, the Kissat run moves up with it; when the
prover reaches the bound of a Kissat run that has worked on it for ``MOVE_UP`` seconds,
or has not raised the bound for ``PROVER_STALL`` seconds, or Kissat has answered its
question, its core goes to a second Kissat run.  With a shorter limit the other core
first improves a schedule by large-neighbourhood search (``_improve_lns``) for a fifth of
it, since a short limit rarely proves a hard file.  Proving lower bounds is rarely the
slow step; on the hardest files *finding* a schedule at the optimum is, and Kissat is the
faster at both.  A schedule with as many breaks as a proven lower bound is optimal,
whichever process found it.  At the time limit (or on a cancellation) the best schedule
found, with the best lower bound proven, is returned.

Time: the limit bounds the whole call.  CP-SAT gets at most ``WEIGHT_SHARE`` of it; the
children are killed ``reserve`` seconds before the end, which an interruptible Glucose
search then uses; when the limit is already spent after tier (1) (a loaded machine),
tier (1)'s schedule is returned as it is, without building the SAT model.

Each search is single-threaded and deterministic, and CP-SAT (tier 1 only) hands only its
proven optimum *value* to the SAT part.  A result proven within the first seconds (most
instances) therefore never depends on timing; a longer one is the same optimum value on
every machine, but which of the two searches got there first, and so which optimal
schedule is returned, can depend on the machine's speed.  (Racing two differently seeded
proofs with the winner decided by conflict counts was tried: CaDiCaL then has to stop
every few thousand conflicts, which made each proof several times slower.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..instance import Instance
from ..progress import Monitor
from ..result import FEASIBLE, INFEASIBLE, OPTIMAL, TIMEOUT, SlotPlan
from . import coordinator, params
from .encoding import _Sat
from .prep import _clusters, _matching_size, _Prep
from .search import _breaks_of, _find_at, _improve_lns, _sat_phase
from .weight import _cpsat_weight

__all__ = [
    "solve_exact",
    "_Prep",
    "_Sat",
    "_clusters",
    "_matching_size",
    "_find_at",
    "_improve_lns",
]


def solve_exact(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    keep: dict[int, int] | None = None,
    hint: dict[int, int] | None = None,
    progress: Callable[[str], None] | None = None,
    monitor: Monitor | None = None,
) -> SlotPlan:
    start = time.monotonic()
    deadline = start + time_limit
    if monitor is not None:
        deadline = min(deadline, monitor.deadline)
        time_limit = max(0.0, deadline - start)
    notes: list[str] = []

    def say(msg: str) -> None:
        if progress is not None:
            progress(msg)
        if monitor is not None:
            monitor.say(msg)

    prep = _Prep(instance, keep)
    keep = {k: t for k, t in (keep or {}).items() if 0 <= k < len(instance.meetings)}
    solver_name = f"exact(sat:{params.SAT_SOLVER})"

    if prep.require_all:
        reason = prep.infeasibility_reason()
        if reason:
            say(f"infeasible: {reason}")
            return SlotPlan(INFEASIBLE, {}, 0, 0, solver_name, 1, [reason])

    # ---- tier 1 ----------------------------------------------------------------------
    fallback: dict[int, int] = {}
    if prep.require_all:
        w_best = w_bound = prep.total_weight
        w_proven = True
    else:
        if monitor is not None:
            monitor.say("weight: CP-SAT", phase="weight search")
        budget = max(
            0.05, min(params.WEIGHT_SHARE * time_limit, deadline - time.monotonic() - 0.05)
        )
        st, w_best, w_bound, fallback = _cpsat_weight(
            prep, budget, workers, seed, hint, monitor.stopped if monitor else None
        )
        if monitor is not None:
            monitor.bounds(weight_ub=w_bound)
            if fallback or st == OPTIMAL:
                monitor.incumbent(fallback)
        w_proven = st == OPTIMAL
        say(f"weight {w_best}, upper bound {w_bound}" + (" (optimal)" if w_proven else ""))
        solver_name = f"exact(cp-sat+sat:{params.SAT_SOLVER})"
        if not w_proven:
            notes.append(f"weight not proven optimal: {w_best} <= {w_bound}")

    if monitor is not None:
        monitor.bounds(weight_ub=w_bound, breaks_lb=0)

    cells = sum(len(d) for d in prep.dom)
    if deadline - time.monotonic() < params.BUILD_SECONDS_PER_CELL * cells + 0.1:
        # too little time left to build the SAT model (a short limit, a loaded machine):
        # tier (1)'s schedule as it is, or none
        say("no time left for the breaks: returning the weight tier's schedule")
        notes.append("time limit reached before the breaks were searched")
        if fallback:
            return SlotPlan(FEASIBLE, fallback, w_bound, 0, solver_name, workers, notes)
        return SlotPlan(TIMEOUT, {}, w_bound, 0, solver_name, 1, notes + ["no schedule found"])

    # ---- tiers 2 and 3 on the SAT model ------------------------------------------------
    enc = _Sat(prep, None if prep.require_all else w_best)
    improver = workers >= 2 and not keep
    share, most = params.RESERVE_WITH_WORKER if improver else params.RESERVE_ALONE
    reserve = min(share * time_limit, most)
    stop_at = deadline - reserve
    # the two rules below are about the caller's limit: solve() passes its own limit less
    # the seconds it keeps for the check (0.06 s on the originals), and a 10 s call must
    # not count as a short one (with 9.94 < 10, LNS took the second core for 2 s and
    # ticf-13crafb ended at 17 breaks instead of its proven optimum of 3)
    asked = monitor.time_limit if monitor is not None else time_limit
    below, share, after = params.FINDER_AFTER
    find_at = start + (share * time_limit if asked < below else after)
    find_until = stop_at - (params.FINDER_UNTIL[0] if asked >= params.FINDER_UNTIL[1] else 0.0)
    if monitor is not None:
        monitor.say("breaks: SAT search", phase="breaks search")
    cancelled = monitor.stopped if monitor is not None else None
    res = coordinator._sat_in_child(
        prep, enc, keep, hint, stop_at, say, improver, (find_at, find_until), monitor
    )
    if (res is None or res.get("final") is None) and cancelled is not None and cancelled():
        info = res or {}
        if info.get("plan") is not None:
            plan = info["plan"]
            value = _breaks_of(instance, plan)
            lo = min(info.get("lo", 0), value)
            res = {"final": "ok", "plan": plan, "lo": lo, "breaks": value, "proven": False}
            res["notes"] = ["cancelled: the schedule is the best found so far"]
        else:
            res = {"final": "timeout"}
    left = deadline - time.monotonic()
    if (res is None or res.get("final") is None) and (
        left < params.LOAD_SECONDS_PER_CLAUSE * len(enc.clauses) + 0.05
    ):
        # no time to load the model into an interruptible solver: the best schedule
        # the children reported, with their bound
        info = res or {}
        if info.get("plan") is not None:
            plan = info["plan"]
            value = _breaks_of(instance, plan)
            lo = min(info.get("lo", 0), value)
            res = {"final": "ok", "plan": plan, "lo": lo, "breaks": value, "proven": lo >= value}
            res["notes"] = [] if lo >= value else [f"breaks not proven minimal: {lo} <= {value}"]
        else:
            res = {"final": "timeout"}
    if res is None or res.get("final") is None:
        # the proof did not finish: improve the best schedule known with an
        # interruptible solver in the time left
        info = res or {}
        say("improving the best schedule in the time left")
        res = _sat_phase(
            prep,
            enc,
            keep,
            info.get("plan") or hint,
            deadline,
            say,
            lambda *a: None,
            solver=params.FALLBACK_SOLVER,
            start_lo=info.get("lo", 0),
            moved=info.get("moved"),
            top_down=True,
            stopped=cancelled,
        )
    final = res["final"]
    if final == "infeasible":
        if prep.require_all:
            return SlotPlan(
                INFEASIBLE, {}, 0, 0, solver_name, 1, ["no schedule meets the hard rules"]
            )
        return SlotPlan(FEASIBLE, fallback, w_bound, 0, solver_name, workers, notes)
    if final == "timeout":
        if fallback:
            return SlotPlan(
                FEASIBLE,
                fallback,
                w_bound,
                0,
                solver_name,
                workers,
                notes + ["time limit reached before the SAT model answered"],
            )
        return SlotPlan(TIMEOUT, {}, w_bound, 0, solver_name, 1, notes + ["no schedule found"])
    plan, lo, cur = res["plan"], res["lo"], res["breaks"]
    notes.extend(res["notes"])
    proven = w_proven and res["proven"]
    status = OPTIMAL if proven else FEASIBLE
    return SlotPlan(
        status,
        dict(sorted(plan.items())),
        w_bound,
        min(lo, cur),
        solver_name,
        workers if not prep.require_all or improver else 1,
        notes,
    )
