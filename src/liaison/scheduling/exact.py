"""Exact solver: proves the lexicographic optimum (weight, moved meetings, breaks).

The breaks are what makes the B2B problem hard, and a time-indexed CP model hardly ever
proves them (see shared/benchmarks/b2b-jair2022/README.md).  This solver therefore works in
two parts:

1. Tier (1), the total weight of held meetings, is maximised with CP-SAT, whose LP bound
   is strong for that objective.  With ``require_all`` the tier is trivial and skipped.
2. Tiers (2) and (3) are decided on a SAT encoding (CaDiCaL and Kissat through python-sat),
   with the weight fixed to the tier (1) value, by *bottom-up* search: "is there a
   schedule with at most ``B`` breaks?" for ``B = 0, 1, ...``.  The first ``yes`` is the
   optimum, and every ``no`` is a proven lower bound.  Published optima are small
   (0-6 breaks at fairness 2), so a handful of SAT calls settles them.

The SAT encoding (its choices are measured, see the module's tests and the report):

* ``x[k,t]``: meeting ``k`` in slot ``t`` (only allowed slots), at most one slot per
  meeting, exactly one with ``require_all``;
* ``busy[p,t]`` <-> OR of the participant's meetings in slot ``t`` (and at most one);
* per slot and mode at most ``capacity`` meetings, counted over *clusters* of meetings
  that share a participant (``_Sat._capacity``): one literal per cluster instead of one
  per meeting, the change that made the 12-table ``crafc`` files fast;
* implied: per participant exactly ``#meetings`` busy slots (``require_all``), per slot at
  most ``sum over modes of capacity x meeting size`` busy participants;
* ``before[p,t]``: the participant is busy in some slot ``<= t``; a *break start*
  ``bs[p,t]`` <-> ``busy[p,t]`` and not ``busy[p,t-1]`` and ``before[p,t-1]``: the number of
  breaks of ``p`` is exactly the number of its break starts;
* fairness as a hard rule: when some participant can never have a break (at most one
  meeting), simply at most ``d`` break starts per participant, otherwise exact unary
  counters and a unary minimum;
* symmetry breaking: meetings that are interchangeable (same allowed slots, weight and
  mode, same participants apart from ones who have no other meeting, no precedence) are
  held in increasing slot order;
* implied "spread" clauses: a participant who can hold at most ``n`` meetings and meets
  in slots ``t`` and ``u >= t + n`` has a break starting in ``(t, u]``.

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
faster at both (ticf-13crafb's optimum: 8-10 s against 17-26 s for
the incremental CaDiCaL search; forum-13crafb's "at most 5?": 2.9 s against 4.8 s).  A
schedule with as many breaks as a proven lower bound is optimal, whichever process found
it.  At the time limit the best schedule found, with the best lower bound proven, is
returned.

Each search is single-threaded and deterministic, and CP-SAT (tier 1 only) hands only its
proven optimum *value* to the SAT part.  A result proven within the first seconds (most
instances) therefore never depends on timing; a longer one is the same optimum value on
every machine, but which of the two searches got there first, and so which optimal
schedule is returned, can depend on the machine's speed.  (Racing two differently seeded
proofs with the winner decided by conflict counts was tried: CaDiCaL then has to stop
every few thousand conflicts, which made each proof several times slower.)
"""

from __future__ import annotations

import contextlib
import heapq
import multiprocessing
import multiprocessing.connection
import os
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.solvers import Solver

from .instance import Instance
from .progress import Monitor
from .result import FEASIBLE, INFEASIBLE, OPTIMAL, TIMEOUT, SlotPlan, participant_breaks
from .supervisor import die_with_parent

SAT_SOLVER = "cd19"  # CaDiCaL 1.9.5: best measured on the hard files; run in a killable child
FINDER_SOLVER = (
    "kissat404"  # Kissat 4: finds low-break schedules fastest; one killable run per bound
)
#: Below a time limit of the first figure (seconds), the second core first improves a
#: schedule by LNS for the second figure's share of the limit (a short limit rarely proves
#: a hard file, and LNS then gives a far better schedule); from that limit on, it decides
#: bounds with Kissat from the third figure's seconds on, once a first schedule is known
#: (0.5 s instead of 0 cost ticf-13crafb its 10 s proof in one run of two: 9.5-9.6 s).
FINDER_AFTER = (10.0, 0.2, 0.0)
#: Seconds before the end at which, when Kissat has not ended the search, LNS improves the
#: best schedule found alongside it; only with time limits of at least the second figure
#: (with 10 s, Kissat alone to the end proves more originals).
FINDER_UNTIL = (4.0, 30.0)
#: The two Kissat workers of the search's second part.
WORKERS = ("kissat-a", "kissat-b")
#: A Kissat run that started less than this many seconds ago on a bound that the prover
#: then reaches moves one bound up (its preprocessing is all it loses).
MOVE_UP = 0.3
#: Seconds without a raised bound after which the prover's core goes to Kissat too.
PROVER_STALL = 3.0
FALLBACK_SOLVER = "g4"  # Glucose 4: interruptible by a timer, for the time left after that
CARD = EncType.seqcounter
#: Conflicts allowed per sub-problem of the breaks LNS (a work budget, not a time budget).
LNS_CONFLICTS = 1000
#: Seconds between two looks at the caller's cancellation while a search runs.
CANCEL_POLL = 0.1
#: Above this many literals the implied "spread" clauses are left out (very large models).
SPREAD_MAX_LITERALS = 3_000_000


# --------------------------------------------------------------------------------------
# Preprocessing shared by both models
# --------------------------------------------------------------------------------------


class _Prep:
    def __init__(self, instance: Instance, keep: dict[int, int] | None):
        self.inst = instance
        self.n_slots = len(instance.slots)
        self.require_all = instance.rules.require_all
        self.fairness = instance.rules.fairness
        self.keep = dict(keep or {})
        # allowed_slots already leaves out slots without a location that seats the
        # meeting or an interpreter of its pair (Instance.resources)
        self.dom: list[list[int]] = []
        for k, m in enumerate(instance.meetings):
            d = list(instance.allowed_slots[k])
            if any(instance.participants[p].max_meetings == 0 for p in m.participants):
                d = []
            self.dom.append(d)
        self.cap = {mode: len(locs) for mode, locs in instance.locations_by_mode.items()}
        self.mode = instance.meeting_mode
        self.resources = instance.resources
        self.meetings_of = instance.meetings_of
        # participants' meetings that can be held at all
        self.live_of = [[k for k in ks if self.dom[k]] for ks in self.meetings_of]
        self.max_held = []
        for p, ks in enumerate(self.live_of):
            mm = instance.participants[p].max_meetings
            self.max_held.append(len(ks) if mm is None else min(mm, len(ks)))
        # a participant who can hold at most one meeting never has a break
        self.zero_break_exists = any(h <= 1 for h in self.max_held)
        self.total_weight = sum(m.weight for k, m in enumerate(instance.meetings) if self.dom[k])
        #: what a meeting needs besides a slot and a location of its mode
        self.needs: list[tuple] = [tuple(sorted(m.interpreter or ())) for m in instance.meetings]
        self.in_precedence = set()
        for k, m in enumerate(instance.meetings):
            if m.after:
                self.in_precedence.add(k)
                self.in_precedence.update(m.after)

    def symmetry_groups(self) -> list[tuple[list[int], bool]]:
        """Groups of interchangeable meetings, each sorted by index, and whether the
        group's meetings share a participant.

        Two meetings are interchangeable when swapping their slots (their single-request
        participants moving with them) maps every valid schedule to a valid one of the
        same weight and breaks: same allowed slots, weight, mode, size and resource
        needs, the same participants apart from ones who have no other meeting, no
        precedence, not kept.  The solvers may then hold them in slot order: *strictly*
        increasing when they share a participant (they never share a slot), otherwise
        non-decreasing, since such meetings can sit side by side in one slot.  (Strict
        order for meetings that share nobody was the unsound reduction of issue 14: two
        isolated pairs, one slot, two tables.)"""
        inst = self.inst
        deg = [len(ks) for ks in self.meetings_of]
        groups: dict[tuple, list[int]] = defaultdict(list)
        for k, m in enumerate(inst.meetings):
            if not self.dom[k] or k in self.in_precedence or k in self.keep:
                continue
            small = [p for p in m.participants if deg[p] <= 1]
            if not small:
                continue
            big = tuple(sorted(p for p in m.participants if deg[p] > 1))
            key = (big, len(small), tuple(self.dom[k]), m.weight, self.mode[k], self.needs[k])
            groups[key].append(k)
        return [(sorted(g), bool(key[0])) for key, g in groups.items() if len(g) > 1]

    def infeasibility_reason(self) -> str | None:
        """Cheap proofs that ``require_all`` cannot be met (None when none is found)."""
        inst = self.inst
        for k, m in enumerate(inst.meetings):
            if not self.dom[k]:
                return f"meeting {m.id} has no slot all its participants can attend"
        for p, ks in enumerate(self.meetings_of):
            person = inst.participants[p]
            if person.max_meetings is not None and len(ks) > person.max_meetings:
                return f"{person.id} has {len(ks)} meetings but max_meetings {person.max_meetings}"
            if len(ks) > 1 and _matching_size([self.dom[k] for k in ks], 1) < len(ks):
                return f"{person.id}'s meetings do not fit into the slots they can use"
        for row in self.resources:
            ks = row.meetings
            if ks and _matching_size([self.dom[k] for k in ks], row.cap) < len(ks):
                return f"the meetings counted by '{row.name}' do not fit into its capacity"
        return None


def _clusters(prep: _Prep) -> list[list[int]]:
    """Split the meetings that can be held into groups sharing one participant, greedily
    (the participant with most meetings not yet grouped takes them all; ties by index)."""
    left = [len(ks) for ks in prep.live_of]
    done = [False] * len(prep.inst.meetings)
    heap = [(-n, p) for p, n in enumerate(left) if n]
    heapq.heapify(heap)
    groups: list[list[int]] = []
    while heap:
        n, p = heapq.heappop(heap)
        if -n != left[p]:
            if left[p]:
                heapq.heappush(heap, (-left[p], p))
            continue
        group = [k for k in prep.live_of[p] if not done[k]]
        for k in group:
            done[k] = True
            for q in prep.inst.meetings[k].participants:
                left[q] -= 1
        groups.append(group)
    return groups


def _matching_size(domains: list[list[int]], capacity: int | list[int]) -> int:
    """Largest assignment of items to slots with ``capacity`` items per slot (a number,
    or one per slot), by augmenting paths."""
    load: dict[int, list[int]] = defaultdict(list)
    count = 0
    cap = capacity if isinstance(capacity, list) else None

    def augment(i: int, seen: set[int]) -> bool:
        for t in domains[i]:
            if t in seen:
                continue
            seen.add(t)
            if len(load[t]) < (capacity if cap is None else cap[t]):
                load[t].append(i)
                return True
            for pos, j in enumerate(load[t]):
                if augment(j, seen):
                    load[t][pos] = i
                    return True
        return False

    for i in range(len(domains)):
        if augment(i, set()):
            count += 1
    return count


# --------------------------------------------------------------------------------------
# Tier (1): weight, with CP-SAT
# --------------------------------------------------------------------------------------


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
# Tiers (2) and (3): SAT encoding
# --------------------------------------------------------------------------------------


class _Sat:
    def __init__(self, prep: _Prep, min_weight: int | None, symmetry: bool = True):
        self.prep = prep
        self.top = 0
        self.clauses: list[list[int]] = []
        self.x: dict[tuple[int, int], int] = {}
        self.held: dict[int, int] = {}
        self.break_starts: list[int] = []
        self.min_weight = min_weight
        groups = prep.symmetry_groups() if symmetry else []
        self.symmetry = bool(groups)
        self._build(min_weight, groups)

    def without_symmetry(self) -> _Sat:
        """The same model without the symmetry-breaking clauses (itself when it has none).

        Kissat's search for a schedule at a given bound uses this one: measured on
        ticf-13crafb, it found the 3-break optimum in 9 s instead of 13-19 s, while the
        prover's "no" answers stay as fast with the clauses (ticf-13crafc: 4 s, 9 s
        without).  Two models also make the two searches differ more."""
        if not self.symmetry:
            return self
        return _Sat(self.prep, self.min_weight, symmetry=False)

    def var(self) -> int:
        self.top += 1
        return self.top

    def card(self, lits: list[int], bound: int, kind: str = "atmost", enc=CARD) -> None:
        if kind == "atmost" and len(lits) <= bound:
            return
        if kind == "atmost" and bound == 0:
            self.clauses.extend([-v] for v in lits)
            return
        fn = {"atmost": CardEnc.atmost, "equals": CardEnc.equals, "atleast": CardEnc.atleast}[kind]
        cnf = fn(lits=lits, bound=bound, top_id=self.top, encoding=enc)
        self.top = max(self.top, cnf.nv)
        self.clauses.extend(cnf.clauses)

    def amo(self, lits: list[int]) -> None:
        if len(lits) <= 6:
            self.clauses.extend([-a, -b] for i, a in enumerate(lits) for b in lits[i + 1 :])
        else:
            self.card(lits, 1, enc=EncType.seqcounter)

    def _build(self, min_weight: int | None, symmetry_groups: list[tuple[list[int], bool]]) -> None:
        prep, inst, T = self.prep, self.prep.inst, self.prep.n_slots
        add = self.clauses.append
        for k in range(len(inst.meetings)):
            if not prep.dom[k]:
                continue
            lits = []
            for t in prep.dom[k]:
                self.x[k, t] = v = self.var()
                lits.append(v)
            self.amo(lits)
            if prep.require_all:
                add(lits)
            h = self.var()
            add([-h] + lits)
            for v in lits:
                add([-v, h])
            if prep.require_all:
                add([h])
            self.held[k] = h
        x = self.x
        self._capacity()
        # implied per-slot limit on busy participants
        size_by_mode: dict[str, int] = defaultdict(int)
        for k, m in enumerate(inst.meetings):
            if prep.dom[k]:
                size_by_mode[prep.mode[k]] = max(size_by_mode[prep.mode[k]], len(m.participants))
        busy_cap = sum(prep.cap[mode] * s for mode, s in size_by_mode.items())
        # participants
        self.busy: list[list[int | None]] = []
        slot_busy: dict[int, list[int]] = defaultdict(list)
        for p, ks in enumerate(prep.live_of):
            row: list[int | None] = []
            for t in range(T):
                lits = [x[k, t] for k in ks if (k, t) in x]
                if not lits:
                    row.append(None)
                    continue
                if len(lits) == 1:
                    b = lits[0]
                else:
                    b = self.var()
                    add([-b] + lits)
                    for v in lits:
                        add([-v, b])
                    self.amo(lits)
                row.append(b)
                slot_busy[t].append(b)
            self.busy.append(row)
            cells = [b for b in row if b is not None]
            if prep.require_all and len(ks) > 1:
                self.card(cells, len(ks), "equals")
            elif prep.max_held[p] < len(ks):
                self.card([self.held[k] for k in ks], prep.max_held[p])
        for cells in slot_busy.values():
            self.card(cells, busy_cap)
        # precedence: k after j, when both held
        for k, m in enumerate(inst.meetings):
            if k not in self.held:
                continue
            for j in m.after:
                if j not in self.held:
                    continue
                for t in prep.dom[k]:
                    earlier = [x[j, u] for u in prep.dom[j] if u < t]
                    cl = [-x[k, t]] + earlier
                    if not prep.require_all:
                        cl.append(-self.held[j])
                    add(cl)
        # symmetry breaking
        for g, strict in symmetry_groups:
            for a, b in zip(g, g[1:]):
                if not prep.require_all:
                    add([-self.held[b], self.held[a]])
                for t in prep.dom[b]:
                    add(
                        [-x[b, t]]
                        + [x[a, u] for u in prep.dom[a] if u < t or (u == t and not strict)]
                    )
        # breaks
        self.starts_of: list[list[int]] = []
        self.start_slots: list[list[int]] = []
        for p, row in enumerate(self.busy):
            starts: list[int] = []
            slots: list[int] = []
            if prep.max_held[p] >= 2:
                before = None
                for t in range(T):
                    cur = row[t]
                    if cur is not None and before is not None:
                        s = self.var()
                        prev = row[t - 1] if t > 0 else None
                        add([-s, cur])
                        add([-s, before])
                        if prev is not None:
                            add([-s, -prev])
                            add([s, -cur, prev, -before])
                        else:
                            add([s, -cur, -before])
                        starts.append(s)
                        slots.append(t)
                    if cur is not None:
                        if before is None:
                            before = cur
                        else:
                            nb = self.var()
                            add([-nb, before, cur])
                            add([-before, nb])
                            add([-cur, nb])
                            before = nb
            self.starts_of.append(starts)
            self.start_slots.append(slots)
            self.break_starts.extend(starts)
        self._spread_implies_break()
        d = prep.fairness
        if d is not None:
            if prep.zero_break_exists:
                for starts in self.starts_of:
                    self.card(starts, d)
            else:
                self._general_fairness(d)
        # weight floor (tier 1 fixed)
        if min_weight is not None and not prep.require_all:
            lost_budget = prep.total_weight - min_weight
            copies = []
            for k, h in self.held.items():
                for _ in range(inst.meetings[k].weight):
                    c = self.var()
                    add([h, c])
                    copies.append(c)
            if lost_budget < len(copies):
                self.card(copies, lost_budget, enc=EncType.kmtotalizer)

    def _capacity(self) -> None:
        """At most ``capacity`` meetings per slot and mode, counted by *clusters*.

        The meetings are split into clusters that each share one participant (greedily:
        the participant with most meetings not yet in a cluster takes them all).  A
        participant holds at most one meeting per slot, so in a slot each cluster holds
        at most one meeting, and the number of meetings equals the number of clusters
        that hold one.  The counter then runs over one literal per cluster (``x -> c``;
        the converse is not needed for an upper bound) instead of one per meeting: far
        fewer inputs, and a count that the solver relates to participants' busy slots.
        Measured on the 12-table ``crafc`` files: the "0 breaks?" proof went from 6.6 s
        to 1.1 s and finding the 1-break optimum from 27-38 s (Kissat) to 4-6 s."""
        prep, x, add = self.prep, self.x, self.clauses.append
        rows_of = prep.inst.resources_of
        # (row, slot) -> one literal per cluster that has a meeting of the row there
        by_row_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
        for group in _clusters(prep):
            cells: dict[tuple[int, int], list[int]] = defaultdict(list)
            for k in group:
                for t in prep.dom[k]:
                    for r in rows_of[k]:
                        cells[r, t].append(x[k, t])
            made: dict[tuple[int, ...], int] = {}  # the same literals: one cluster literal
            for key, lits in cells.items():
                if len(lits) == 1:
                    by_row_slot[key].append(lits[0])
                    continue
                sig = tuple(lits)
                c = made.get(sig)
                if c is None:
                    c = made[sig] = self.var()
                    for v in lits:
                        add([-v, c])
                by_row_slot[key].append(c)
        for (r, t), lits in by_row_slot.items():
            self.card(lits, prep.resources[r].cap[t])

    def _spread_implies_break(self) -> None:
        """Implied: a participant who can hold at most ``n`` meetings and meets in slots
        ``t`` and ``u >= t + n`` has an idle slot between them, so a break starts in
        ``(t, u]``.  Redundant for correctness; measured to make the satisfiable "at most
        B breaks?" calls much faster (with few breaks allowed most of these clauses say
        "meetings no further apart than the participant's number of meetings")."""
        prep, T = self.prep, self.prep.n_slots
        cells_of = []
        size = 0
        for p, row in enumerate(self.busy):
            cells = [t for t in range(T) if row[t] is not None]
            cells_of.append(cells)
            if prep.max_held[p] >= 2:
                size += len(cells) * len(cells) * T // 2
        if size > SPREAD_MAX_LITERALS:
            return
        add = self.clauses.append
        for p, row in enumerate(self.busy):
            n = prep.max_held[p]
            if n < 2:
                continue
            start_at = dict(zip(self.start_slots[p], self.starts_of[p], strict=True))
            cells = cells_of[p]
            for i, t in enumerate(cells):
                for u in cells[i + 1 :]:
                    if u - t >= n:
                        add(
                            [-row[t], -row[u]]
                            + [start_at[v] for v in range(t + 1, u + 1) if v in start_at]
                        )

    def _general_fairness(self, d: int) -> None:
        """max - min <= d with exact unary counters (no participant is break-free by force)."""
        add = self.clauses.append
        counters = []
        top = 0
        for starts in self.starts_of:
            # ge[j] <-> at least j+1 of the starts are true (sequential, both directions)
            ge: list[int] = []
            for s in starts:
                new = []
                for j in range(len(ge) + 1):
                    v = self.var()
                    old = ge[j] if j < len(ge) else None
                    lower = ge[j - 1] if j > 0 else None
                    # v <-> old | (lower & s)   (lower = True when j == 0)
                    if old is not None:
                        add([-old, v])
                    if lower is None:
                        add([-s, v])
                        add([-v, s] + ([old] if old is not None else []))
                    else:
                        add([-lower, -s, v])
                        add([-v, lower] + ([old] if old is not None else []))
                        add([-v, s] + ([old] if old is not None else []))
                    new.append(v)
                ge = new
            counters.append(ge)
            top = max(top, len(ge))
        # mn[j] <-> every participant has at least j+1 breaks
        mn = []
        for j in range(top):
            v = self.var()
            for ge in counters:
                if j < len(ge):
                    add([-v, ge[j]])
                else:
                    add([-v])
            mn.append(v)
        for ge in counters:
            for j in range(d, len(ge)):
                # at least j+1 breaks -> min has at least j+1-d
                add([-ge[j], mn[j - d]])

    def decode(self, model: list[int]) -> dict[int, int]:
        true = {v for v in model if v > 0}
        return {k: t for (k, t), v in self.x.items() if v in true}


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
    solver_name = f"exact(sat:{SAT_SOLVER})"

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
        budget = max(0.05, min(0.4 * time_limit, deadline - time.monotonic() - 0.05))
        st, w_best, w_bound, fallback = _cpsat_weight(
            prep, budget, workers, seed, hint, monitor.stopped if monitor else None
        )
        if monitor is not None:
            monitor.bounds(weight_ub=w_bound)
            if fallback or st == OPTIMAL:
                monitor.incumbent(fallback)
        w_proven = st == OPTIMAL
        say(f"weight {w_best}, upper bound {w_bound}" + (" (optimal)" if w_proven else ""))
        solver_name = f"exact(cp-sat+sat:{SAT_SOLVER})"
        if not w_proven:
            notes.append(f"weight not proven optimal: {w_best} <= {w_bound}")

    if monitor is not None:
        monitor.bounds(weight_ub=w_bound, breaks_lb=0)

    # ---- tiers 2 and 3 on the SAT model ------------------------------------------------
    enc = _Sat(prep, None if prep.require_all else w_best)
    improver = workers >= 2 and not keep
    reserve = min(0.05 * time_limit, 1.0) if improver else min(0.2 * time_limit, 15.0)
    stop_at = deadline - reserve
    below, share, after = FINDER_AFTER
    find_at = start + (share * time_limit if time_limit < below else after)
    find_until = stop_at - (FINDER_UNTIL[0] if time_limit >= FINDER_UNTIL[1] else 0.0)
    if monitor is not None:
        monitor.say("breaks: SAT search", phase="breaks search")
    cancelled = monitor.stopped if monitor is not None else None
    res = _sat_in_child(
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
            solver=FALLBACK_SOLVER,
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


def _sat_in_child(
    prep,
    enc,
    keep,
    hint,
    stop_at: float,
    say,
    improver: bool = False,
    finder_window: tuple[float, float] = (0.0, float("inf")),
    monitor: Monitor | None = None,
):
    """Run the deterministic SAT search (CaDiCaL, which cannot be interrupted) in a forked
    process that is killed at ``stop_at``.  Returns its final result, or what it had
    reported so far (best plan, lower bound, proven moved count) with ``final`` None.

    With ``improver`` the other core works at the same time: until ``finder_window[0]``
    it improves a schedule by large-neighbourhood search (``_improve_lns``), then the two
    lowest open bounds ``lo`` and ``lo + 1`` (below the best schedule known) are decided at
    once (``retarget``): ``lo`` by the prover while it makes progress, the other by Kissat;
    a Kissat "no" raises the bound itself.  A schedule whose breaks equal the proven bound
    is optimal and ends the search; the other schedules are kept in case the time runs out
    first: from ``finder_window[1]`` on, LNS improves the best of them (alongside Kissat)
    until ``stop_at``.
    """
    ctx = multiprocessing.get_context("fork")
    jobs: dict[str, tuple] = {}

    def spawn(role: str, target) -> None:
        receiver, sender = ctx.Pipe(duplex=False)
        parent = os.getpid()

        def child() -> None:
            die_with_parent(parent)
            try:
                target(lambda *msg: sender.send(msg))
            finally:
                sender.close()

        proc = ctx.Process(target=child, daemon=True)
        proc.start()
        sender.close()
        jobs[role] = (proc, receiver)

    def stop(role: str) -> None:
        proc, conn = jobs.pop(role)
        if proc.is_alive():
            proc.kill()
        proc.join()
        conn.close()

    def prover(send) -> None:
        out = _sat_phase(
            prep,
            enc,
            keep,
            hint,
            float("inf"),
            lambda m: send("say", m),
            lambda key, value: send("info", key, value),
            solver=SAT_SOLVER,
        )
        send("done", out)

    models: dict[str, _Sat] = {"sym": enc}

    def model(kind: str) -> _Sat:
        if kind not in models:
            models[kind] = enc.without_symmetry()
        return models[kind]

    #: what each Kissat worker decides: role -> (bound, model), and since when
    deciding: dict[str, tuple[int, str]] = {}
    started: dict[str, float] = {}

    def start_worker(role: str, bound: int, kind: str) -> None:
        if role in jobs:
            stop(role)
        m = model(kind)
        spawn(role, lambda send: _find_at(m, bound, send))
        deciding[role] = (bound, kind)
        started[role] = time.monotonic()
        say(f"kissat: a schedule with at most {bound} breaks?")

    def finished(role: str) -> None:
        deciding.pop(role, None)
        if role in jobs:
            stop(role)

    spawn("prover", prover)
    if improver:
        spawn("lns", lambda send: _improve_lns(prep, enc, hint, send))
    info: dict = {"final": None}
    lo = 0  # proven lower bound on breaks (by any process)
    better: tuple[dict, int] | None = None
    find_at, find_until = finder_window
    phase = "lns" if improver else "none"
    progress_at = time.monotonic()  # the prover's last raised bound (or the hand-over)
    prover_at = 0  # the bound the prover decides (one above the last it proved)

    def retarget() -> None:
        # The two lowest open bounds are decided at once, on two cores: while the
        # prover runs it decides the lower one and one Kissat run the upper one (or the
        # lower one, when only that is open); without the prover two Kissat runs do.
        # A run already deciding an open bound goes on; Kissat runs on the model
        # without symmetry-breaking clauses, except a second run on a bound that is
        # already being decided (for a different search).
        if phase not in ("finder", "endgame"):
            return  # LNS still has the second core, or there is none
        top = better[1] if better is not None else None
        open_ = [b for b in (lo, lo + 1) if top is None or b < top]
        if not open_:
            return
        prover_on = "prover" in jobs
        kept = [r for r in WORKERS if r in jobs and deciding[r][0] in open_]
        for role in WORKERS:
            if role not in kept:
                finished(role)
        decided = {deciding[r][0] for r in kept}
        if prover_on:
            order = [b for b in open_ if b != lo] + [lo]
        else:
            order = list(open_)
        want = [(b, "free") for b in order if b not in decided]
        if (open_[0], "sym") not in {deciding[r] for r in kept}:
            want.append((open_[0], "sym"))
        idle = [r for r in WORKERS if r not in kept]
        for role in idle[: max(0, 2 - prover_on - len(kept))]:
            if want:
                bound, kind = want.pop(0)
                start_worker(role, bound, kind)

    def watch_stall() -> bool:
        # the prover gives its core to Kissat when it has not raised the bound for
        # PROVER_STALL seconds
        return phase in ("finder", "endgame") and "prover" in jobs

    def optimal(plan: dict, value: int) -> dict:
        say(f"breaks = {value}, optimal (lower bound {lo} proven)")
        return {
            "final": "ok",
            "plan": plan,
            "lo": value,
            "breaks": value,
            "proven": True,
            "notes": [],
        }

    def found(plan: dict) -> None:
        if monitor is not None:
            monitor.incumbent(plan)

    def proven(bound: int) -> None:
        if monitor is not None:
            monitor.bounds(breaks_lb=bound)

    try:
        while jobs:
            now = time.monotonic()
            if now >= stop_at or (monitor is not None and monitor.stopped()):
                break
            # hand over once some schedule is known, so that a short limit still has one
            if phase == "lns" and now >= find_at and (better is not None or "plan" in info):
                if "lns" in jobs:
                    stop("lns")
                phase = "finder"
                progress_at = now
                retarget()
            if watch_stall() and now >= progress_at + PROVER_STALL:
                # the prover has not raised the bound for a while: on the hardest
                # files it is then looking for a schedule at the optimum, which Kissat
                # finds faster, or proving a bound, which Kissat also does faster
                # (forum-13crafb: "at most 5?" 2.9 s against 4.8 s)
                stop("prover")
                say("kissat takes over the lower bound")
                retarget()
            if phase == "finder" and now >= find_until:
                # alongside Kissat (more processes than cores for these seconds), so
                # that a Kissat run about to finish still can
                phase = "endgame"
                best_plan = better[0] if better is not None else info.get("plan") or hint
                spawn("lns", lambda send, plan=best_plan: _improve_lns(prep, enc, plan, send))
                say("improving the best schedule found in the time left")
            wake = {"lns": find_at, "finder": find_until}.get(phase, stop_at)
            wake = min(stop_at, wake if wake > now else stop_at)
            if watch_stall():
                wake = min(wake, max(now, progress_at + PROVER_STALL))
            if monitor is not None:
                wake = min(wake, now + CANCEL_POLL)
            conns = {conn: role for role, (_p, conn) in jobs.items()}
            ready = multiprocessing.connection.wait(list(conns), timeout=max(0.0, wake - now))
            for conn in ready:
                role = conns[conn]
                if role not in jobs or jobs[role][1] is not conn:
                    continue  # stopped (or replaced) while handling an earlier message
                try:
                    msg = conn.recv()
                except EOFError:
                    finished(role)
                    continue
                kind = msg[0]
                if kind == "say":
                    say(msg[1])
                elif kind == "info" and msg[1] != "lo":
                    info[msg[1]] = msg[2]
                    if msg[1] == "plan":
                        found(msg[2])
                elif kind == "info":
                    progress_at = time.monotonic()
                    prover_at = msg[2]
                    if msg[2] > lo:
                        lo = info["lo"] = msg[2]
                        proven(lo)
                        if better is not None and better[1] <= lo:
                            return optimal(*better)
                        # a Kissat run whose question is answered stops; one that has
                        # just started on the bound the prover now decides moves up; one
                        # that has worked on it for a while keeps it, and the prover's
                        # core moves up instead
                        moment = time.monotonic()
                        for r, (b, _kind) in list(deciding.items()):
                            if b < lo or (b == lo and moment - started[r] < MOVE_UP):
                                finished(r)
                        if any(b == lo for b, _kind in deciding.values()):
                            stop("prover")
                        retarget()
                elif kind == "done":
                    return msg[1]
                elif kind == "better" and (better is None or msg[2] < better[1]):
                    better = (msg[1], msg[2])
                    found(msg[1])
                elif kind == "none":
                    finished(role)
                    say(f"kissat: breaks > {msg[1]}")
                    if msg[1] + 1 > lo:
                        lo = info["lo"] = msg[1] + 1
                        proven(lo)
                    if better is not None and better[1] <= lo:
                        return optimal(*better)
                    if "prover" in jobs and prover_at < lo:
                        stop("prover")  # its question is answered: no
                    retarget()
                elif kind == "found":
                    finished(role)
                    value = _breaks_of(prep.inst, msg[2])
                    say(f"kissat: a schedule with {value} breaks")
                    found(msg[2])
                    if better is None or value < better[1]:
                        better = (msg[2], value)
                    if better[1] <= lo:
                        return optimal(*better)
                    retarget()
    finally:
        for role in list(jobs):
            stop(role)
    if better is None and "plan" in info and monitor is not None and monitor.was_cancelled:
        better = (info["plan"], _breaks_of(prep.inst, info["plan"]))
    if better is None:
        return info
    plan, value = better
    lo = min(value, lo)
    say(f"time limit: best schedule {value} breaks, lower bound {lo}")
    notes = [] if lo >= value else [f"breaks not proven minimal: {lo} <= {value}"]
    return {
        "final": "ok",
        "plan": plan,
        "lo": lo,
        "breaks": value,
        "proven": lo >= value,
        "notes": notes,
    }


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
