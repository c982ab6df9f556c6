"""An independent referee for tiny instances: enumerates every schedule of a
`liaison-schedule/1` document (the raw dict, never the library's Instance) and checks a
`liaison-schedule-result/1` document against the enumeration.

Nothing here imports the scheduler: the rules are re-implemented from the contract
(docs/scheduling.md), so that a mistake in the library's model does not hide itself.
"""

from __future__ import annotations

import random
from itertools import permutations

SESSIONS = ("morning", "afternoon")


def _breaks(slots: list[int]) -> int:
    s = sorted(slots)
    return sum(1 for a, b in zip(s, s[1:]) if b > a + 1)


class Model:
    """The document's rules in index form, for the enumeration and the checker."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.slots = [s["id"] for s in doc["slots"]]
        self.slot_session = [s.get("session", "any") for s in doc["slots"]]
        self.T = len(self.slots)
        sx = {s: t for t, s in enumerate(self.slots)}
        self.people = [p["id"] for p in doc["participants"]]
        px = {p: i for i, p in enumerate(self.people)}
        self.pmode = [p.get("mode", "onsite") for p in doc["participants"]]
        self.away = [{sx[s] for s in p.get("unavailable") or []} for p in doc["participants"]]
        self.maxm = [p.get("max_meetings") for p in doc["participants"]]
        self.maxc = [p.get("max_consecutive") for p in doc["participants"]]
        self.locs = doc["locations"]
        self.interpreters = doc.get("interpreters") or []
        self.meet = doc["meetings"]
        mx = {m["id"]: k for k, m in enumerate(self.meet)}
        self.parts = [[px[p] for p in m["participants"]] for m in self.meet]
        self.weight = [m.get("weight", 1) for m in self.meet]
        self.session = [m.get("session") or "any" for m in self.meet]
        self.fixed = [
            sx[m["fixed_slot"]] if m.get("fixed_slot") is not None else None for m in self.meet
        ]
        self.after = [[mx[a] for a in m.get("after") or []] for m in self.meet]
        self.lang = [
            frozenset(m["interpreter"]) if m.get("interpreter") else None for m in self.meet
        ]
        self.mode = [
            "onsite" if all(self.pmode[p] == "onsite" for p in ps) else "online"
            for ps in self.parts
        ]
        rules = doc.get("rules") or {}
        self.fairness = rules.get("fairness")
        self.require_all = bool(rules.get("require_all"))

    def slot_ok(self, k: int, t: int) -> bool:
        s = self.session[k]
        if s != "any" and self.slot_session[t] not in (s, "any"):
            return False
        if self.fixed[k] is not None and self.fixed[k] != t:
            return False
        return all(t not in self.away[p] for p in self.parts[k])

    def in_a_row(self, slots) -> int:
        """The most busy slots back to back: each the next in order and of the same
        session (the contract's "consecutive" slots)."""
        busy = set(slots)
        most = run = 0
        for t in range(self.T):
            if t not in busy:
                run = 0
            elif run and t - 1 in busy and self.slot_session[t - 1] == self.slot_session[t]:
                run += 1
            else:
                run = 1
            most = max(most, run)
        return most

    def rooms_fit(self, ks: list[int], t: int) -> bool:
        """Can the meetings ``ks`` of slot ``t`` each get their own location (mode and
        size) and interpreter (language pair, available)? Tried exhaustively."""
        locs = list(range(len(self.locs)))
        if len(ks) > len(locs):
            return False

        def fits(k: int, j: int) -> bool:
            loc = self.locs[j]
            cap = loc.get("capacity")
            return loc.get("mode", "onsite") == self.mode[k] and (
                cap is None or cap >= len(self.parts[k])
            )

        if not any(
            all(fits(k, j) for k, j in zip(ks, perm)) for perm in permutations(locs, len(ks))
        ):
            return False
        need = [k for k in ks if self.lang[k] is not None]
        ivs = [
            i
            for i, iv in enumerate(self.interpreters)
            if t not in {self.slots.index(s) for s in iv.get("unavailable") or []}
        ]
        if len(need) > len(ivs):
            return False
        return not need or any(
            all(
                frozenset(self.interpreters[i]["languages"]) == self.lang[k]
                for k, i in zip(need, perm)
            )
            for perm in permutations(ivs, len(need))
        )

    def global_ok(self, slot_of: dict[int, int]) -> bool:
        busy = [[] for _ in self.people]
        for k, t in slot_of.items():
            for p in self.parts[k]:
                busy[p].append(t)
        if self.require_all and len(slot_of) < len(self.meet):
            return False
        if self.fairness is not None:
            b = [_breaks(x) for x in busy]
            if b and max(b) - min(b) > self.fairness:
                return False
        return True

    def value(self, slot_of: dict[int, int]) -> tuple[int, int]:
        busy = [[] for _ in self.people]
        for k, t in slot_of.items():
            for p in self.parts[k]:
                busy[p].append(t)
        return sum(self.weight[k] for k in slot_of), sum(_breaks(x) for x in busy)


def enumerate_schedules(doc: dict):
    """Yield every valid schedule (meeting index -> slot index)."""
    m = Model(doc)
    n = len(m.meet)
    slot_of: dict[int, int] = {}
    busy = [set() for _ in m.people]
    count = [0] * len(m.people)
    in_slot: list[list[int]] = [[] for _ in range(m.T)]

    def order_ok(k: int, t: int) -> bool:
        for j in m.after[k]:  # j must be earlier than k
            if j in slot_of and not slot_of[j] < t:
                return False
        for j, a in enumerate(m.after):  # k must be earlier than j
            if k in a and j in slot_of and not t < slot_of[j]:
                return False
        return True

    def rec(k: int):
        if k == n:
            if m.global_ok(slot_of):
                yield dict(slot_of)
            return
        if not m.require_all:
            yield from rec(k + 1)
        for t in range(m.T):
            if not m.slot_ok(k, t) or any(t in busy[p] for p in m.parts[k]):
                continue
            if any(m.maxm[p] is not None and count[p] >= m.maxm[p] for p in m.parts[k]):
                continue
            if any(
                m.maxc[p] is not None and m.in_a_row(busy[p] | {t}) > m.maxc[p] for p in m.parts[k]
            ):
                continue
            if not order_ok(k, t) or not m.rooms_fit([*in_slot[t], k], t):
                continue
            slot_of[k] = t
            in_slot[t].append(k)
            for p in m.parts[k]:
                busy[p].add(t)
                count[p] += 1
            yield from rec(k + 1)
            for p in m.parts[k]:
                busy[p].discard(t)
                count[p] -= 1
            in_slot[t].pop()
            del slot_of[k]

    yield from rec(0)


def optimum(doc: dict, keep: dict[int, int] | None = None) -> tuple[int, ...] | None:
    """(best weight, fewest breaks at that weight), or None when no schedule is valid.

    With ``keep`` (meeting index -> slot of a previous schedule, each entry still
    allowed), (best weight, fewest kept meetings not in their slot, fewest breaks)."""
    m = Model(doc)
    best = None
    for s in enumerate_schedules(doc):
        w, b = m.value(s)
        if keep is None:
            key = (w, -b)
        else:
            key = (w, -sum(1 for k, t in keep.items() if s.get(k) != t), -b)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    return (best[0], *(-v for v in best[1:]))


def violations(doc: dict, result: dict) -> list[str]:
    """Check a result document's schedule against every rule (empty list: valid)."""
    m = Model(doc)
    mx = {mt["id"]: k for k, mt in enumerate(m.meet)}
    sx = {s: t for t, s in enumerate(m.slots)}
    lx = {loc["id"]: j for j, loc in enumerate(m.locs)}
    ix = {iv["id"]: i for i, iv in enumerate(m.interpreters)}
    out = []
    slot_of: dict[int, int] = {}
    used_loc, used_iv = set(), set()
    for a in result["assignments"]:
        k, t, j = mx.get(a["meeting"]), sx.get(a["slot"]), lx.get(a["location"])
        if k is None or t is None or j is None or k in slot_of:
            out.append(f"bad entry {a}")
            continue
        slot_of[k] = t
        loc = m.locs[j]
        if loc.get("mode", "onsite") != m.mode[k]:
            out.append(f"{a['meeting']}: wrong mode")
        if loc.get("capacity") is not None and loc["capacity"] < len(m.parts[k]):
            out.append(f"{a['meeting']}: table too small")
        if (t, j) in used_loc:
            out.append(f"{a['location']} twice in {a['slot']}")
        used_loc.add((t, j))
        if not m.slot_ok(k, t):
            out.append(f"{a['meeting']}: slot not allowed")
        if m.lang[k] is not None:
            i = ix.get(a.get("interpreter"))
            if i is None:
                out.append(f"{a['meeting']}: no interpreter")
            else:
                iv = m.interpreters[i]
                if frozenset(iv["languages"]) != m.lang[k]:
                    out.append(f"{a['meeting']}: interpreter of another pair")
                if a["slot"] in (iv.get("unavailable") or []):
                    out.append(f"{a['meeting']}: interpreter away")
                if (t, i) in used_iv:
                    out.append(f"interpreter {iv['id']} twice in {a['slot']}")
                used_iv.add((t, i))
    busy = [[] for _ in m.people]
    for k, t in slot_of.items():
        for p in m.parts[k]:
            busy[p].append(t)
        for j in m.after[k]:
            if j in slot_of and not slot_of[j] < t:
                out.append(f"{m.meet[k]['id']}: precedence")
    for p, slots in enumerate(busy):
        if len(set(slots)) < len(slots):
            out.append(f"{m.people[p]}: two meetings in a slot")
        if m.maxm[p] is not None and len(slots) > m.maxm[p]:
            out.append(f"{m.people[p]}: max_meetings")
        if m.maxc[p] is not None and m.in_a_row(slots) > m.maxc[p]:
            out.append(f"{m.people[p]}: max_consecutive")
    if not m.global_ok(slot_of):
        out.append("require_all or fairness")
    return out


def claims_errors(
    doc: dict, result: dict, best: tuple[int, ...] | None, keep: dict[int, int] | None = None
) -> list[str]:
    """Every claim of ``result`` that the enumeration contradicts (``best`` is
    ``optimum(doc, keep)``)."""
    m = Model(doc)
    status, stats = result["status"], result["stats"]
    errs = []
    if status == "infeasible":
        if best is not None:
            errs.append(f"claims infeasible, but {best} is reachable")
        return errs
    if status in ("optimal", "feasible"):
        errs += violations(doc, result)
    if best is None:
        if status != "timeout":
            errs.append(f"claims {status} on an infeasible instance")
        return errs
    ids = {mt["id"]: k for k, mt in enumerate(m.meet)}
    slots = {s: t for t, s in enumerate(m.slots)}
    slot_of = {ids[a["meeting"]]: slots[a["slot"]] for a in result["assignments"]}
    weight, breaks = m.value(slot_of)
    got: tuple[int, ...] = (weight, breaks)
    if keep is not None:
        got = (weight, sum(1 for k, t in keep.items() if slot_of.get(k) != t), breaks)
    if stats["weight_upper_bound"] < best[0]:
        errs.append(f"weight upper bound {stats['weight_upper_bound']} < optimum {best[0]}")
    if stats["breaks_lower_bound"] > best[-1]:
        errs.append(f"breaks lower bound {stats['breaks_lower_bound']} > optimum {best[-1]}")
    if status == "optimal" and got != best:
        errs.append(f"claims optimal with {got}, optimum {best}")
    if stats.get("weight_scheduled", weight) != weight or stats.get("breaks", breaks) != breaks:
        errs.append("stats disagree with the schedule")
    return errs


# --------------------------------------------------------------------------------------
# random tiny instances
# --------------------------------------------------------------------------------------


def tiny(rng: random.Random, *, extended: bool = False, dense: bool | None = None) -> dict:
    """A random instance small enough to enumerate: every feature of the format drawn
    with some probability (sessions, unavailability, max_meetings, max_consecutive,
    fixed slots, precedence, fairness, require_all, online delegates, isolated pairs; with
    ``extended`` also meetings of three, table capacities and interpreters).  ``dense``
    instances (drawn half of the time unless given) have few delegates with several
    requests each, so that breaks and fairness matter."""
    if dense is None:
        dense = rng.random() < 0.5
    n_slots = rng.randint(3, 5) if dense else rng.randint(1, 4)
    sessions = rng.random() < 0.3
    slots = []
    for t in range(n_slots):
        s = {"id": f"S{t + 1}"}
        if sessions:
            s["session"] = "morning" if t < (n_slots + 1) // 2 else "afternoon"
            if rng.random() < 0.15:
                s["session"] = "any"  # a slot of no session: consecutive with none of them
        slots.append(s)
    locations = []
    for j in range(rng.randint(1, 3)):
        loc = {"id": f"L{j + 1}", "mode": "online" if rng.random() < 0.25 else "onsite"}
        if extended and rng.random() < 0.4:
            loc["capacity"] = rng.choice([2, 3, 4])
        locations.append(loc)
    n_people = rng.randint(3, 4) if dense else rng.randint(2, 5)
    people = []
    for i in range(n_people):
        p = {"id": f"p{i}", "side": rng.choice(["JP", "CN"])}
        if rng.random() < 0.2:
            p["mode"] = "online"
        if rng.random() < 0.25:
            p["unavailable"] = [s["id"] for s in slots if rng.random() < 0.4]
        if rng.random() < 0.15:
            p["max_meetings"] = rng.randint(0, 2)
        if rng.random() < (0.4 if dense else 0.15):
            p["max_consecutive"] = rng.choice([1, 1, 2])
        people.append(p)
    meetings = []
    n_meetings = rng.randint(3, 6) if dense else rng.randint(1, 5)
    for k in range(n_meetings):
        if rng.random() < 0.2:  # an isolated pair: two delegates with a single request
            a, b = f"q{k}a", f"q{k}b"
            people += [{"id": a, "side": "JP"}, {"id": b, "side": "CN"}]
            members = [a, b]
        else:
            size = 3 if extended and rng.random() < 0.2 and n_people >= 3 else 2
            members = [people[i]["id"] for i in rng.sample(range(n_people), size)]
        m = {"id": f"m{k + 1}", "participants": members}
        if rng.random() < 0.4:
            m["weight"] = rng.randint(1, 4)
        if sessions and rng.random() < 0.3:
            m["session"] = rng.choice(SESSIONS)
        if rng.random() < 0.1:
            t = rng.randrange(n_slots)
            m["fixed_slot"] = slots[t]["id"]
        if k and rng.random() < 0.15:
            m["after"] = [f"m{rng.randint(1, k)}"]
        if extended and rng.random() < 0.3:
            m["interpreter"] = rng.choice([["ja", "zh"], ["en", "zh"]])
        meetings.append(m)
    doc = {
        "format": "liaison-schedule/1",
        "name": "tiny",
        "slots": slots,
        "locations": locations,
        "participants": people,
        "meetings": meetings,
        "rules": {
            "fairness": rng.choice([None, None, 0, 1, 2]),
            "require_all": rng.random() < 0.35,
        },
    }
    if extended and rng.random() < 0.6:
        doc["interpreters"] = [
            {
                "id": f"i{i}",
                "languages": rng.choice([["ja", "zh"], ["en", "zh"]]),
                **(
                    {"unavailable": [slots[rng.randrange(n_slots)]["id"]]}
                    if rng.random() < 0.3
                    else {}
                ),
            }
            for i in range(rng.randint(1, 2))
        ]
    _drop_bad_fixed(doc)
    return doc


def _drop_bad_fixed(doc: dict) -> None:
    """A fixed slot outside the session or when a participant is away is bad input (the
    reader rejects it): such draws lose their fixed slot."""
    m = Model(doc)
    for k, mt in enumerate(doc["meetings"]):
        if mt.get("fixed_slot") is None:
            continue
        t = m.fixed[k]
        m.fixed[k] = None
        if not m.slot_ok(k, t):
            del mt["fixed_slot"]
        m.fixed[k] = t if "fixed_slot" in mt else None
