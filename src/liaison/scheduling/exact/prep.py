"""Preprocessing shared by the exact solver's models (read first).

``_Prep`` reduces the instance to what the models need: each meeting's domain (the slots
it may use; none when a participant has max_meetings 0 or no location seats it), the
resource rows, who can have breaks, how many meetings each participant can hold at most
(``max_meetings``, ``max_consecutive``), the symmetry groups, and cheap proofs that
``require_all`` cannot be met.  ``_clusters`` groups meetings by a shared participant
for the capacity counters of ``encoding.py``.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from ..instance import Instance


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
        # at most: its meetings, max_meetings, and what max_consecutive leaves of the
        # slots its meetings may use (Instance.most_meetings)
        self.max_held = []
        for p, ks in enumerate(self.live_of):
            mm = instance.participants[p].max_meetings
            most = len(ks) if mm is None else min(mm, len(ks))
            if instance.participants[p].max_consecutive is not None and ks:
                usable = 0
                for k in ks:
                    for t in self.dom[k]:
                        usable |= 1 << t
                most = min(most, instance.most_meetings(p, usable))
            self.max_held.append(most)
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
        isolated pairs, one slot, two tables.)  A swap keeps ``max_consecutive`` too: the
        shared participants' busy slots do not change, and a participant with a single
        meeting never has two back to back."""
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
            if person.max_consecutive is not None and len(ks) > self.max_held[p]:
                return (
                    f"{person.id} has {len(ks)} meetings but at most {self.max_held[p]} fit "
                    f"with no more than {person.max_consecutive} back to back"
                )
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
