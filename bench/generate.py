"""Generator of hybrid two-sided B2B meeting instances (`liaison-schedule/1` JSON dicts).

The model of a seminar between Japanese companies ("JP") and Chinese institutions ("CN"),
held in China Standard Time with a morning and an afternoon session of 20-minute slots:

- about 40 % of the delegates are JP, 60 % CN; 30 % attend online;
- online delegates connect from their home time zone: most from East Asia, some from
  Europe or North America, who cannot attend slots at night in their local time;
- every delegate works in one to three cooperation areas; requests are mostly
  cross-side and go to delegates sharing an area, with a popularity skew (some
  institutions are asked by many); a few requests are same-side or three-party;
- weights 1-7 grow with the number of shared areas; some delegates limit their
  number of meetings; a few meetings are fixed (VIP) or must follow another one;
- onsite tables and online video rooms are sized so that capacity binds: the event
  cannot hold every request.

Deterministic from the seed. CLI: ``python bench/generate.py N --seed S > file.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone

FORMAT = "liaison-schedule/1"
AREAS = (
    "digital economy",
    "health care",
    "elderly care",
    "intelligent transport",
    "green energy",
)
AREA_POPULARITY = (5, 4, 3, 3, 4)
CST = timezone(timedelta(hours=8))
EVENT_DAY = (2025, 10, 15)
MORNING_START = (9, 0)
AFTERNOON_START = (14, 0)
SLOT_MINUTES = 20
MORNING_SLOTS = 7
AFTERNOON_SLOTS = 7
#: Home time zones of online delegates (UTC offset in hours, share). Mid-October.
ONLINE_ZONES = (
    ("Asia/Shanghai", 8, 0.35),
    ("Asia/Tokyo", 9, 0.30),
    ("Europe/Berlin", 2, 0.17),
    ("Europe/London", 1, 0.05),
    ("America/New_York", -4, 0.08),
    ("America/Los_Angeles", -7, 0.05),
)
#: An online delegate attends a slot when it starts within these local hours.
LOCAL_DAY = (7, 22)
TABLE_SHARE = 0.20  # onsite tables per onsite delegate
ROOM_SHARE = 0.6  # online room capacity as a share of the online meetings requested


def _slots() -> list[dict]:
    out = []
    y, mo, d = EVENT_DAY
    for session, (h, mi), count in (
        ("morning", MORNING_START, MORNING_SLOTS),
        ("afternoon", AFTERNOON_START, AFTERNOON_SLOTS),
    ):
        start = datetime(y, mo, d, h, mi, tzinfo=CST)
        for _ in range(count):
            end = start + timedelta(minutes=SLOT_MINUTES)
            out.append({"start": start, "end": end, "session": session})
            start = end
    for i, s in enumerate(out):
        s["id"] = f"S{i + 1:02d}"
    return out


def _unavailable_by_zone(slots: list[dict], offset: int) -> list[str]:
    lo, hi = LOCAL_DAY
    out = []
    for s in slots:
        local = s["start"].astimezone(timezone(timedelta(hours=offset)))
        hour = local.hour + local.minute / 60
        if not (lo <= hour < hi):
            out.append(s["id"])
    return out


def _pick_zone(rng: random.Random) -> tuple[str, int]:
    r = rng.random()
    acc = 0.0
    for name, offset, share in ONLINE_ZONES:
        acc += share
        if r < acc:
            return name, offset
    return ONLINE_ZONES[-1][0], ONLINE_ZONES[-1][1]


def generate(n_delegates: int, seed: int = 0) -> dict:
    """A hybrid two-sided instance with ``n_delegates`` delegates, deterministic in ``seed``."""
    if n_delegates < 4:
        raise ValueError("an instance needs at least 4 delegates")
    rng = random.Random(f"liaison-bench-{n_delegates}-{seed}")
    slots = _slots()
    n_slots = len(slots)
    slot_ids = [s["id"] for s in slots]

    n_jp = round(0.4 * n_delegates)
    participants = []
    areas_of: list[tuple[str, ...]] = []
    popularity: list[float] = []
    for i in range(n_delegates):
        side = "JP" if i < n_jp else "CN"
        pid = f"{side.lower()}{(i if side == 'JP' else i - n_jp) + 1:05d}"
        online = rng.random() < 0.30
        entry: dict = {"id": pid, "side": side, "mode": "online" if online else "onsite"}
        unavailable: set[str] = set()
        if online:
            zone, offset = _pick_zone(rng)
            entry["time_zone"] = zone
            unavailable.update(_unavailable_by_zone(slots, offset))
        if rng.random() < 0.08:  # another commitment during the day
            first = rng.randrange(n_slots)
            unavailable.update(slot_ids[first : first + rng.randint(1, 3)])
        if len(unavailable) >= n_slots:  # keep every delegate able to attend something
            unavailable.discard(slot_ids[rng.randrange(n_slots)])
        entry["unavailable"] = sorted(unavailable)
        if rng.random() < 0.25:
            entry["max_meetings"] = rng.randint(3, 8)
        participants.append(entry)
        k = rng.choices((1, 2, 3), weights=(5, 3, 1))[0]
        chosen = set()
        while len(chosen) < k:
            chosen.add(rng.choices(AREAS, weights=AREA_POPULARITY)[0])
        areas_of.append(tuple(sorted(chosen)))
        popularity.append(rng.paretovariate(2.0))

    # candidates per side and area, with popularity as the sampling weight
    pool: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(participants):
        for a in areas_of[i]:
            pool.setdefault((p["side"], a), []).append(i)
    pool_cum: dict[tuple[str, str], list[float]] = {}
    for key, members in pool.items():
        total, cum = 0.0, []
        for i in members:
            total += popularity[i]
            cum.append(total)
        pool_cum[key] = cum

    pairs: set[tuple[int, ...]] = set()
    meetings = []

    def add_meeting(members: tuple[int, ...]) -> None:
        key = tuple(sorted(members))
        if len(set(key)) < len(key) or key in pairs:
            return
        pairs.add(key)
        shared = set(areas_of[members[0]])
        for m in members[1:]:
            shared &= set(areas_of[m])
        weight = min(7, max(1, len(shared) * 2 + rng.randint(-1, 3)))
        session = rng.choices(("any", "morning", "afternoon"), weights=(88, 6, 6))[0]
        meetings.append(
            {
                "id": f"m{len(meetings) + 1:06d}",
                "participants": [participants[m]["id"] for m in members],
                "weight": weight,
                "session": session,
                "fixed_slot": None,
                "after": [],
            }
        )

    for i, p in enumerate(participants):
        other = "CN" if p["side"] == "JP" else "JP"
        # each delegate initiates about five requests; JP companies initiate a few more
        n_req = max(0, round(rng.gauss(6.5 if p["side"] == "JP" else 4.5, 2.0)))
        for _ in range(n_req):
            area = rng.choice(areas_of[i])
            same_side = rng.random() < 0.05
            key = (p["side"] if same_side else other, area)
            members = pool.get(key)
            if not members:
                continue
            j = rng.choices(members, cum_weights=pool_cum[key])[0]
            if rng.random() < 0.02:  # a three-party meeting with a second partner
                k2 = rng.choices(members, cum_weights=pool_cum[key])[0]
                add_meeting((i, j, k2))
            else:
                add_meeting((i, j))

    # a meeting is held at a location of its mode: onsite if everyone is onsite
    by_id = {p["id"]: p for p in participants}
    online_meetings = sum(
        1 for m in meetings if any(by_id[q]["mode"] == "online" for q in m["participants"])
    )
    n_onsite = sum(1 for p in participants if p["mode"] == "onsite")
    n_tables = max(1, round(TABLE_SHARE * n_onsite))
    n_rooms = max(1, round(ROOM_SHARE * online_meetings / n_slots))
    locations = [{"id": f"T{j + 1:04d}", "mode": "onsite"} for j in range(n_tables)]
    locations += [{"id": f"V{j + 1:04d}", "mode": "online"} for j in range(n_rooms)]

    # a few fixed (VIP) meetings, never two for one delegate in one slot
    taken: set[tuple[str, str]] = set()
    fixed_per_slot: dict[tuple[str, bool], int] = {}
    for m in rng.sample(meetings, k=max(1, len(meetings) // 200)):
        online = any(by_id[q]["mode"] == "online" for q in m["participants"])
        blocked = set()
        for q in m["participants"]:
            blocked.update(by_id[q]["unavailable"])
        options = [
            s["id"]
            for s in slots
            if s["id"] not in blocked
            and m["session"] in ("any", s["session"])
            and not any((q, s["id"]) in taken for q in m["participants"])
            and fixed_per_slot.get((s["id"], online), 0) < (n_rooms if online else n_tables) // 4
        ]
        if options:
            slot = rng.choice(options)
            m["fixed_slot"] = slot
            fixed_per_slot[(slot, online)] = fixed_per_slot.get((slot, online), 0) + 1
            for q in m["participants"]:
                taken.add((q, slot))

    # a few follow-up meetings: a delegate's later request comes after an earlier one
    meetings_of: dict[str, list[int]] = {}
    for k, m in enumerate(meetings):
        for q in m["participants"]:
            meetings_of.setdefault(q, []).append(k)
    for k, m in enumerate(meetings):
        if rng.random() < 0.005 and m["fixed_slot"] is None:
            earlier = [j for j in meetings_of[m["participants"][0]] if j < k]
            if earlier:
                m["after"] = [meetings[rng.choice(earlier)]["id"]]

    return {
        "format": FORMAT,
        "name": f"hybrid-{n_delegates}-s{seed}",
        "slots": [
            {
                "id": s["id"],
                "start": s["start"].isoformat(),
                "end": s["end"].isoformat(),
                "session": s["session"],
            }
            for s in slots
        ],
        "locations": locations,
        "participants": participants,
        "meetings": meetings,
        "rules": {"fairness": None, "require_all": False},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of delegates")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    json.dump(generate(args.n, args.seed), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
