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
3. **break reduction**: moves of one meeting into another slot and swaps of two meetings'
   slots that lower the breaks of the participants involved, repeated while they help.

Determinism: every choice is by a fixed order or by ``random.Random(seed)``; the amount of
work is a fixed number of passes (never a wall-clock budget), so a seed always gives the
same schedule. ``time_limit`` is only a safety net: when it is reached the current valid
schedule is returned (status "feasible"), which is the only time results may depend on the
machine's speed.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable

from .bounds import breaks_lower_bound, lp_relaxation
from .instance import MODES, Instance
from .result import FEASIBLE, INFEASIBLE, OPTIMAL, SlotPlan

#: Passes of insertion-with-ejection and of break reduction (work budget, not time).
EJECTION_PASSES = 6
BREAK_PASSES = 8
#: Meetings of a full slot tried for relocation when making room there.
ROOM_TRIES = 12


def _blocks(mask: int) -> int:
    return (mask & ~(mask << 1)).bit_count()


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
        self.cap = [len(instance.locations_by_mode[md]) for md in MODES]
        self.before = [m.after for m in instance.meetings]  # must be in an earlier slot
        self.succ: list[list[int]] = [[] for _ in instance.meetings]
        for k, m in enumerate(instance.meetings):
            for j in m.after:
                self.succ[j].append(k)
        self.maxm = [
            p.max_meetings if p.max_meetings is not None else self.T for p in instance.participants
        ]
        d = instance.rules.fairness
        self.max_breaks = d if d is not None else self.T
        self.slot_of = [-1] * len(instance.meetings)
        self.busy = [0] * n_p
        self.count = [0] * n_p
        self.occ: list[dict[int, int]] = [{} for _ in range(n_p)]  # p -> {slot: meeting}
        self.used = [[0] * self.T for _ in MODES]
        self.members: list[list[set[int]]] = [[set() for _ in range(self.T)] for _ in MODES]
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
        md = self.mode[k]
        self.used[md][t] += 1
        self.members[md][t].add(k)
        self.total_weight += self.weight[k]

    def remove(self, k: int) -> int:
        t = self.slot_of[k]
        self.slot_of[k] = -1
        bit = 1 << t
        for p in self.parts[k]:
            self.busy[p] &= ~bit
            self.count[p] -= 1
            del self.occ[p][t]
        md = self.mode[k]
        self.used[md][t] -= 1
        self.members[md][t].discard(k)
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

    def cap_mask(self, md: int) -> int:
        used, cap = self.used[md], self.cap[md]
        mask = 0
        for t in range(self.T):
            if used[t] < cap:
                mask |= 1 << t
        return mask

    def free_slots(self, k: int, cap_mask: int | None = None) -> int:
        """Slots where ``k`` (not held) fits right now, ignoring max_meetings and fairness."""
        mask = self.allowed[k] & self.window(k)
        for p in self.parts[k]:
            mask &= ~self.busy[p]
        if cap_mask is None:
            cap_mask = self.cap_mask(self.mode[k])
        return mask & cap_mask

    def can_count(self, k: int) -> bool:
        return all(self.count[p] < self.maxm[p] for p in self.parts[k])

    def delta_breaks(self, k: int, t: int, old: int = -1) -> int | None:
        """Change in breaks if ``k`` is put in ``t`` (moved from ``old``); None if unfair."""
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
    def __init__(self, time_limit: float):
        self.start = time.monotonic()
        self.deadline = self.start + max(0.0, time_limit)
        self.expired = False

    def over(self) -> bool:
        if not self.expired and time.monotonic() > self.deadline:
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
    md = st.mode[k]
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
    if st.used[md][t] >= st.cap[md]:
        # a bounded sample of the slot's meetings (a full scan is too slow at scale)
        members = sorted(
            itertools.islice(st.members[md][t], 8 * ROOM_TRIES),
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
        and st.used[md][t] < st.cap[md]
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
    T = st.T
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
    _ = T


def _improve_meeting(st: _State, k: int, old: int) -> bool:
    """Move ``k`` to a slot, or swap it with a meeting there, if total breaks drop."""
    md = st.mode[k]
    base = sum(_breaks(st.busy[p]) for p in st.parts[k])
    st.remove(k)
    mask = st.allowed[k] & st.window(k) & ~(1 << old)
    for p in st.parts[k]:
        mask &= ~st.busy[p]
    # 1. a plain move into a slot with room
    best_t, best_gain = -1, 0
    m = mask & st.cap_mask(md)
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
    m = mask & ~st.cap_mask(md)
    t = 0
    while m:
        if m & 1 and _swap_gain(st, k, old, t, base):
            return True
        m >>= 1
        t += 1
    st.place(k, old)
    return False


def _swap_gain(st: _State, k: int, old: int, t: int, base_k: int) -> bool:
    md = st.mode[k]
    pk = st.parts[k]
    pool = st.members[md][t]
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
        if st.window(j) >> old & 1 and st.window(k) >> t & 1:
            st.place(k, t)
            if st.window(j) >> old & 1:
                st.place(j, old)
                after = sum(_breaks(st.busy[p]) for p in pk) + sum(_breaks(st.busy[p]) for p in pj)
                fair = all(_breaks(st.busy[p]) <= st.max_breaks for p in pk + pj)
                if after < base_k + base_j and fair:
                    return True
                st.remove(j)
            st.remove(k)
        st.place(j, t)
    return False


def _submodel(
    st: _State, free: list[int], seed: int, det_time: float, wall: float, breaks: bool = True
) -> bool:
    """Re-solve the meetings ``free`` with CP-SAT, all others fixed; True if it improved.

    Objective, lexicographic through big coefficients: weight, then kept meetings left in
    place, then breaks of every participant touched. The current placement is the hint,
    and the new one is applied only when it is at least as good.
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
        if st.slot_of[k] >= 0:
            st.remove(k)
    T = st.T
    model = cp_model.CpModel()
    x: dict[int, dict[int, object]] = {}
    held: dict[int, object] = {}
    free_set = set(free)
    for k in free:
        mask = st.allowed[k] & st.window(k)
        for p in st.parts[k]:
            mask &= ~st.busy[p]
        vs = {}
        t = 0
        while mask:
            if mask & 1:
                vs[t] = model.NewBoolVar("")
            mask >>= 1
            t += 1
        x[k] = vs
        if vs:
            h = model.NewBoolVar("")
            model.Add(sum(vs.values()) == h)
            held[k] = h
    # precedences between free meetings
    for k in free:
        for j in st.before[k]:
            if j in free_set and x[k] and x[j]:
                for t, v in x[k].items():
                    later = [u for s, u in x[j].items() if s >= t]
                    if later:
                        model.Add(v + sum(later) <= 1)
    # participants: one meeting per slot, max meetings, breaks
    by_pt: dict[tuple[int, int], list] = {}
    for k in free:
        for t, v in x[k].items():
            for p in st.parts[k]:
                by_pt.setdefault((p, t), []).append(v)
    breaks_terms = []
    if not breaks:
        for p in touched:
            mine = [held[k] for k in free if p in st.parts[k] and k in held]
            room = st.maxm[p] - st.count[p]
            if len(mine) > room:
                model.Add(sum(mine) <= room)
            for t in range(T):
                vs = by_pt.get((p, t), [])
                if len(vs) > 1:
                    model.Add(sum(vs) <= 1)
    for p in touched if breaks else ():
        fixed = st.busy[p]
        mine = [held[k] for k in free if p in st.parts[k] and k in held]
        room = st.maxm[p] - st.count[p]
        if len(mine) > room:
            model.Add(sum(mine) <= room)
        b = []
        for t in range(T):
            if fixed >> t & 1:
                b.append(1)
            else:
                vs = by_pt.get((p, t), [])
                if len(vs) > 1:
                    model.Add(sum(vs) <= 1)
                b.append(sum(vs) if vs else 0)
        starts = []
        for t in range(T):
            cur, prev = b[t], (b[t - 1] if t > 0 else 0)
            if isinstance(cur, int) and cur == 0:
                continue
            if isinstance(cur, int) and isinstance(prev, int):
                if cur == 1 and prev == 0:
                    starts.append(1)
                continue
            s = model.NewBoolVar("")
            model.Add(s >= cur - prev)
            starts.append(s)
        if not starts:
            continue
        if fixed:
            has = 1
        else:
            has = model.NewBoolVar("")
            model.Add(has <= sum(v for t in range(T) for v in by_pt.get((p, t), [])))
        brk = sum(starts) - has
        if st.max_breaks < T:
            model.Add(brk <= st.max_breaks)
        breaks_terms.append(brk)
    # capacity per mode and slot
    by_mt: dict[tuple[int, int], list] = {}
    for k in free:
        for t, v in x[k].items():
            by_mt.setdefault((st.mode[k], t), []).append(v)
    for (md, t), vs in by_mt.items():
        room = st.cap[md] - st.used[md][t]
        if len(vs) > room:
            model.Add(sum(vs) <= room)
    kept_free = [k for k in free if k in st.kept]
    moved_terms = []
    for k in kept_free:
        v = x[k].get(st.kept[k])
        moved_terms.append(1 - v if v is not None else 1)
    span = T * len(touched) + 1
    move_coef = span
    weight_coef = span * (len(kept_free) + 1)
    model.Maximize(
        weight_coef * sum(st.weight[k] * h for k, h in held.items())
        - move_coef * sum(moved_terms)
        - sum(breaks_terms)
    )
    for k in free:
        for t, v in x[k].items():
            model.AddHint(v, 1 if old[k] == t else 0)
        if k in held:
            model.AddHint(held[k], 1 if old[k] >= 0 and old[k] in x[k] else 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = det_time
    solver.parameters.max_time_in_seconds = max(0.01, wall)
    import os

    solver.parameters.log_search_progress = bool(os.environ.get("LG_LOG"))
    status = solver.Solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for k in free:
            for t, v in x[k].items():
                if solver.BooleanValue(v):
                    st.place(k, t)
                    break
        if score() >= before:
            return score() > before
        for k in free:
            if st.slot_of[k] >= 0:
                st.remove(k)
    for k in free:
        if old[k] >= 0:
            st.place(k, old[k])
    return False


def _neighbourhood(st: _State, start: int, max_meetings: int) -> list[int]:
    """Meetings around participant ``start``: breadth first through shared meetings."""
    seen_p = {start}
    queue = [start]
    free: dict[int, None] = {}
    i = 0
    while i < len(queue) and len(free) < max_meetings:
        p = queue[i]
        i += 1
        ks = list(st.inst.meetings_of[p])
        st.rng.shuffle(ks)
        for k in ks:
            if k in free or not st.allowed[k]:
                continue
            free[k] = None
            for q in st.parts[k]:
                if q not in seen_p:
                    seen_p.add(q)
                    queue.append(q)
            if len(free) >= max_meetings:
                break
    return list(free)


def _lns(st: _State, clock: _Clock, rounds: int, size: int, det_time: float, seed: int) -> int:
    """Rounds of CP-SAT re-solves around participants with breaks or unheld requests."""
    improved = 0
    n_p = len(st.busy)
    for r in range(rounds):
        if clock.over():
            break
        unheld = [p for p in range(n_p) if _breaks(st.busy[p]) > 0]
        if not unheld:
            unheld = list(range(n_p))
        start = unheld[st.rng.randrange(len(unheld))]
        free = _neighbourhood(st, start, size)
        wall = clock.deadline - time.monotonic()
        if _submodel(st, free, seed * 100003 + r, det_time, wall):
            improved += 1
    return improved


def solve_large(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    keep: dict[int, int] | None = None,
    hint: dict[int, int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> SlotPlan:
    """Schedule a large instance heuristically; always returns a valid schedule."""
    clock = _Clock(time_limit)

    def say(msg: str) -> None:
        if progress is not None:
            progress(msg)

    lp = lp_relaxation(instance)
    ub = lp.bound
    lb = breaks_lower_bound(instance)
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
        return (-st.weight[k], -round(float(y[k]), 3), n_allowed[k], k)

    order = sorted(range(len(st.parts)), key=order_key)
    pressure = _pressure(st)
    _construct(st, order, keep or {}, hint or {}, pressure, clock)
    say(f"construction: weight {st.total_weight}, breaks {st.total_breaks()}")
    _eject_pass(st, order_key, clock, EJECTION_PASSES)
    say(f"insertion: weight {st.total_weight}, breaks {st.total_breaks()}")
    _break_pass(st, clock, BREAK_PASSES)
    breaks = st.total_breaks()
    say(f"breaks: weight {st.total_weight}, breaks {breaks}")
    slot_of = {k: t for k, t in enumerate(st.slot_of) if t >= 0}
    notes = []
    if clock.expired:
        notes.append("time limit reached: the schedule is the best found so far")
    if instance.rules.require_all and len(slot_of) < len(st.parts):
        notes.append(f"{len(st.parts) - len(slot_of)} meetings could not be held (require_all)")
    status = OPTIMAL if (st.total_weight == ub and breaks == lb) else FEASIBLE
    if instance.rules.require_all and len(slot_of) < len(st.parts):
        status = FEASIBLE
    return SlotPlan(status, slot_of, ub, lb, "large", 1, notes)
