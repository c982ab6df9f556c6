"""The baseline: first-come-first-served self-booking, as a typical event platform does it.

Requests arrive in a random order (fixed by the seed); each is booked into the earliest
slot where all its delegates are free and available, a location of its mode is free, the
session, fixed slot and precedences with already booked meetings allow it, and no delegate
goes over max_meetings or max_consecutive (meetings back to back). A booking is never
moved later; a request that finds no slot is turned down.
"""

from __future__ import annotations

import random

from .instance import Instance
from .result import FEASIBLE, SlotPlan


def self_booking(instance: Instance, seed: int = 0) -> SlotPlan:
    rng = random.Random(seed)
    n_slots = len(instance.slots)
    order = list(range(len(instance.meetings)))
    rng.shuffle(order)
    caps = [row.cap for row in instance.resources]  # locations that seat, interpreters
    used = [[0] * n_slots for _ in caps]
    rows_of = instance.resources_of
    busy = [0] * len(instance.participants)
    count = [0] * len(instance.participants)
    limit = [
        p.max_meetings if p.max_meetings is not None else n_slots for p in instance.participants
    ]
    later: list[list[int]] = [[] for _ in instance.meetings]
    for k, m in enumerate(instance.meetings):
        for j in m.after:
            later[j].append(k)
    slot_of: dict[int, int] = {}
    for k in order:
        m = instance.meetings[k]
        if any(count[p] >= limit[p] for p in m.participants):
            continue
        lo = max((slot_of[j] + 1 for j in m.after if j in slot_of), default=0)
        hi = min((slot_of[j] - 1 for j in later[k] if j in slot_of), default=n_slots - 1)
        for t in instance.allowed_slots[k]:
            if t < lo or t > hi or any(used[r][t] >= caps[r][t] for r in rows_of[k]):
                continue
            if any(busy[p] >> t & 1 for p in m.participants):
                continue
            if any(instance.too_many_in_a_row(p, busy[p] | 1 << t) for p in m.participants):
                continue  # a delegate who asked for fewer meetings back to back
            slot_of[k] = t
            for r in rows_of[k]:
                used[r][t] += 1
            for p in m.participants:
                busy[p] |= 1 << t
                count[p] += 1
            break
    return SlotPlan(FEASIBLE, slot_of, 0, 0, "self-booking", 1, [])
