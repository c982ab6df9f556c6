"""The large-scale anytime solver: construction, repair by ejection, break reduction.

For instances far beyond what an exact model holds (tens of thousands of delegates), in
lexicographic order of the contract: (1) weight held, (2) with ``keep``, kept meetings stay
in place unless moving one lets more weight be held, (3) breaks, with fairness ``d`` as a
hard rule (enforced as "no participant has more than d breaks", which implies
max - min <= d because nobody has fewer than 0).

Phases, all on bitmask state (bit t of ``busy[p]`` = participant p meets in slot t):

1. **construction**: kept meetings, then hinted ones, in their slots; then every other
   meeting in order of LP value, weight and fewest allowed slots, each into the feasible
   slot that adds fewest breaks (ties: least contested slot, then earliest);
2. **insertion with ejection** (weight): an unheld meeting is tried in each allowed slot;
   the meetings in its way (its participants' meetings, or one meeting of its mode when
   the slot is full) are moved to another slot when possible, else ejected if they weigh
   strictly less; ejected meetings are retried; repeated while the weight grows;
3. **large-neighbourhood search** (weight): around an unheld request (of a few drawn
   among those the LP holds, the one of largest weight x LP value), the meetings of
   nearby participants and a few light held meetings of its mode are freed and re-placed
   exactly by CP-SAT, all other meetings fixed; the result is kept only if weight, kept
   meetings in place and breaks do not get worse (kept meetings may move but are never
   dropped);
4. **break reduction**: moves of one meeting into another slot and swaps of two meetings'
   slots that lower the breaks of the participants involved, repeated while they help;
5. **break LNS**: around a participant with breaks (drawn at random), the held meetings
   of nearby participants (breadth first, kept meetings excluded) are re-placed by
   CP-SAT, each staying held, to minimise the exact breaks of everyone involved (runs of
   busy slots minus one, fairness as a hard rule); kept only if the breaks drop.

Every phase keeps each participant's ``max_consecutive`` (meetings back to back): a
placement that would break it is refused (``_State.delta_breaks``), swaps and both
CP-SAT sub-models check it, and the sub-models have it as window constraints.

Determinism: every choice is by a fixed order or by ``random.Random(seed)``; the amount of
work is a fixed number of passes and of LNS rounds, each CP-SAT sub-solve with one worker,
a fixed seed and a deterministic-time limit (never a wall-clock budget), so a seed always
gives the same schedule. ``time_limit`` is only a safety net: when it is reached the
current valid schedule is returned (status "feasible"), which is the only time results may
depend on the machine's speed. With ``require_all``, a schedule that does not hold every
meeting violates the rules: its status is "timeout" (no proof of infeasibility either).
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable

from .bounds import breaks_lower_bound, lp_relaxation, trivial_bound
from .instance import MODES, Instance
from .progress import Monitor
from .result import FEASIBLE, INFEASIBLE, OPTIMAL, TIMEOUT, SlotPlan

#: The LP bound costs about this many seconds per meeting (20,000 delegates, 106,414
#: meetings: 2 s alone, 4 s under a load of 12 on 2 cores); it runs when that estimate
#: is at most LP_SHARE of the time limit, else the trivial bound stands in (a short
#: limit on a huge instance: a weaker bound rather than a late result).
LP_SECONDS_PER_MEETING = 4e-5
LP_SHARE = 0.3
#: Passes of insertion-with-ejection and of break reduction (work budget, not time).
EJECTION_PASSES = 6
BREAK_PASSES = 3
#: Meetings of a full slot tried for relocation when making room there.
ROOM_TRIES = 12
#: Weight LNS: meetings freed around an unheld request (a twelfth of the instance, within
#: these limits), CP-SAT deterministic time per sub-problem, rounds per meeting (within
#: these limits).
LNS_MAX_SIZE = 150
LNS_MIN_SIZE = 40
LNS_DET_TIME = 0.1
LNS_ROUNDS_PER_MEETING = 0.035
LNS_MIN_ROUNDS = 60
LNS_MAX_ROUNDS = 1500
#: Break LNS: held meetings re-placed per round, CP-SAT deterministic time, rounds.
BREAK_LNS_SIZE = 40
BREAK_LNS_DET_TIME = 0.05
BREAK_LNS_ROUNDS_PER_MEETING = 0.025
BREAK_LNS_MAX_ROUNDS = 700


def _breaks(mask: int) -> int:
    return max(0, (mask & ~(mask << 1)).bit_count() - 1)


class _State:
    def __init__(self, instance: Instance, seed: int):
        self.inst = instance
        self.rng = random.Random(seed)
        self.T = len(instance.slots)
        self.full = (1 << self.T) - 1
        n_p = len(instance.participants)
        self.parts = [m.participants for m in instance.meetings]
        self.weight = [m.weight for m in instance.meetings]
        self.allowed = []
        for slots in instance.allowed_slots:
            mask = 0
            for t in slots:
                mask |= 1 << t
            self.allowed.append(mask)
        self.mode = [MODES.index(md) for md in instance.meeting_mode]
        self.cap = [len(instance.locations_by_mode[md]) for md in MODES]  # for _pressure
        # per-slot limits (Instance.resources): locations of a mode that seat a size,
        # interpreter pools; rows_of[k] lists the rows meeting k counts in, the first
        # being its mode's plain location count
        self.rcap = [row.cap for row in instance.resources]
        self.rows_of = instance.resources_of
        self.before = [m.after for m in instance.meetings]  # must be in an earlier slot
        self.succ: list[list[int]] = [[] for _ in instance.meetings]
        for k, m in enumerate(instance.meetings):
            for j in m.after:
                self.succ[j].append(k)
        self.maxm = [
            p.max_meetings if p.max_meetings is not None else self.T for p in instance.participants
        ]
        #: Participant.max_consecutive (None: no limit), checked on every placement
        self.maxc = [p.max_consecutive for p in instance.participants]
        d = instance.rules.fairness
        self.max_breaks = d if d is not None else self.T
        self.slot_of = [-1] * len(instance.meetings)
        self.busy = [0] * n_p
        self.count = [0] * n_p
        self.occ: list[dict[int, int]] = [{} for _ in range(n_p)]  # p -> {slot: meeting}
        self.used = [[0] * self.T for _ in self.rcap]
        self.members: list[list[set[int]]] = [[set() for _ in range(self.T)] for _ in self.rcap]
        self.kept: dict[int, int] = {}
        self.total_weight = 0

    # -- basic operations -----------------------------------------------------------

    def place(self, k: int, t: int) -> None:
        self.slot_of[k] = t
        bit = 1 << t
        for p in self.parts[k]:
            self.busy[p] |= bit
            self.count[p] += 1
            self.occ[p][t] = k
        for r in self.rows_of[k]:
            self.used[r][t] += 1
            self.members[r][t].add(k)
        self.total_weight += self.weight[k]

    def remove(self, k: int) -> int:
        t = self.slot_of[k]
        self.slot_of[k] = -1
        bit = 1 << t
        for p in self.parts[k]:
            self.busy[p] &= ~bit
            self.count[p] -= 1
            del self.occ[p][t]
        for r in self.rows_of[k]:
            self.used[r][t] -= 1
            self.members[r][t].discard(k)
        self.total_weight -= self.weight[k]
        return t

    def window(self, k: int) -> int:
        """Slots allowed by the precedences with the held neighbours of ``k``."""
        lo, hi = 0, self.T - 1
        for j in self.before[k]:
            s = self.slot_of[j]
            if s >= 0 and s + 1 > lo:
                lo = s + 1
        for j in self.succ[k]:
            s = self.slot_of[j]
            if s >= 0 and s - 1 < hi:
                hi = s - 1
        if lo > hi:
            return 0
        return ((1 << (hi + 1)) - 1) & ~((1 << lo) - 1)

    def row_mask(self, r: int) -> int:
        """Slots in which resource row ``r`` has room."""
        used, cap = self.used[r], self.rcap[r]
        mask = 0
        for t in range(self.T):
            if used[t] < cap[t]:
                mask |= 1 << t
        return mask

    def fit_mask(self, k: int) -> int:
        """Slots in which every resource row of ``k`` has room."""
        mask = self.full
        for r in self.rows_of[k]:
            mask &= self.row_mask(r)
        return mask

    def fits(self, k: int, t: int) -> bool:
        return all(self.used[r][t] < self.rcap[r][t] for r in self.rows_of[k])

    def full_rows(self, k: int, t: int) -> list[int]:
        return [r for r in self.rows_of[k] if self.used[r][t] >= self.rcap[r][t]]

    def free_slots(self, k: int) -> int:
        """Slots where ``k`` (not held) fits right now, ignoring max_meetings and fairness."""
        mask = self.allowed[k] & self.window(k)
        for p in self.parts[k]:
            mask &= ~self.busy[p]
        return mask & self.fit_mask(k) if mask else 0

    def can_count(self, k: int) -> bool:
        return all(self.count[p] < self.maxm[p] for p in self.parts[k])

    def in_a_row_ok(self, people) -> bool:
        """No participant of ``people`` has more meetings back to back than it allows."""
        return all(
            self.maxc[p] is None or not self.inst.too_many_in_a_row(p, self.busy[p]) for p in people
        )

    def delta_breaks(self, k: int, t: int, old: int = -1) -> int | None:
        """Change in breaks if ``k`` is put in ``t`` (moved from ``old``); None if unfair
        or if a participant would have more meetings back to back than it allows (every
        placement asks this first, so the schedule never breaks max_consecutive)."""
        bit = 1 << t
        obit = (1 << old) if old >= 0 else 0
        delta = 0
        limit = self.max_breaks
        for p in self.parts[k]:
            b = self.busy[p]
            nb = (b & ~obit) | bit
            after = _breaks(nb)
            if after > limit:
                return None
            if self.maxc[p] is not None and self.inst.too_many_in_a_row(p, nb):
                return None
            delta += after - _breaks(b)
        return delta

    def best_slot(self, k: int, mask: int, pressure=None, old: int = -1) -> int:
        best, best_key = -1, None
        t = 0
        while mask:
            if mask & 1:
                d = self.delta_breaks(k, t, old)
                if d is not None:
                    # prefer adjacency to the participants' meetings (compact days)
                    adj = 0
                    for p in self.parts[k]:
                        b = self.busy[p]
                        if b and not (b >> (t + 1) & 1 or (t > 0 and b >> (t - 1) & 1)):
                            adj += 1
                    press = pressure[self.mode[k]][t] if pressure is not None else 0.0
                    key = (d, adj, press, t)
                    if best_key is None or key < best_key:
                        best, best_key = t, key
            mask >>= 1
            t += 1
        return best

    def total_breaks(self) -> int:
        return sum(_breaks(b) for b in self.busy)


def _pressure(st: _State) -> list[list[float]]:
    """Per mode and slot: demand of the meetings allowed there, over its capacity."""
    T = st.T
    press = [[0.0] * T for _ in MODES]
    for k in range(len(st.parts)):
        mask = st.allowed[k]
        n = mask.bit_count()
        if not n:
            continue
        share = st.weight[k] / n
        row = press[st.mode[k]]
        t = 0
        while mask:
            if mask & 1:
                row[t] += share
            mask >>= 1
            t += 1
    for md in range(len(MODES)):
        cap = max(1, st.cap[md])
        press[md] = [v / cap for v in press[md]]
    return press


class _Clock:
    """The time limit and the caller's cancellation, checked by every phase."""

    def __init__(self, time_limit: float, monitor: Monitor | None = None):
        self.start = time.monotonic()
        self.deadline = self.start + max(0.0, time_limit)
        if monitor is not None:
            self.deadline = min(self.deadline, monitor.deadline)
        self.monitor = monitor
        self.expired = False

    def over(self) -> bool:
        if not self.expired and (
            time.monotonic() > self.deadline
            or (self.monitor is not None and self.monitor.stopped())
        ):
            self.expired = True
        return self.expired


def _construct(st: _State, order: list[int], keep, hint, pressure, clock: _Clock) -> None:
    for source in (keep, hint):
        if not source:
            continue
        for k, t in sorted(source.items()):
            if not (0 <= k < len(st.parts)) or st.slot_of[k] >= 0 or not (0 <= t < st.T):
                continue
            if st.free_slots(k) >> t & 1 and st.can_count(k):
                if st.delta_breaks(k, t) is None:
                    continue
                st.place(k, t)
                if source is keep:
                    st.kept[k] = t
    for i, k in enumerate(order):
        if st.slot_of[k] >= 0:
            continue
        if i % 2048 == 0 and clock.over():
            return
        if not st.can_count(k):
            continue
        mask = st.free_slots(k)
        if mask:
            t = st.best_slot(k, mask, pressure)
            if t >= 0:
                st.place(k, t)


def _relocate(st: _State, b: int, forbidden_bit: int) -> bool:
    """Move held meeting ``b`` to another slot (not in ``forbidden_bit``), if one is free."""
    old = st.slot_of[b]
    st.remove(b)
    mask = st.free_slots(b) & ~forbidden_bit & ~(1 << old)
    t = st.best_slot(b, mask, None, -1) if mask else -1
    if t >= 0:
        st.place(b, t)
        return True
    st.place(b, old)
    return False


def _try_insert(st: _State, k: int, pending: list[int], budget: int | None = None) -> bool:
    """Insert unheld ``k``, moving meetings in its way or ejecting lighter ones.

    ``budget``: ejected meetings must weigh strictly less than this in total (default: the
    weight of ``k``), so that every successful insertion raises the weight held.
    """
    if budget is None:
        budget = st.weight[k]
    if not st.can_count(k):
        return _try_insert_over_limit(st, k, pending, budget)
    cand = st.allowed[k] & st.window(k)
    t = 0
    while cand:
        if cand & 1 and _insert_at(st, k, t, budget, pending):
            return True
        cand >>= 1
        t += 1
    return False


def _undo(st: _State, log: list[tuple[int, int, bool]]) -> None:
    for b, old, was_moved in reversed(log):
        if was_moved:
            st.remove(b)
        st.place(b, old)


def _insert_at(st: _State, k: int, t: int, budget: int, pending: list[int]) -> bool:
    bit = 1 << t
    log: list[tuple[int, int, bool]] = []  # (meeting, old slot, moved (else ejected))
    ejected_weight = 0
    blockers: list[int] = []
    for p in st.parts[k]:
        b = st.occ[p].get(t)
        if b is not None and b not in blockers:
            blockers.append(b)
    for b in blockers:
        old = st.slot_of[b]
        if _relocate(st, b, bit):
            log.append((b, old, True))
            continue
        if b in st.kept or ejected_weight + st.weight[b] >= budget:
            _undo(st, log)
            return False
        st.remove(b)
        log.append((b, old, False))
        ejected_weight += st.weight[b]
    for r in st.rows_of[k]:
        if st.used[r][t] < st.rcap[r][t]:
            continue
        # a bounded sample of the slot's meetings (a full scan is too slow at scale)
        members = sorted(
            itertools.islice(st.members[r][t], 8 * ROOM_TRIES),
            key=lambda j: (j in st.kept, st.weight[j], j),
        )
        room = False
        for j in members[:ROOM_TRIES]:
            oj = st.slot_of[j]
            if _relocate(st, j, bit):
                log.append((j, oj, True))
                room = True
                break
        if not room:
            for j in members:
                if j in st.kept or ejected_weight + st.weight[j] >= budget:
                    break
                oj = st.slot_of[j]
                st.remove(j)
                log.append((j, oj, False))
                ejected_weight += st.weight[j]
                room = True
                break
        if not room:
            _undo(st, log)
            return False
    if (
        st.window(k) >> t & 1
        and not any(st.busy[p] >> t & 1 for p in st.parts[k])
        and st.fits(k, t)
        and st.can_count(k)
        and st.delta_breaks(k, t) is not None
    ):
        st.place(k, t)
        if st.max_breaks < st.T:
            touched = set(st.parts[k])
            for b, _, _ in log:
                touched.update(st.parts[b])
            if any(_breaks(st.busy[p]) > st.max_breaks for p in touched):
                st.remove(k)
                _undo(st, log)
                return False
        pending.extend(b for b, _, was_moved in log if not was_moved)
        return True
    _undo(st, log)
    return False


def _try_insert_over_limit(st: _State, k: int, pending: list[int], budget: int) -> bool:
    """A participant of ``k`` is at max_meetings: make way by ejecting its lightest meeting."""
    ejected: list[tuple[int, int]] = []
    spent = 0
    for p in st.parts[k]:
        if st.count[p] < st.maxm[p]:
            continue
        cands = [j for j in st.occ[p].values() if j not in st.kept]
        if not cands:
            break
        j = min(cands, key=lambda j: (st.weight[j], j))
        if spent + st.weight[j] >= budget:
            break
        spent += st.weight[j]
        ejected.append((j, st.remove(j)))
        if any(_breaks(st.busy[q]) > st.max_breaks for q in st.parts[j] if q not in st.parts[k]):
            break  # the ejection would leave someone over the fairness limit
    if not ejected or any(
        _breaks(st.busy[q]) > st.max_breaks
        for j, _ in ejected
        for q in st.parts[j]
        if q not in st.parts[k]
    ):
        for j, t in reversed(ejected):
            st.place(j, t)
        return False
    if st.can_count(k) and _try_insert(st, k, pending, budget - spent):
        pending.extend(j for j, _ in ejected)
        return True
    for j, t in reversed(ejected):
        st.place(j, t)
    return False


def _eject_pass(st: _State, order_key, clock: _Clock, passes: int) -> None:
    pending = [k for k in range(len(st.parts)) if st.slot_of[k] < 0 and st.allowed[k]]
    for _ in range(passes):
        if clock.over():
            return
        pending.sort(key=order_key)
        start_weight = st.total_weight
        new_pending: list[int] = []
        for i, k in enumerate(pending):
            if i % 512 == 0 and clock.over():
                return
            if st.slot_of[k] >= 0:
                continue
            if not _try_insert(st, k, new_pending):
                new_pending.append(k)
        pending = [k for k in dict.fromkeys(new_pending) if st.slot_of[k] < 0]
        if st.total_weight <= start_weight:
            break


def _break_pass(st: _State, clock: _Clock, passes: int) -> None:
    for _ in range(passes):
        if clock.over():
            return
        improved = 0
        people = [p for p in range(len(st.busy)) if _breaks(st.busy[p]) > 0]
        st.rng.shuffle(people)
        for i, p in enumerate(people):
            if i % 64 == 0 and clock.over():
                return
            if _breaks(st.busy[p]) == 0:
                continue
            for k in sorted(st.occ[p].values()):
                if k in st.kept:
                    continue
                old = st.slot_of[k]
                if old < 0:
                    continue
                if _improve_meeting(st, k, old):
                    improved += 1
                    break
        if not improved:
            break


def _improve_meeting(st: _State, k: int, old: int) -> bool:
    """Move ``k`` to a slot, or swap it with a meeting there, if total breaks drop."""
    base = sum(_breaks(st.busy[p]) for p in st.parts[k])
    st.remove(k)
    mask = st.allowed[k] & st.window(k) & ~(1 << old)
    for p in st.parts[k]:
        mask &= ~st.busy[p]
    # 1. a plain move into a slot with room
    best_t, best_gain = -1, 0
    fit = st.fit_mask(k)
    m = mask & fit
    t = 0
    while m:
        if m & 1:
            d = st.delta_breaks(k, t)
            if d is not None:
                gain = base - (sum(_breaks(st.busy[p] | (1 << t)) for p in st.parts[k]))
                if gain > best_gain:
                    best_t, best_gain = t, gain
        m >>= 1
        t += 1
    if best_t >= 0:
        st.place(k, best_t)
        return True
    # 2. a swap with a meeting of the same mode in a full slot
    m = mask & ~fit
    t = 0
    while m:
        if m & 1 and _swap_gain(st, k, old, t, base):
            return True
        m >>= 1
        t += 1
    st.place(k, old)
    return False


def _swap_gain(st: _State, k: int, old: int, t: int, base_k: int) -> bool:
    pk = st.parts[k]
    full = st.full_rows(k, t)
    if not full:
        return False
    pool = st.members[full[0]][t]
    skip = st.rng.randrange(max(1, min(len(pool), 4 * ROOM_TRIES)))
    members = list(itertools.islice(pool, skip, skip + ROOM_TRIES))
    for j in members:
        if j in st.kept:
            continue
        pj = st.parts[j]
        if not (st.allowed[j] >> old & 1):
            continue
        if any(st.busy[p] >> old & 1 for p in pj):
            continue
        if any(p in pk for p in pj):
            continue
        base_j = sum(_breaks(st.busy[p]) for p in pj)
        st.remove(j)
        if st.window(j) >> old & 1 and st.window(k) >> t & 1 and st.fits(k, t):
            st.place(k, t)
            if st.window(j) >> old & 1 and st.fits(j, old):
                st.place(j, old)
                after = sum(_breaks(st.busy[p]) for p in pk) + sum(_breaks(st.busy[p]) for p in pj)
                fair = all(_breaks(st.busy[p]) <= st.max_breaks for p in pk + pj)
                fair = fair and st.in_a_row_ok(pk + pj)
                if after < base_k + base_j and fair:
                    return True
                st.remove(j)
            st.remove(k)
        st.place(j, t)
    return False


def _add_precedence(st: _State, model, free: list[int], var_of: dict) -> None:
    """In an LNS sub-model: a freed meeting that must come after another freed one may
    not take a slot at or before that one's (when both are held)."""
    free_set = set(free)
    for k in free:
        for j in st.before[k]:
            if j not in free_set:
                continue
            for t in range(st.T):
                v = var_of.get((k, t))
                if v is None:
                    continue
                for s in range(t, st.T):
                    u = var_of.get((j, s))
                    if u is not None:
                        model.add_bool_or([v.Not(), u.Not()])


def _add_in_a_row(st: _State, model, touched: list[int], by_pt: dict) -> None:
    """In an LNS sub-model: each participant with ``max_consecutive`` ``K`` holds at most
    ``K`` meetings in every ``K + 1`` consecutive slots, its fixed meetings included."""
    for p in touched:
        limit = st.maxc[p]
        if limit is None:
            continue
        starts = st.inst.window_starts(limit + 1)
        fixed = st.busy[p]
        for t in range(st.T - limit):
            if not starts >> t & 1:
                continue
            vs = [v for u in range(t, t + limit + 1) for v in by_pt.get((p, u), ())]
            if not vs:
                continue
            room = limit - sum(1 for u in range(t, t + limit + 1) if fixed >> u & 1)
            if len(vs) > room:
                model.add(sum(vs) <= room)


def _solve_and_place(st: _State, model, var_of, seed: int, det_time: float, wall: float) -> bool:
    """Solve an LNS sub-model with one worker, a fixed seed and a deterministic-time
    limit; when it has a solution, place the meetings it chose and return True."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = det_time
    solver.parameters.max_time_in_seconds = max(0.01, wall)
    # small sub-problems: presolve and probing cost more than they save
    solver.parameters.cp_model_presolve = False
    solver.parameters.cp_model_probing_level = 0
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    for (k, t), v in var_of.items():
        if solver.boolean_value(v):
            st.place(k, t)
    return True


def _submodel(st: _State, free: list[int], seed: int, det_time: float, wall: float) -> bool:
    """Re-solve the meetings ``free`` with CP-SAT, all others fixed; True if it improved.

    The model is lean (it must be built thousands of times): one Boolean per meeting and
    free slot, at most one slot per meeting, per participant and slot, per mode and slot
    the residual capacity, residual max_meetings and the precedences. Objective,
    lexicographic through big coefficients: weight, then kept meetings in their slot,
    then few slots apart from the participants' fixed meetings (a cheap proxy for breaks).
    The new placement is applied only if (weight, kept in place, -breaks) does not drop
    and fairness holds; it counts as an improvement only if that triple grows.
    """
    from ortools.sat.python import cp_model

    old = {k: st.slot_of[k] for k in free}
    touched: list[int] = sorted({p for k in free for p in st.parts[k]})

    def score() -> tuple[int, int, int]:
        w = sum(st.weight[k] for k in free if st.slot_of[k] >= 0)
        moved = sum(1 for k in free if k in st.kept and st.slot_of[k] != st.kept[k])
        return (w, -moved, -sum(_breaks(st.busy[p]) for p in touched))

    before = score()
    for k in free:
        if old[k] >= 0:
            st.remove(k)
    model = cp_model.CpModel()
    by_p: dict[int, list] = {}
    by_pt: dict[tuple[int, int], list] = {}
    by_mt: dict[tuple[int, int], list] = {}
    var_of: dict[tuple[int, int], object] = {}
    n_kept = sum(1 for k in free if k in st.kept)
    adj_span = sum(len(st.parts[k]) for k in free) + 1
    kept_coef = adj_span
    weight_coef = adj_span * (n_kept + 1)
    obj_vars, obj_coefs = [], []
    for k in free:
        mask = st.allowed[k] & st.window(k)
        parts = st.parts[k]
        for p in parts:
            mask &= ~st.busy[p]
        if not mask:
            continue
        vs = []
        kept_t = st.kept.get(k, -1)
        rows = st.rows_of[k]
        t = 0
        while mask:
            if mask & 1:
                v = model.new_bool_var("")
                vs.append(v)
                var_of[(k, t)] = v
                coef = weight_coef * st.weight[k] + (kept_coef if t == kept_t else 0)
                for p in parts:
                    b = st.busy[p]
                    if b and not (b >> (t + 1) & 1 or (t > 0 and b >> (t - 1) & 1)):
                        coef -= 1
                    by_pt.setdefault((p, t), []).append(v)
                for r in rows:
                    by_mt.setdefault((r, t), []).append(v)
                obj_vars.append(v)
                obj_coefs.append(coef)
            mask >>= 1
            t += 1
        if k in st.kept and old[k] >= 0:
            model.add_exactly_one(vs)  # a kept meeting may move, never be dropped
        elif len(vs) > 1:
            model.add_at_most_one(vs)
        for p in parts:
            by_p.setdefault(p, []).extend(vs)
    for vs in by_pt.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for p, vs in by_p.items():
        room = st.maxm[p] - st.count[p]
        if len(vs) > room:
            model.add(sum(vs) <= room)
    for (r, t), vs in by_mt.items():
        room = st.rcap[r][t] - st.used[r][t]
        if len(vs) > room:
            model.add(sum(vs) <= room)
    _add_precedence(st, model, free, var_of)
    _add_in_a_row(st, model, touched, by_pt)
    # maximise, written straight into the proto (the expression API is slow at this rate):
    # CP-SAT minimises, so the coefficients are negated and the scaling factor is -1
    objective = model.proto.objective
    objective.vars.extend(v.index for v in obj_vars)
    objective.coeffs.extend(-c for c in obj_coefs)
    objective.scaling_factor = -1.0
    for k in free:
        v = var_of.get((k, old[k])) if old[k] >= 0 else None
        if v is not None:
            model.add_hint(v, True)
    if _solve_and_place(st, model, var_of, seed, det_time, wall):
        after = score()
        fair = st.max_breaks >= st.T or all(_breaks(st.busy[p]) <= st.max_breaks for p in touched)
        if fair and st.in_a_row_ok(touched) and after >= before:
            return after > before
        for k in free:
            if st.slot_of[k] >= 0:
                st.remove(k)
    for k in free:
        if old[k] >= 0:
            st.place(k, old[k])
    return False


def _weight_neighbourhood(st: _State, k: int, size: int) -> list[int]:
    """Meetings around unheld ``k``: its participants' meetings, breadth first, then a few
    light held meetings of its mode in each of its slots (capacity the sub-problem may
    trade for heavier meetings)."""
    free: dict[int, None] = {k: None}
    _grow(st, free, st.parts[k], lambda p: st.inst.meetings_of[p], lambda j: st.allowed[j], size)
    light = max(1, size // 35)
    base = st.rows_of[k][0]
    mask = st.allowed[k]
    t = 0
    while mask:
        if mask & 1:
            pool = st.members[base][t]
            skip = st.rng.randrange(max(1, len(pool) - 4 * ROOM_TRIES + 1))
            sample = sorted(
                itertools.islice(pool, skip, skip + 4 * ROOM_TRIES),
                key=lambda j: (st.weight[j], j),
            )
            for j in sample[:light]:
                free[j] = None
        mask >>= 1
        t += 1
    return list(free)


def _weight_lns(st: _State, clock: _Clock, rounds: int, seed: int, ub: int, value) -> None:
    """Rounds of CP-SAT re-solves around unheld requests: of four drawn, the one of largest
    ``value`` (weight times LP value: the requests an optimum most likely holds), then
    weight. Requests are drawn among the unheld ones of positive value while there are
    any: on the hybrid instances they are a few percent of the unheld requests, and the
    rounds spent on the others gain less."""
    size = min(LNS_MAX_SIZE, max(LNS_MIN_SIZE, len(st.parts) // 12))
    pool: list[int] = []
    for r in range(rounds):
        if clock.over() or st.total_weight >= ub:
            return
        if r % 32 == 0:
            _report(st, clock, force=False)
            unheld = [k for k in range(len(st.parts)) if st.slot_of[k] < 0 and st.allowed[k]]
            if not unheld:
                return
            pool = [k for k in unheld if value[k] > 0] or unheld
        k = max(
            (pool[st.rng.randrange(len(pool))] for _ in range(4)),
            key=lambda j: (value[j], st.weight[j], -j),
        )
        if st.slot_of[k] >= 0:
            continue
        free = _weight_neighbourhood(st, k, size)
        _submodel(st, free, seed * 100003 + r, LNS_DET_TIME, clock.deadline - time.monotonic())


def _report(st: _State, clock: _Clock, force: bool = True) -> None:
    """Tell the monitor about the current schedule (when it is one the rules allow);
    inside a loop (``force`` false) only when a report is due."""
    monitor = clock.monitor
    if monitor is None or monitor.progress is None or not (force or monitor.due()):
        return
    slot_of = {k: t for k, t in enumerate(st.slot_of) if t >= 0}
    if st.inst.rules.require_all and len(slot_of) < len(st.parts):
        return
    monitor.incumbent(slot_of)


def _break_neighbourhood(st: _State, p: int, size: int) -> list[int]:
    """Held meetings around participant ``p`` (with breaks), breadth first over the
    participants they share; kept meetings stay out (they never move for breaks)."""
    free: dict[int, None] = {}
    _grow(st, free, [p], lambda q: sorted(st.occ[q].values()), lambda k: k not in st.kept, size)
    return list(free)


def _grow(st: _State, free: dict[int, None], people, meetings_of, usable, size: int) -> None:
    """Add to ``free`` (up to ``size``) the usable meetings of ``people``, then of the
    participants those meetings share, breadth first."""
    queue = list(people)
    seen = set(queue)
    i = 0
    while i < len(queue) and len(free) < size:
        p = queue[i]
        i += 1
        for k in meetings_of(p):
            if k in free or not usable(k):
                continue
            free[k] = None
            if len(free) >= size:
                break
            for q in st.parts[k]:
                if q not in seen:
                    seen.add(q)
                    queue.append(q)


def _break_submodel(st: _State, free: list[int], seed: int, det_time: float, wall: float) -> bool:
    """Re-place the held meetings ``free`` with CP-SAT (each stays held), all others fixed,
    to minimise the exact breaks of the participants involved; True if they dropped.

    Breaks of a participant with meetings = its runs of consecutive busy slots minus one;
    a run starts in slot t when the participant is busy in t and not in t - 1.
    """
    from ortools.sat.python import cp_model

    old = {k: st.slot_of[k] for k in free}
    touched: list[int] = sorted({p for k in free for p in st.parts[k]})
    before = sum(_breaks(st.busy[p]) for p in touched)
    for k in free:
        st.remove(k)
    model = cp_model.CpModel()
    by_pt: dict[tuple[int, int], list] = {}
    by_mt: dict[tuple[int, int], list] = {}
    var_of: dict[tuple[int, int], object] = {}
    feasible = True
    for k in free:
        mask = st.allowed[k] & st.window(k)
        for p in st.parts[k]:
            mask &= ~st.busy[p]
        rows = st.rows_of[k]
        vs = []
        t = 0
        while mask:
            if mask & 1:
                v = model.new_bool_var("")
                vs.append(v)
                var_of[(k, t)] = v
                for p in st.parts[k]:
                    by_pt.setdefault((p, t), []).append(v)
                for r in rows:
                    by_mt.setdefault((r, t), []).append(v)
            mask >>= 1
            t += 1
        if not vs:
            feasible = False
            break
        model.add_exactly_one(vs)
    if feasible:
        for vs in by_pt.values():
            if len(vs) > 1:
                model.add_at_most_one(vs)
        for (r, t), vs in by_mt.items():
            room = st.rcap[r][t] - st.used[r][t]
            if len(vs) > room:
                model.add(sum(vs) <= room)
        _add_precedence(st, model, free, var_of)
        _add_in_a_row(st, model, touched, by_pt)
        starts = []
        for p in touched:
            fixed = st.busy[p]
            prev = None  # busy in t - 1: an int (fixed) or a linear expression
            runs = []
            for t in range(st.T):
                vs = by_pt.get((p, t))
                cur = (1 if fixed >> t & 1 else 0) if not vs else sum(vs)
                prev_fixed = prev is None or isinstance(prev, int)
                if isinstance(cur, int) and (cur == 0 or (prev_fixed and prev == 1)):
                    pass  # no run can start here
                elif isinstance(cur, int) and prev_fixed:
                    runs.append(1)  # a fixed start
                else:
                    r = model.new_bool_var("")
                    model.add(r >= cur - (prev if prev is not None else 0))
                    runs.append(r)
                prev = cur
            if st.max_breaks < st.T and any(not isinstance(r, int) for r in runs):
                model.add(sum(runs) <= st.max_breaks + 1)
            starts.extend(r for r in runs if not isinstance(r, int))
        model.minimize(sum(starts))
        for k in free:
            v = var_of.get((k, old[k]))
            if v is not None:
                model.add_hint(v, True)
        if _solve_and_place(st, model, var_of, seed, det_time, wall):
            after = sum(_breaks(st.busy[p]) for p in touched)
            fair = st.max_breaks >= st.T or all(
                _breaks(st.busy[p]) <= st.max_breaks for p in touched
            )
            fair = fair and st.in_a_row_ok(touched)
            if fair and after < before and all(st.slot_of[k] >= 0 for k in free):
                return True
            for k in free:
                if st.slot_of[k] >= 0:
                    st.remove(k)
    for k in free:
        st.place(k, old[k])
    return False


def _break_lns(st: _State, clock: _Clock, rounds: int, seed: int) -> None:
    """Rounds of exact break re-solves around participants with breaks (drawn at random)."""
    people: list[int] = []
    for r in range(rounds):
        if clock.over():
            return
        if r % 64 == 0:
            _report(st, clock, force=False)
            people = [p for p in range(len(st.busy)) if _breaks(st.busy[p]) > 0]
            if not people:
                return
        p = people[st.rng.randrange(len(people))]
        if _breaks(st.busy[p]) == 0:
            continue
        free = _break_neighbourhood(st, p, BREAK_LNS_SIZE)
        if len(free) < 2:
            continue
        _break_submodel(
            st, free, seed * 100019 + r, BREAK_LNS_DET_TIME, clock.deadline - time.monotonic()
        )


def solve_large(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    keep: dict[int, int] | None = None,
    hint: dict[int, int] | None = None,
    progress: Callable[[str], None] | None = None,
    monitor: Monitor | None = None,
) -> SlotPlan:
    """Schedule a large instance heuristically; always returns a valid schedule.

    Stops at ``time_limit`` or when ``monitor`` reports a cancellation, returning the
    schedule it has then (every phase leaves a valid one)."""
    clock = _Clock(time_limit, monitor)

    def say(msg: str, phase: str | None = None) -> None:
        if progress is not None:
            progress(msg)
        if monitor is not None:
            monitor.say(msg, phase=phase)

    say("bounds: the LP relaxation", "bounds")
    if LP_SECONDS_PER_MEETING * len(instance.meetings) <= LP_SHARE * time_limit:
        lp = lp_relaxation(instance, time_limit=max(0.05, clock.deadline - time.monotonic()))
    else:  # no time for the LP: the trivial bound, and no LP guidance
        lp = trivial_bound(instance)
    ub = lp.bound
    lb = breaks_lower_bound(instance)
    if monitor is not None:
        monitor.bounds(ub, lb)
    say(f"bounds: weight <= {ub}, breaks >= {lb} ({time.monotonic() - clock.start:.1f}s)")
    st = _State(instance, seed)
    empty = [k for k in range(len(st.parts)) if not st.allowed[k]]
    if instance.rules.require_all and empty:
        return SlotPlan(
            INFEASIBLE,
            {},
            ub,
            lb,
            "large",
            1,
            [f"meeting {instance.meetings[empty[0]].id} has no slot all its participants share"],
        )
    y = lp.y
    n_allowed = [st.allowed[k].bit_count() for k in range(len(st.parts))]

    def order_key(k: int):
        # LP value first: the LP optimum is (nearly) integral on these instances and
        # balances the participants' limits against the scarce mode capacity, which a
        # greedy by weight alone does not see; weight breaks the ties.
        return (-round(float(y[k]), 3), -st.weight[k], n_allowed[k], k)

    order = sorted(range(len(st.parts)), key=order_key)
    pressure = _pressure(st)
    say("construction", "construction")
    _construct(st, order, keep or {}, hint or {}, pressure, clock)
    _report(st, clock)
    say(f"construction: weight {st.total_weight}, breaks {st.total_breaks()}")
    _eject_pass(st, order_key, clock, EJECTION_PASSES)
    _report(st, clock)
    say(f"insertion: weight {st.total_weight}, breaks {st.total_breaks()}", "weight search")
    rounds = min(LNS_MAX_ROUNDS, max(LNS_MIN_ROUNDS, int(LNS_ROUNDS_PER_MEETING * len(st.parts))))
    value = [round(st.weight[k] * float(y[k]), 6) for k in range(len(st.parts))]
    _weight_lns(st, clock, rounds, seed, ub, value)
    _report(st, clock)
    say(f"lns: weight {st.total_weight}, breaks {st.total_breaks()}", "breaks search")
    _break_pass(st, clock, BREAK_PASSES)
    say(f"break moves: breaks {st.total_breaks()}")
    b_rounds = min(BREAK_LNS_MAX_ROUNDS, int(BREAK_LNS_ROUNDS_PER_MEETING * len(st.parts)))
    _break_lns(st, clock, b_rounds, seed)
    breaks = st.total_breaks()
    say(f"breaks: weight {st.total_weight}, breaks {breaks}")
    slot_of = {k: t for k, t in enumerate(st.slot_of) if t >= 0}
    notes = []
    if monitor is not None and monitor.was_cancelled:
        notes.append("cancelled: the schedule is the best found so far")
    elif clock.expired:
        notes.append("time limit reached: the schedule is the best found so far")
    if instance.rules.require_all and len(slot_of) < len(st.parts):
        notes.append(f"{len(st.parts) - len(slot_of)} meetings could not be held (require_all)")
    # optimal only when each tier meets its bound: the weight its upper bound, the kept
    # meetings all in place (a repair), the breaks their lower bound
    moved = sum(1 for k, t in (keep or {}).items() if slot_of.get(k) != t)
    status = OPTIMAL if (st.total_weight == ub and moved == 0 and breaks == lb) else FEASIBLE
    if instance.rules.require_all and len(slot_of) < len(st.parts):
        status = TIMEOUT  # such a plan violates require_all: no schedule was found
    return SlotPlan(status, slot_of, ub, lb, "large", 1, notes)
