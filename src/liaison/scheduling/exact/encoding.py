"""Tiers (2) and (3): the SAT encoding of slots, resources and break starts.

* ``x[k,t]``: meeting ``k`` in slot ``t`` (only allowed slots), at most one slot per
  meeting, exactly one with ``require_all``;
* ``busy[p,t]`` <-> OR of the participant's meetings in slot ``t`` (and at most one);
* per slot and resource row (``Instance.resources``: the locations of a mode that seat a
  size, an interpreter pool) at most its capacity, counted over *clusters* of meetings
  that share a participant (``_Sat._capacity``): one literal per cluster instead of one
  per meeting, the change that made the 12-table ``crafc`` files fast;
* implied: per participant exactly ``#meetings`` busy slots (``require_all``), per slot at
  most ``sum over modes of locations x meeting size`` busy participants;
* back to back (``max_consecutive`` ``K``): of every ``K + 1`` consecutive slots
  (``Instance.consecutive``) one is idle, one clause per window;
* ``before[p,t]``: the participant is busy in some slot ``<= t``; a *break start*
  ``bs[p,t]`` <-> ``busy[p,t]`` and not ``busy[p,t-1]`` and ``before[p,t-1]``: the number of
  breaks of ``p`` is exactly the number of its break starts;
* fairness as a hard rule: when some participant can never have a break (at most one
  meeting), simply at most ``d`` break starts per participant, otherwise exact unary
  counters and a unary minimum;
* symmetry breaking (``_Prep.symmetry_groups``): interchangeable meetings are held in
  slot order, strictly only when they share a participant;
* implied "spread" clauses: a participant who can hold at most ``n`` meetings and meets
  in slots ``t`` and ``u >= t + n`` has a break starting in ``(t, u]``;
* with optional meetings, the weight floor found by tier (1).
"""

from __future__ import annotations

from collections import defaultdict

from pysat.card import CardEnc, EncType

from .params import CARD, SPREAD_MAX_LITERALS
from .prep import _clusters, _Prep


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
        # back to back: a participant with max_consecutive K is idle in one of every
        # K + 1 consecutive slots (a window with a slot it cannot use needs no clause)
        for p, row in enumerate(self.busy):
            limit = inst.participants[p].max_consecutive
            if limit is None:
                continue
            starts = inst.window_starts(limit + 1)
            for t in range(T - limit):
                cells = row[t : t + limit + 1]
                if starts >> t & 1 and all(c is not None for c in cells):
                    add([-c for c in cells])
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
