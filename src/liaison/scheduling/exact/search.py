"""The searches one process runs on the SAT model (each single-threaded, deterministic).

* ``_sat_phase``: the prover.  "Is there a schedule with at most ``B`` breaks?" for
  ``B = 0, 1, ...`` (``_bottom_up``, incremental CaDiCaL under assumptions): the first
  yes is the optimum, every no a proven lower bound.  With ``keep`` the moved meetings
  (tier 2) are minimised the same way first.
* ``_improve_lns``: large-neighbourhood search on the breaks (Glucose with a conflict
  budget per round).
* ``_find_at``: one Kissat run deciding one bound.
* ``_Runner``: a solver with a wall-clock deadline and a cancellation check, for the
  interruptible search that uses the time left after the children stop.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable

from pysat.card import CardEnc, ITotalizer
from pysat.solvers import Solver

from ..instance import Instance
from ..result import participant_breaks
from .encoding import _Sat
from .params import CANCEL_POLL, CARD, FALLBACK_SOLVER, FINDER_SOLVER, LNS_CONFLICTS, SAT_SOLVER
from .prep import _Prep


class _Runner:
    """A SAT solver with a wall-clock deadline (interrupt), deterministic otherwise."""

    def __init__(self, clauses, deadline: float, name: str = SAT_SOLVER, stopped=None) -> None:
        self.solver = Solver(name=name, bootstrap_with=clauses)
        self.deadline = deadline
        self.stopped = stopped  # a callable: true when the caller cancelled

    def solve(self, assumptions: list[int]) -> bool | None:
        """Solve under assumptions; None when the deadline (or a cancellation)
        interrupts the search.

        Glucose is interrupted by a watcher thread; the search itself never looks at the
        clock, so an answer found before the deadline does not depend on timing.
        """
        left = self.deadline - time.monotonic()
        if left <= 0 or (self.stopped is not None and self.stopped()):
            return None
        if left == float("inf") and self.stopped is None:
            return self.solver.solve(assumptions=assumptions)
        done = threading.Event()

        def watch() -> None:
            while not done.wait(min(CANCEL_POLL, max(0.0, self.deadline - time.monotonic()))):
                if time.monotonic() >= self.deadline or (
                    self.stopped is not None and self.stopped()
                ):
                    self.solver.interrupt()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            out = self.solver.solve_limited(assumptions=assumptions, expect_interrupt=True)
        finally:
            done.set()
            watcher.join()
            self.solver.clear_interrupt()
        return out

    def add(self, clauses) -> None:
        for c in clauses:
            self.solver.add_clause(c)

    def delete(self) -> None:
        self.solver.delete()


def _breaks_of(inst: Instance, slot_of: dict[int, int]) -> int:
    busy: list[list[int]] = [[] for _ in inst.participants]
    for k, t in slot_of.items():
        for p in inst.meetings[k].participants:
            busy[p].append(t)
    return sum(participant_breaks(b) for b in busy)


def _moved(keep: dict[int, int], slot_of: dict[int, int]) -> int:
    return sum(1 for k, t in keep.items() if slot_of.get(k) != t)


def _counter(run: _Runner, lits: list[int], width: int) -> ITotalizer:
    """An incremental totalizer of ``lits`` up to ``width``, added to the solver."""
    tot = ITotalizer(lits=lits, ubound=min(len(lits), width), top_id=run.top)
    run.top = max(run.top, tot.top_id)
    run.add(tot.cnf.clauses)
    return tot


def _bottom_up(
    run: _Runner,
    lits: list[int],
    lo: int,
    hi: int,
    fixed: list[int],
    value_of: Callable[[list[int]], int],
    say: Callable[[str], None],
    label: str,
    reserve: float = 0.0,
    on_lower: Callable[[int], None] | None = None,
    tot: ITotalizer | None = None,
) -> tuple[int, int, list[int] | None, list[int]]:
    """Minimise sum(lits) in [lo, hi] where a model with value hi is known.

    Bottom-up first ("at most lo?" for lo = 0, 1, ...): the first yes is optimal.  When
    the search has not finished ``reserve`` seconds before the deadline, the rest of the
    time goes to top-down improvement of the known schedule ("at most hi - 1?").

    ``tot``: a counter of ``lits`` already in the solver (one is built otherwise).

    Returns (lower bound, best value, best model or None, assumptions fixing the best).
    """
    n = len(lits)
    if tot is None:
        tot = _counter(run, lits, lo + 1)
    width = tot.ubound

    def at_most(b: int) -> list[int]:
        nonlocal width
        if b >= n:
            return []
        if b >= width:
            new = min(n, b + 8)
            tot.increase(ubound=new, top_id=run.top)
            run.top = max(run.top, tot.top_id)
            if tot.nof_new:
                run.add(tot.cnf.clauses[-tot.nof_new :])
            width = new
        return [-tot.rhs[b]]

    best_model = None
    final_deadline = run.deadline
    run.deadline = final_deadline - reserve if reserve != float("inf") else 0.0
    try:
        while lo < hi:
            out = run.solve(fixed + at_most(lo))
            if out is None:
                say(f"{label}: lower bound {lo}, best {hi}, improving the schedule")
                break
            if out is False:
                lo += 1
                say(f"{label} > {lo - 1}, lower bound {lo}")
                if on_lower is not None:
                    on_lower(lo)
                continue
            best_model = run.solver.get_model()
            hi = value_of(best_model)
            say(f"{label} = {hi}, optimal")
            break
        run.deadline = final_deadline
        while lo < hi:
            out = run.solve(fixed + at_most(hi - 1))
            if out is None:
                break
            if out is False:
                lo = hi
                say(f"{label} = {hi}, optimal (top-down)")
                break
            best_model = run.solver.get_model()
            hi = value_of(best_model)
            say(f"{label} <= {hi}, lower bound {lo}")
    finally:
        run.deadline = final_deadline
    return lo, hi, best_model, at_most(hi) if lo >= hi else []


def _sat_phase(
    prep: _Prep,
    enc: _Sat,
    keep: dict[int, int],
    hint: dict[int, int] | None,
    deadline: float,
    say: Callable[[str], None],
    report: Callable[[str, object], None],
    *,
    solver: str,
    start_lo: int = 0,
    moved: int | None = None,
    top_down: bool = False,
    stopped=None,
) -> dict:
    """Tiers (2) and (3) on the SAT model.  ``moved``: a proven minimum of tier (2)."""
    instance = prep.inst
    notes: list[str] = []
    run = _Runner(enc.clauses, deadline, solver, stopped)
    run.top = enc.top
    if hint:
        phases = [v if hint.get(k) == t else -v for (k, t), v in enc.x.items()]
        with contextlib.suppress(
            NotImplementedError, AttributeError
        ):  # no phases in some back-ends
            run.solver.set_phases(phases)
    # The breaks counter is in the formula from the first call on: added after it,
    # CaDiCaL needed 11 s instead of 3.6 s for the 0-break schedule of ticf-14crafa
    # (which, with Kissat, is now proven in 4-5 s instead of 12 s).
    breaks_tot = _counter(run, enc.break_starts, start_lo + 1) if enc.break_starts else None
    fixed: list[int] = []
    moved_lits: list[int] = []
    const = 0
    if keep:
        for k, t in keep.items():
            if (k, t) in enc.x:
                moved_lits.append(-enc.x[k, t])
            else:
                const += 1
        if moved is not None:
            _at_most(run, moved_lits, moved - const)
    say("looking for a first schedule")
    out = run.solve([])
    if out is None:
        run.delete()
        return {"final": "timeout"}
    if out is False:
        run.delete()
        say("infeasible (proven)")
        return {"final": "infeasible"}
    plan = enc.decode(run.solver.get_model())
    report("plan", plan)
    proven = True

    # ---- tier 2: kept meetings ---------------------------------------------------------
    if keep and moved is None:
        cur = _moved(keep, plan)
        say(f"moved {cur}")
        lo, hi, mdl, fix = _bottom_up(
            run,
            moved_lits,
            0,
            cur - const,
            fixed,
            lambda m: _moved(keep, enc.decode(m)) - const,
            say,
            "moved",
        )
        if mdl is not None:
            plan = enc.decode(mdl)
            report("plan", plan)
        if lo < hi:
            proven = False
            notes.append(f"moved meetings not proven minimal: {lo + const} <= {hi + const}")
            _at_most(run, moved_lits, hi)
        else:
            fixed = fixed + fix
            report("moved", hi + const)

    # ---- tier 3: breaks ----------------------------------------------------------------
    cur = _breaks_of(instance, plan)
    say(f"first schedule: {cur} breaks")
    lo = min(start_lo, cur)
    if cur > lo:

        def value(m: list[int]) -> int:
            return _breaks_of(instance, enc.decode(m))

        def improved(m: list[int]) -> None:
            report("plan", enc.decode(m))

        lo, hi, mdl, _ = _bottom_up(
            run,
            enc.break_starts,
            lo,
            cur,
            fixed,
            value,
            say,
            "breaks",
            float("inf") if top_down else 0.0,
            on_lower=lambda b: report("lo", b),
            tot=breaks_tot,
        )
        if mdl is not None:
            plan = enc.decode(mdl)
            cur = hi
    elif cur == 0:
        say("0 breaks, optimal")
    run.delete()
    if lo < cur:
        proven = False
        notes.append(f"breaks not proven minimal: {lo} <= {cur}")
    return {"final": "ok", "plan": plan, "lo": lo, "breaks": cur, "proven": proven, "notes": notes}


def _at_most(run: _Runner, lits: list[int], bound: int) -> list[int]:
    """Hard clauses sum(lits) <= bound added to the solver; returns no assumptions."""
    if bound < len(lits):
        cnf = CardEnc.atmost(lits=lits, bound=bound, top_id=run.top, encoding=CARD)
        run.top = max(run.top, cnf.nv)
        run.add(cnf.clauses)
    return []


def _improve_lns(prep: _Prep, enc: _Sat, hint, send, seed: int = 0) -> None:
    """The second core's job: improve a schedule's breaks by large-neighbourhood search.

    Each round frees the meetings of a few participants (one with breaks, and those it
    meets), keeps every other meeting in its slot (assumptions) and asks the SAT solver
    for a schedule with at most ``best - 1`` breaks under a conflict budget; a yes is
    the new schedule.  Sub-problems are small, so rounds are quick; the neighbourhood
    grows when rounds fail.  Only used when the proof does not finish in time."""
    inst = prep.inst
    solver = Solver(name=FALLBACK_SOLVER, bootstrap_with=enc.clauses)
    if hint:
        with contextlib.suppress(NotImplementedError, AttributeError):
            solver.set_phases([v if hint.get(k) == t else -v for (k, t), v in enc.x.items()])
    if not solver.solve():
        return
    plan = enc.decode(solver.get_model())
    best = _breaks_of(inst, plan)
    send("better", plan, best)
    lits = enc.break_starts
    if best == 0 or not lits:
        return
    tot = ITotalizer(lits=lits, ubound=min(len(lits), best), top_id=enc.top)
    for c in tot.cnf.clauses:
        solver.add_clause(c)
    rng = random.Random(seed)
    partners = [
        sorted({q for k in ks for q in inst.meetings[k].participants} - {p})
        for p, ks in enumerate(prep.live_of)
    ]
    n_meetings = len(plan)
    size = max(4, n_meetings // 12)
    failures = 0
    while best > 0:
        busy: list[list[int]] = [[] for _ in inst.participants]
        for k, t in plan.items():
            for p in inst.meetings[k].participants:
                busy[p].append(t)
        with_breaks = [p for p, b in enumerate(busy) if participant_breaks(b) > 0]
        free: set[int] = set()
        people = [rng.choice(with_breaks)] if with_breaks else []
        while people and len(free) < size:
            p = people.pop(0)
            free.update(prep.live_of[p])
            extra = list(partners[p])
            rng.shuffle(extra)
            people.extend(extra[:3])
        if len(free) < size:
            rest = [k for k in plan if k not in free]
            free.update(rng.sample(rest, min(len(rest), size - len(free))))
        fixed = [enc.x[k, t] for k, t in plan.items() if k not in free and (k, t) in enc.x]
        solver.conf_budget(LNS_CONFLICTS)
        out = solver.solve_limited(assumptions=fixed + [-tot.rhs[best - 1]])
        if out:
            plan = enc.decode(solver.get_model())
            best = _breaks_of(inst, plan)
            send("better", plan, best)
            failures = 0
        else:
            failures += 1
            if failures % 8 == 0:
                size = min(n_meetings, size + max(2, size // 4))


def _find_at(enc: _Sat, bound: int, send) -> None:
    """The second core's other job: is there a schedule with at most ``bound`` breaks?

    A fresh Kissat run on the whole encoding (Kissat takes no assumptions and cannot be
    interrupted, so each bound gets its own killable process).  Measured on ticf-13crafb,
    whose 3-break optimum CaDiCaL's incremental search takes 17-26 s to find, Kissat finds
    it in 9 s."""
    n = len(enc.break_starts)
    clauses = list(enc.clauses)
    if bound < n:
        tot = ITotalizer(lits=enc.break_starts, ubound=bound + 1, top_id=enc.top)
        clauses += tot.cnf.clauses
        clauses.append([-tot.rhs[bound]])
    with Solver(name=FINDER_SOLVER, bootstrap_with=clauses) as solver:
        if solver.solve():
            send("found", bound, enc.decode(solver.get_model()))
        else:
            send("none", bound)
