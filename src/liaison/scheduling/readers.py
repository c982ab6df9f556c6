"""Readers for `liaison-schedule/1` JSON and the B2B benchmark's MiniZinc `.dzn` files.

Both build an :class:`Instance` completely or raise :class:`InstanceError` with a message
that names the offending entry; nothing is half-read.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from .instance import (
    AFTERNOON,
    ANY,
    MODES,
    MORNING,
    ONSITE,
    SESSIONS,
    Instance,
    InstanceError,
    Interpreter,
    Location,
    Meeting,
    Participant,
    Rules,
    Slot,
)

JSON_FORMAT = "liaison-schedule/1"
#: Larger inputs are refused before reading: 20,000 delegates with ten requests each
#: take about 15 MB, so this leaves a wide margin without letting a stray file exhaust memory.
MAX_INPUT_BYTES = 256 * 1024 * 1024
DZN_SESSIONS = {1: MORNING, 2: AFTERNOON, 3: ANY}
DEFAULT_DZN_FAIRNESS = 2


def load(path: str | os.PathLike, *, fairness: int | None = None) -> Instance:
    """Read an instance file, JSON or `.dzn`, recognised by content (or else extension).

    ``fairness`` overrides the file's rule when given.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InstanceError(f"{path}: cannot read the file ({exc.strerror})") from None
    if size > MAX_INPUT_BYTES:
        raise InstanceError(
            f"{path}: the file is {size / 2**20:,.0f} MB, more than the "
            f"{MAX_INPUT_BYTES // 2**20} MB an instance may have"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InstanceError(f"{path}: the file is not UTF-8 text") from None
    except OSError as exc:
        raise InstanceError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not text.strip():
        raise InstanceError(f"{path}: the file is empty")
    name = path.name.removesuffix(".json").removesuffix(".dzn")
    if text.lstrip().startswith("{") or (path.suffix == ".json"):
        instance = read_json(text, default_name=name)
    else:
        instance = read_dzn(text, name=name)
    if fairness is not None:
        instance.rules = Rules(fairness=fairness, require_all=instance.rules.require_all)
    return instance


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------


def _expect(cond: bool, message: str) -> None:
    if not cond:
        raise InstanceError(message)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _list(doc: dict, key: str, where: str) -> list:
    value = doc.get(key, [])
    _expect(isinstance(value, list), f"{where}: '{key}' must be a list")
    return value


def _index(entries: list, kind: str) -> dict[str, int]:
    """Map ids to positions, rejecting missing and duplicate ids."""
    out: dict[str, int] = {}
    for i, entry in enumerate(entries):
        _expect(isinstance(entry, dict), f"{kind}[{i}] must be an object")
        ident = entry.get("id")
        _expect(
            isinstance(ident, str) and ident != "", f"{kind}[{i}] needs an 'id' that is a string"
        )
        _expect(ident not in out, f"{kind} '{ident}': duplicate id")
        out[ident] = i
    return out


def _parse_time(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    _expect(isinstance(value, str), f"{where} must be an ISO 8601 date-time string")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{where} is not an ISO 8601 date-time: {value!r}") from None


def read_json(text: str, *, default_name: str = "instance") -> Instance:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    return instance_from_dict(doc, default_name=default_name)


def instance_from_dict(doc: Any, *, default_name: str = "instance") -> Instance:
    """Build an instance from a decoded `liaison-schedule/1` document."""
    _expect(isinstance(doc, dict), "the document must be a JSON object")
    _expect(
        doc.get("format") == JSON_FORMAT,
        f"'format' must be \"{JSON_FORMAT}\", not {doc.get('format')!r}",
    )
    name = doc.get("name") or default_name
    _expect(isinstance(name, str), "'name' must be a string")

    raw_slots = _list(doc, "slots", "the document")
    raw_locations = _list(doc, "locations", "the document")
    raw_participants = _list(doc, "participants", "the document")
    raw_meetings = _list(doc, "meetings", "the document")
    _expect(len(raw_slots) > 0, "'slots' is empty: there must be at least one slot")

    slot_ix = _index(raw_slots, "slot")
    _index(raw_locations, "location")  # ids checked for duplicates
    part_ix = _index(raw_participants, "participant")
    meet_ix = _index(raw_meetings, "meeting")

    slots = []
    previous_start: datetime | None = None
    for raw in raw_slots:
        where = f"slot '{raw['id']}'"
        session = raw.get("session", ANY)
        _expect(session in SESSIONS, f"{where}: session must be one of {', '.join(SESSIONS)}")
        start = _parse_time(raw.get("start"), f"{where}: start")
        end = _parse_time(raw.get("end"), f"{where}: end")
        if start and end:
            _expect(end > start, f"{where}: ends before it starts")
        if start and previous_start:
            try:
                in_order = start >= previous_start
            except TypeError:
                raise InstanceError(f"{where}: start mixes times with and without a zone") from None
            _expect(in_order, f"{where}: slots must be listed in time order")
        previous_start = start or previous_start
        slots.append(Slot(raw["id"], session, raw.get("start"), raw.get("end")))

    locations = []
    for raw in raw_locations:
        mode = raw.get("mode", ONSITE)
        _expect(mode in MODES, f"location '{raw['id']}': mode must be onsite or online")
        capacity = raw.get("capacity")
        _expect(
            capacity is None or (_is_int(capacity) and capacity >= 2),
            f"location '{raw['id']}': capacity must be null or a whole number of at least 2",
        )
        locations.append(Location(raw["id"], mode, capacity))

    raw_interpreters = _list(doc, "interpreters", "the document")
    _index(raw_interpreters, "interpreter")
    interpreters = []
    for raw in raw_interpreters:
        where = f"interpreter '{raw['id']}'"
        languages = _language_pair(raw.get("languages"), f"{where}: 'languages'")
        unavailable = raw.get("unavailable") or []
        _expect(isinstance(unavailable, list), f"{where}: 'unavailable' must be a list of slot ids")
        for s in unavailable:
            _expect(s in slot_ix, f"{where}: unavailable slot {s!r} is not a known slot")
        interpreters.append(
            Interpreter(raw["id"], languages, frozenset(slot_ix[s] for s in unavailable))
        )

    participants = []
    for raw in raw_participants:
        where = f"participant '{raw['id']}'"
        mode = raw.get("mode", ONSITE)
        _expect(mode in MODES, f"{where}: mode must be onsite or online")
        unavailable = raw.get("unavailable") or []
        _expect(isinstance(unavailable, list), f"{where}: 'unavailable' must be a list of slot ids")
        blocked = set()
        for s in unavailable:
            _expect(s in slot_ix, f"{where}: unavailable slot {s!r} is not a known slot")
            blocked.add(slot_ix[s])
        max_meetings = raw.get("max_meetings")
        _expect(
            max_meetings is None or (_is_int(max_meetings) and max_meetings >= 0),
            f"{where}: max_meetings must be a whole number of at least 0",
        )
        max_consecutive = raw.get("max_consecutive")
        _expect(
            max_consecutive is None or (_is_int(max_consecutive) and max_consecutive >= 1),
            f"{where}: max_consecutive must be null or a whole number of at least 1 "
            f"(meetings back to back), not {max_consecutive!r}",
        )
        side = raw.get("side")
        _expect(side is None or isinstance(side, str), f"{where}: side must be a string")
        participants.append(
            Participant(raw["id"], mode, side, frozenset(blocked), max_meetings, max_consecutive)
        )

    meetings = []
    for raw in raw_meetings:
        where = f"meeting '{raw['id']}'"
        members = raw.get("participants")
        _expect(isinstance(members, list), f"{where}: 'participants' must be a list of ids")
        for p in members:
            _expect(p in part_ix, f"{where}: participant {p!r} is not a known participant")
        _expect(len(set(members)) == len(members), f"{where}: a participant is listed twice")
        _expect(len(members) >= 2, f"{where}: a meeting needs at least two participants")
        weight = raw.get("weight", 1)
        _expect(_is_int(weight) and weight >= 1, f"{where}: weight must be a whole number >= 1")
        session = raw.get("session", ANY) or ANY
        _expect(session in SESSIONS, f"{where}: session must be one of {', '.join(SESSIONS)}")
        fixed = raw.get("fixed_slot")
        fixed_ix = None
        if fixed is not None:
            _expect(fixed in slot_ix, f"{where}: fixed_slot {fixed!r} is not a known slot")
            fixed_ix = slot_ix[fixed]
        after = raw.get("after") or []
        _expect(isinstance(after, list), f"{where}: 'after' must be a list of meeting ids")
        for a in after:
            _expect(a in meet_ix, f"{where}: 'after' names unknown meeting {a!r}")
            _expect(a != raw["id"], f"{where}: a meeting cannot come after itself")
        pair = raw.get("interpreter")
        if pair is not None:
            pair = _language_pair(pair, f"{where}: 'interpreter'")
        meetings.append(
            Meeting(
                raw["id"],
                tuple(part_ix[p] for p in members),
                weight,
                session,
                fixed_ix,
                tuple(sorted({meet_ix[a] for a in after})),
                pair,
            )
        )

    rules_doc = doc.get("rules") or {}
    _expect(isinstance(rules_doc, dict), "'rules' must be an object")
    fairness = rules_doc.get("fairness")
    _expect(
        fairness is None or (_is_int(fairness) and fairness >= 0),
        "rules.fairness must be null or a whole number >= 0",
    )
    require_all = rules_doc.get("require_all", False)
    _expect(isinstance(require_all, bool), "rules.require_all must be true or false")

    instance = Instance(
        name, slots, locations, participants, meetings, Rules(fairness, require_all), interpreters
    )
    _check_fixed_slots(instance)
    return instance


def _language_pair(value: Any, where: str) -> frozenset[str]:
    """Two different languages, e.g. ["ja", "zh"] (order does not matter)."""
    _expect(
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, str) and v for v in value)
        and value[0] != value[1],
        f'{where} must be a list of two different language codes, e.g. ["ja", "zh"]',
    )
    return frozenset(value)


def _check_fixed_slots(instance: Instance) -> None:
    """A fixed slot outside the meeting's session or when a participant is away is bad input."""
    for m in instance.meetings:
        if m.fixed_slot is None:
            continue
        slot = instance.slots[m.fixed_slot]
        _expect(
            instance.session_allows(m, m.fixed_slot),
            f"meeting '{m.id}': fixed slot '{slot.id}' is not in its {m.session} session",
        )
        for p in m.participants:
            person = instance.participants[p]
            _expect(
                m.fixed_slot not in person.unavailable,
                f"meeting '{m.id}': fixed slot '{slot.id}' is one that "
                f"participant '{person.id}' cannot attend",
            )


# --------------------------------------------------------------------------------------
# MiniZinc data (.dzn) of the B2B benchmark
# --------------------------------------------------------------------------------------

DZN_REQUIRED = (
    "nBusiness",
    "nMeetings",
    "nTables",
    "nTotalSlots",
    "nMorningSlots",
    "requested",
    "forbidden",
    "fixed",
    "precedences",
)

_ASSIGNMENT = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*)$", re.S)


def _dzn_int(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InstanceError(
            f"dzn field '{field}': expected a whole number, got {text.strip()!r}"
        ) from None


def _dzn_set(text: str, field: str) -> set[int]:
    body = text.strip()
    out: set[int] = set()
    if not body:
        return out
    for part in body.split(","):
        part = part.strip()
        if ".." in part:
            lo, hi = part.split("..", 1)
            out.update(range(_dzn_int(lo, field), _dzn_int(hi, field) + 1))
        elif part:
            out.add(_dzn_int(part, field))
    return out


def _parse_dzn(text: str) -> dict[str, str]:
    text = re.sub(r"%[^\n]*", "", text)
    fields: dict[str, str] = {}
    for statement in text.split(";"):
        if not statement.strip():
            continue
        match = _ASSIGNMENT.match(statement)
        if not match:
            snippet = " ".join(statement.split())[:60]
            raise InstanceError(f"dzn: cannot read the statement starting {snippet!r}")
        fields[match.group(1)] = match.group(2).strip()
    return fields


def _dzn_int_array(text: str, field: str) -> list[int]:
    body = text.strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise InstanceError(f"dzn field '{field}': expected an array [ ... ]")
    inner = body[1:-1].strip()
    return [_dzn_int(v, field) for v in inner.split(",") if v.strip()] if inner else []


def _dzn_set_array(text: str, field: str) -> list[set[int]]:
    body = text.strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise InstanceError(f"dzn field '{field}': expected an array of sets [ {{...}}, ... ]")
    return [_dzn_set(s, field) for s in re.findall(r"\{([^}]*)\}", body)]


def _dzn_rows(text: str, field: str) -> list[list[int]]:
    body = text.strip()
    if not (body.startswith("[|") and body.endswith("|]")):
        raise InstanceError(f"dzn field '{field}': expected a 2-d array [| ... |]")
    rows = []
    for row in body[2:-2].split("|"):
        values = [v for v in row.split(",") if v.strip()]
        if values:
            rows.append([_dzn_int(v, field) for v in values])
    return rows


def read_dzn(text: str, *, name: str = "instance", fairness: int | None = None) -> Instance:
    fields = _parse_dzn(text)
    for key in DZN_REQUIRED:
        _expect(key in fields, f"dzn: the field '{key}' is missing")
    n_business = _dzn_int(fields["nBusiness"], "nBusiness")
    n_meetings = _dzn_int(fields["nMeetings"], "nMeetings")
    n_tables = _dzn_int(fields["nTables"], "nTables")
    n_slots = _dzn_int(fields["nTotalSlots"], "nTotalSlots")
    n_morning = _dzn_int(fields["nMorningSlots"], "nMorningSlots")
    _expect(n_slots >= 1, "dzn field 'nTotalSlots' must be at least 1")
    _expect(0 <= n_morning <= n_slots, "dzn field 'nMorningSlots' must be within 0..nTotalSlots")
    _expect(n_tables >= 0 and n_business >= 0, "dzn: nTables and nBusiness must not be negative")

    requested = _dzn_rows(fields["requested"], "requested")
    _expect(
        len(requested) == n_meetings,
        f"dzn field 'requested' has {len(requested)} rows but nMeetings is {n_meetings}",
    )
    forbidden = _dzn_set_array(fields["forbidden"], "forbidden")
    _expect(
        len(forbidden) == n_business,
        f"dzn field 'forbidden' has {len(forbidden)} entries but nBusiness is {n_business}",
    )
    fixed = _dzn_int_array(fields["fixed"], "fixed")
    _expect(
        len(fixed) == n_meetings,
        f"dzn field 'fixed' has {len(fixed)} entries but nMeetings is {n_meetings}",
    )
    precedences = _dzn_set_array(fields["precedences"], "precedences")
    _expect(
        len(precedences) == n_meetings,
        f"dzn field 'precedences' has {len(precedences)} entries but nMeetings is {n_meetings}",
    )

    slots = [Slot(f"t{t + 1}", MORNING if t < n_morning else AFTERNOON) for t in range(n_slots)]
    locations = [Location(f"T{j + 1}", ONSITE) for j in range(n_tables)]
    participants = []
    for i, blocked in enumerate(forbidden):
        bad = [s for s in blocked if s != 0 and not 1 <= s <= n_slots]
        _expect(not bad, f"dzn: forbidden slot {bad[:1]} of participant p{i + 1} is out of range")
        participants.append(
            Participant(f"p{i + 1}", ONSITE, None, frozenset(s - 1 for s in blocked if s != 0))
        )
    meetings = []
    for k, row in enumerate(requested):
        where = f"dzn: meeting m{k + 1} (row {k + 1} of 'requested')"
        _expect(len(row) == 3, f"{where} must have three values: p1, p2, session")
        a, b, session = row
        for p in (a, b):
            _expect(1 <= p <= n_business, f"{where}: participant {p} is not in 1..{n_business}")
        _expect(a != b, f"{where}: a meeting needs two different participants")
        _expect(session in DZN_SESSIONS, f"{where}: session must be 1, 2 or 3, not {session}")
        slot = fixed[k]
        _expect(0 <= slot <= n_slots, f"dzn: fixed slot {slot} of meeting m{k + 1} is out of range")
        before = precedences[k]
        for j in before:
            _expect(1 <= j <= n_meetings and j != k + 1, f"{where}: precedence {j} is invalid")
        meetings.append(
            Meeting(
                f"m{k + 1}",
                (a - 1, b - 1),
                1,
                DZN_SESSIONS[session],
                slot - 1 if slot else None,
                tuple(sorted(j - 1 for j in before)),
            )
        )
    return Instance(
        name,
        slots,
        locations,
        participants,
        meetings,
        Rules(fairness if fairness is not None else DEFAULT_DZN_FAIRNESS, True),
    )
