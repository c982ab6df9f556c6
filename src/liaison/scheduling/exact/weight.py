"""Tier (1), the total weight of held meetings, maximised with CP-SAT.

Its LP bound is strong for this objective; with ``require_all`` the tier is trivial and
skipped.  Only the proven optimum *value* (and the best schedule, as a fallback) goes on
to the SAT part, so that part stays deterministic.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable

from ..result import FEASIBLE, OPTIMAL, TIMEOUT
from .params import CANCEL_POLL
from .prep import _Prep


def _cpsat_weight(
    prep: _Prep,
    time_limit: float,
    workers: int,
    seed: int,
    hint: dict[int, int] | None,
    stopped: Callable[[], bool] | None = None,
) -> tuple[str, int, int, dict[int, int]]:
    """Maximise the held weight under all hard rules. Returns (status, best, bound, plan)."""
    # imported here: OR-Tools brings pandas along (0.4 s), and the published B2B events,
    # where every meeting must be held, never need this tier
    from ortools.sat.python import cp_model

    inst = prep.inst
    T = prep.n_slots
    m = cp_model.CpModel()
    x: dict[tuple[int, int], object] = {}
    held = {}
    for k in range(len(inst.meetings)):
        if not prep.dom[k]:
            continue
        lits = []
        for t in prep.dom[k]:
            x[k, t] = m.NewBoolVar(f"x{k}_{t}")
            lits.append(x[k, t])
        h = m.NewBoolVar(f"h{k}")
        m.Add(sum(lits) == h)
        held[k] = h
    for row in prep.resources:
        by_slot: dict[int, list] = defaultdict(list)
        for k in row.meetings:
            for t in prep.dom[k]:
                by_slot[t].append(x[k, t])
        for t, lits in by_slot.items():
            if len(lits) > row.cap[t]:
                m.Add(sum(lits) <= row.cap[t])
    busy: list[list] = []
    for p, ks in enumerate(prep.live_of):
        row = []
        for t in range(T):
            lits = [x[k, t] for k in ks if (k, t) in x]
            if not lits:
                row.append(None)
            elif len(lits) == 1:
                row.append(lits[0])
            else:
                b = m.NewBoolVar("")
                m.Add(sum(lits) == b)
                row.append(b)
        busy.append(row)
        mm = inst.participants[p].max_meetings
        if mm is not None and len(ks) > mm:
            m.Add(sum(held[k] for k in ks) <= mm)
        limit = inst.participants[p].max_consecutive
        if limit is not None:  # one idle slot in every limit + 1 consecutive ones
            starts = inst.window_starts(limit + 1)
            for t in range(T - limit):
                cells = row[t : t + limit + 1]
                if starts >> t & 1 and all(c is not None for c in cells):
                    m.AddBoolOr([c.Not() for c in cells])
    for k, mt in enumerate(inst.meetings):
        if k not in held:
            continue
        for j in mt.after:
            if j not in held:
                continue
            sk = sum(t * x[k, t] for t in prep.dom[k])
            sj = sum(t * x[j, t] for t in prep.dom[j])
            m.Add(sj + 1 <= sk).OnlyEnforceIf([held[k], held[j]])
    for g, strict in prep.symmetry_groups():
        for a, b in zip(g, g[1:]):
            m.AddImplication(held[b], held[a])
            sa = sum(t * x[a, t] for t in prep.dom[a])
            sb = sum(t * x[b, t] for t in prep.dom[b])
            m.Add(sa + (1 if strict else 0) <= sb).OnlyEnforceIf(held[b])
    d = prep.fairness
    if d is not None:
        brk = []
        for p, row in enumerate(busy):
            if prep.max_held[p] <= 1:
                brk.append(0)
                continue
            before = None
            starts = []
            for t in range(T):
                if row[t] is not None and before is not None and t > 0:
                    s = m.NewBoolVar("")
                    prev = row[t - 1]
                    # s <-> busy[t] & ~busy[t-1] & before[t-1]
                    m.AddImplication(s, row[t])
                    m.AddImplication(s, before)
                    if prev is not None:
                        m.AddImplication(s, prev.Not())
                        m.AddBoolOr([s, row[t].Not(), prev, before.Not()])
                    else:
                        m.AddBoolOr([s, row[t].Not(), before.Not()])
                    starts.append(s)
                if row[t] is not None:
                    nb = m.NewBoolVar("")
                    if before is None:
                        m.Add(nb == row[t])
                    else:
                        m.AddMaxEquality(nb, [before, row[t]])
                    before = nb
            if not starts:
                brk.append(0)
                continue
            bp = m.NewIntVar(0, len(starts), "")
            m.Add(bp == sum(starts))
            brk.append(bp)
        if prep.zero_break_exists:
            for b in brk:
                if not isinstance(b, int):
                    m.Add(b <= d)
        else:
            lo = m.NewIntVar(0, T, "minb")
            for b in brk:
                m.Add(lo <= b)
                m.Add(b <= lo + d)
    weights = {k: inst.meetings[k].weight for k in held}
    m.Maximize(sum(weights[k] * h for k, h in held.items()))
    if hint:
        for (k, t), v in x.items():
            m.AddHint(v, hint.get(k) == t)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    done = threading.Event()

    def watch() -> None:  # CP-SAT stops on a cancellation within CANCEL_POLL seconds
        while not done.wait(CANCEL_POLL):
            if stopped is not None and stopped():
                solver.StopSearch()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    if stopped is not None:
        watcher.start()
    try:
        status = solver.Solve(m)
    finally:
        done.set()
        if stopped is not None:
            watcher.join()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return TIMEOUT, 0, prep.total_weight, {}
    plan = {k: t for (k, t), v in x.items() if solver.BooleanValue(v)}
    best = sum(weights[k] for k in plan)
    bound = min(prep.total_weight, int(solver.BestObjectiveBound() + 1e-6))
    return (OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE), best, max(best, bound), plan


# --------------------------------------------------------------------------------------
