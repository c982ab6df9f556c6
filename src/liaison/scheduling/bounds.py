"""Bounds that every result reports: an upper bound on weight, a lower bound on breaks.

``weight_upper_bound`` solves a time-indexed LP relaxation with HiGHS. Slots are grouped
into classes (every slot its own class unless the model would be too large); for meeting
``k`` and class ``g`` the variable ``x[k,g]`` is the fraction of ``k`` held in ``g``:

- ``sum_g x[k,g] <= 1`` and ``x[k,g] = 0`` unless ``k`` is allowed in some slot of ``g``;
- participant ``p``: ``sum x <= min(#slots p can use, max_meetings)``, and with
  ``max_consecutive`` ``K`` at most ``L - L // (K + 1)`` in each stretch of ``L``
  consecutive slots it can use (``Instance.most_meetings``);
- participant ``p`` and class ``g``: ``sum x[., g] <= #slots of g that p can use``;
- resource row ``r`` (``Instance.resources``: the locations of a mode that seat a size,
  an interpreter pool) and class ``g``: ``sum x[r's meetings, g] <= sum of r's
  capacity over the slots of g``.

Any integer schedule satisfies these (count its meetings per class), so for *any*
grouping of the slots the LP value bounds the best weight; with singleton classes it is the
full time-indexed LP (per participant and slot, per mode and slot), which is stronger than
the aggregate LP of the contract. The reported bound is not the floating-point LP value
but a dual bound recomputed from HiGHS's dual solution (any nonnegative duals give a valid
bound), so round-off cannot push it below the true optimum; it is then floored.

``breaks_lower_bound`` is 0 unless every meeting must be held (``require_all``); then a
participant whose meetings cannot be matched to the slots of one run of consecutive slots
(or of two runs) must have at least one (or two) breaks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .instance import Instance

#: Above this many (meeting, slot) variables the time-indexed LP is too slow for HiGHS
#: (it is highly degenerate: 130,000 columns take over 10 s); the slots then form a single
#: class, which is the aggregate LP of the contract (100,000 meetings: about 2 s).
MAX_LP_COLUMNS = 40_000


@dataclass
class LPBound:
    bound: int  # floored valid upper bound on the weight
    value: float  # LP objective as reported by HiGHS
    y: np.ndarray  # per meeting: its LP value sum_g x[k,g]
    classes: list[list[int]]  # the slot classes used
    x: dict[int, dict[int, float]]  # meeting -> {class index: value} for positive values


def _usable_slots(instance: Instance) -> list[int]:
    """Per participant, the bitmask of slots in which at least one of its meetings may be."""
    allowed = instance.allowed_slots
    out = [0] * len(instance.participants)
    for k, m in enumerate(instance.meetings):
        mask = 0
        for t in allowed[k]:
            mask |= 1 << t
        for p in m.participants:
            out[p] |= mask
    return out


def _slot_classes(instance: Instance, allowed_total: int) -> list[list[int]]:
    n_slots = len(instance.slots)
    if allowed_total <= MAX_LP_COLUMNS:
        return [[t] for t in range(n_slots)]
    return [list(range(n_slots))]


def lp_relaxation(instance: Instance, time_limit: float = 120.0) -> LPBound:
    """Solve the time-indexed LP relaxation; the bound is valid for any slot grouping.

    ``time_limit`` bounds HiGHS; when it stops first, the bound is the trivial one
    (the weight of every meeting that has a slot)."""
    import highspy

    n_meetings = len(instance.meetings)
    allowed = instance.allowed_slots
    allowed_total = sum(len(a) for a in allowed)
    classes = _slot_classes(instance, allowed_total)
    class_of = [0] * len(instance.slots)
    for g, members in enumerate(classes):
        for t in members:
            class_of[t] = g
    n_classes = len(classes)
    usable = _usable_slots(instance)

    # columns: (meeting, class) pairs with at least one allowed slot
    col_meeting: list[int] = []
    col_class: list[int] = []
    for k in range(n_meetings):
        seen = set()
        for t in allowed[k]:
            g = class_of[t]
            if g not in seen:
                seen.add(g)
                col_meeting.append(k)
                col_class.append(g)
    n_cols = len(col_meeting)
    if n_cols == 0:
        return LPBound(0, 0.0, np.zeros(n_meetings), classes, {})
    cm = np.asarray(col_meeting, dtype=np.int64)
    cg = np.asarray(col_class, dtype=np.int64)
    weights = np.asarray([m.weight for m in instance.meetings], dtype=np.float64)

    rows_upper: list[float] = []
    entries_row: list[np.ndarray] = []
    entries_col: list[np.ndarray] = []

    # meeting rows (only for meetings with more than one class)
    cols_per_meeting = np.bincount(cm, minlength=n_meetings)
    multi = cols_per_meeting > 1
    if multi.any():
        meeting_row = np.full(n_meetings, -1, dtype=np.int64)
        ids = np.nonzero(multi)[0]
        meeting_row[ids] = np.arange(len(ids))
        sel = np.nonzero(multi[cm])[0]
        entries_row.append(meeting_row[cm[sel]])
        entries_col.append(sel)
        rows_upper.extend([1.0] * len(ids))

    # participant rows and participant-class rows
    pc_row: dict[tuple[int, int], int] = {}
    part_row: dict[int, int] = {}
    prow_list: list[int] = []
    pcol_list: list[int] = []
    cols_of_meeting: list[list[int]] = [[] for _ in range(n_meetings)]
    for c, k in enumerate(col_meeting):
        cols_of_meeting[k].append(c)
    for p, person in enumerate(instance.participants):
        ks = instance.meetings_of[p]
        cols = [c for k in ks for c in cols_of_meeting[k]]
        if not cols:
            continue
        usable_count = usable[p].bit_count()
        cap = usable_count
        if person.max_meetings is not None:
            cap = min(cap, person.max_meetings)
        if person.max_consecutive is not None:  # an idle slot in every K + 1 in a row
            cap = min(cap, instance.most_meetings(p, usable[p]))
        if cap < len(ks):  # otherwise implied by the meeting rows
            r = len(rows_upper)
            part_row[p] = r
            rows_upper.append(float(cap))
            prow_list.extend([r] * len(cols))
            pcol_list.extend(cols)
        by_class: dict[int, list[int]] = {}
        for c in cols:
            by_class.setdefault(col_class[c], []).append(c)
        for g, gcols in by_class.items():
            room = sum(1 for t in classes[g] if usable[p] >> t & 1)
            if len(gcols) > room:  # else implied by the bounds x <= 1
                r = len(rows_upper)
                pc_row[(p, g)] = r
                rows_upper.append(float(room))
                prow_list.extend([r] * len(gcols))
                pcol_list.extend(gcols)
    entries_row.append(np.asarray(prow_list, dtype=np.int64))
    entries_col.append(np.asarray(pcol_list, dtype=np.int64))

    # resource-class rows: per row of Instance.resources (locations of a mode that seat
    # a size, an interpreter pool) and slot class, the meetings it counts held there are
    # at most its capacity summed over the class's slots
    for row in instance.resources:
        member = np.zeros(n_meetings, dtype=bool)
        member[row.meetings] = True
        sel = np.nonzero(member[cm])[0]
        if not len(sel):
            continue
        base = len(rows_upper)
        for g in range(n_classes):
            rows_upper.append(float(sum(row.cap[t] for t in classes[g])))
        entries_row.append(base + cg[sel])
        entries_col.append(sel)

    rows = np.concatenate(entries_row)
    cols = np.concatenate(entries_col)
    n_rows = len(rows_upper)
    order = np.lexsort((rows, cols))
    rows = rows[order]
    cols = cols[order]
    starts = np.zeros(n_cols + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols, minlength=n_cols), out=starts[1:])

    cost = weights[cm]
    upper = np.ones(n_cols)
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = upper
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    rhs = np.asarray(rows_upper, dtype=np.float64)
    lp.row_upper_ = rhs
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts.astype(np.int32)
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = np.ones(len(rows))
    h = _quiet_highs(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", max(0.01, float(time_limit)))
    h.passModel(lp)
    h.run()
    info = h.getInfo()
    status = h.getModelStatus()
    sol = h.getSolution()
    if status != highspy.HighsModelStatus.kOptimal or not sol.dual_valid:
        # fall back to the trivial bound: every meeting that has an allowed slot
        trivial = int(sum(weights[k] for k in range(n_meetings) if allowed[k]))
        return LPBound(trivial, float(trivial), np.ones(n_meetings), classes, {})
    value = float(info.objective_function_value)
    # Valid dual bound: for y >= 0, c.x <= b.y + sum_j u_j max(0, c_j - (A^T y)_j).
    duals = np.maximum(np.asarray(sol.row_dual, dtype=np.float64), 0.0)
    # HiGHS reports duals of a maximisation with the sign convention of the minimisation of
    # -c; take absolute values where needed by checking both conventions.
    dual_bound = _dual_bound(cost, upper, rhs, rows, cols, duals)
    alt = _dual_bound(cost, upper, rhs, rows, cols, np.maximum(-np.asarray(sol.row_dual), 0.0))
    bound_value = min(dual_bound, alt)
    bound = int(math.floor(bound_value + 1e-6))
    xs = np.asarray(sol.col_value, dtype=np.float64)
    y = np.bincount(cm, weights=xs, minlength=n_meetings)
    x: dict[int, dict[int, float]] = {}
    for c in np.nonzero(xs > 1e-9)[0]:
        x.setdefault(int(cm[c]), {})[int(cg[c])] = float(xs[c])
    return LPBound(bound, value, y, classes, x)


def trivial_bound(instance: Instance) -> LPBound:
    """The weight of every meeting that has an allowed slot (no LP solved); its ``y`` is 1
    for each of them, so that it guides nothing."""
    allowed = instance.allowed_slots
    y = np.asarray([1.0 if a else 0.0 for a in allowed])
    total = int(sum(m.weight for m, a in zip(instance.meetings, allowed) if a))
    return LPBound(total, float(total), y, [list(range(len(instance.slots)))], {})


def _quiet_highs(highspy):
    """A Highs object, without the banner HiGHS prints to standard output when created
    (it would corrupt a result written to standard output)."""
    import os
    import sys

    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:
        return highspy.Highs()
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _dual_bound(cost, upper, rhs, rows, cols, duals) -> float:
    reduced = cost - np.bincount(cols, weights=duals[rows], minlength=len(cost))
    return float(rhs @ duals + upper @ np.maximum(reduced, 0.0))


def weight_upper_bound(instance: Instance, time_limit: float = 120.0) -> int:
    """A valid upper bound on the total weight of the meetings that can be held."""
    return lp_relaxation(instance, time_limit).bound


# --------------------------------------------------------------------------------------
# breaks
# --------------------------------------------------------------------------------------


def _matches(slot_sets: list[list[int]], chosen: set[int]) -> bool:
    """Can every meeting (its allowed slots given) get its own slot in ``chosen``?"""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for t in slot_sets[i]:
            if t in chosen and t not in seen:
                seen.add(t)
                if t not in owner or augment(owner[t], seen):
                    owner[t] = i
                    return True
        return False

    return all(augment(i, set()) for i in range(len(slot_sets)))


def participant_breaks_lower_bound(instance: Instance, p: int) -> int:
    """0, 1 or 2: breaks that participant ``p`` must have if all its meetings are held."""
    ks = instance.meetings_of[p]
    n = len(ks)
    if n <= 1:
        return 0
    n_slots = len(instance.slots)
    slot_sets = [instance.allowed_slots[k] for k in ks]
    if any(not s for s in slot_sets):
        return 0  # cannot be held at all: the instance is infeasible, nothing to say here
    usable = set().union(*slot_sets)
    for s in range(n_slots - n + 1):
        run = set(range(s, s + n))
        if run <= usable and _matches(slot_sets, run):
            return 0
    for n1 in range(1, n):
        n2 = n - n1
        for a in range(n_slots - n + 1):
            first = set(range(a, a + n1))
            if not first <= usable:
                continue
            for b in range(a + n1 + 1, n_slots - n2 + 1):
                second = set(range(b, b + n2))
                if second <= usable and _matches(slot_sets, first | second):
                    return 1
    return 2


def breaks_lower_bound(instance: Instance) -> int:
    """A valid lower bound on the total breaks (0 unless every meeting must be held)."""
    if not instance.rules.require_all:
        return 0
    return sum(
        participant_breaks_lower_bound(instance, p) for p in range(len(instance.participants))
    )
