"""The scheduling problem as plain data (see shared/design/scheduling.md).

Everything is indexed by position once the instance is built: slot ``t`` is
``instance.slots[t]``, participant ``p`` is ``instance.participants[p]``, and so on.
Solvers work on these integer indices; ids only appear at the edges (readers, writer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

ONSITE = "onsite"
ONLINE = "online"
MODES = (ONSITE, ONLINE)

MORNING = "morning"
AFTERNOON = "afternoon"
ANY = "any"
SESSIONS = (MORNING, AFTERNOON, ANY)


class InstanceError(ValueError):
    """An instance that cannot be scheduled as given; the message names the entry."""


@dataclass(frozen=True)
class Slot:
    id: str
    session: str = ANY
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Location:
    id: str
    mode: str = ONSITE
    capacity: int | None = None  # seats; None: any meeting fits


@dataclass(frozen=True)
class Interpreter:
    id: str
    languages: frozenset[str]  # the pair of languages interpreted
    unavailable: frozenset[int] = frozenset()  # slot indices


@dataclass(frozen=True)
class Participant:
    id: str
    mode: str = ONSITE
    side: str | None = None
    unavailable: frozenset[int] = frozenset()  # slot indices
    max_meetings: int | None = None
    #: at most this many meetings back to back (in consecutive slots, see
    #: ``Instance.consecutive``); None: no limit
    max_consecutive: int | None = None


@dataclass(frozen=True)
class Meeting:
    id: str
    participants: tuple[int, ...]  # participant indices, at least two, distinct
    weight: int = 1
    session: str = ANY
    fixed_slot: int | None = None  # slot index
    after: tuple[int, ...] = ()  # meeting indices that must be held in an earlier slot
    interpreter: frozenset[str] | None = None  # the language pair of the interpreter needed


@dataclass(frozen=True)
class Resource:
    """At most ``cap[t]`` of ``meetings`` in slot ``t`` (see ``Instance.resources``)."""

    name: str
    meetings: list[int]
    cap: list[int]  # per slot
    mode: str | None  # the locations' mode, None for an interpreter pool


@dataclass(frozen=True)
class Rules:
    fairness: int | None = None
    require_all: bool = False


@dataclass
class Instance:
    name: str
    slots: list[Slot]
    locations: list[Location]
    participants: list[Participant]
    meetings: list[Meeting]
    rules: Rules = field(default_factory=Rules)
    interpreters: list[Interpreter] = field(default_factory=list)

    # -- derived facts, computed once -------------------------------------------------

    @cached_property
    def meeting_mode(self) -> list[str]:
        """A meeting is onsite when all its participants are onsite, else online."""
        return [
            ONSITE if all(self.participants[p].mode == ONSITE for p in m.participants) else ONLINE
            for m in self.meetings
        ]

    @cached_property
    def locations_by_mode(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {ONSITE: [], ONLINE: []}
        for j, loc in enumerate(self.locations):
            out[loc.mode].append(j)
        return out

    @cached_property
    def meetings_of(self) -> list[list[int]]:
        """Meeting indices of each participant."""
        out: list[list[int]] = [[] for _ in self.participants]
        for k, m in enumerate(self.meetings):
            for p in m.participants:
                out[p].append(k)
        return out

    def locations_fitting(self, mode: str, size: int) -> list[int]:
        """Locations of ``mode`` with room for a meeting of ``size`` people (computed
        once per mode and size: 20,000 delegates have thousands of locations)."""
        key = (mode, size)
        cache = self._fitting
        if key not in cache:
            cache[key] = [
                j
                for j in self.locations_by_mode[mode]
                if self.locations[j].capacity is None or self.locations[j].capacity >= size
            ]
        return cache[key]

    @cached_property
    def _fitting(self) -> dict[tuple[str, int], list[int]]:
        return {}

    def interpreters_of(self, pair: frozenset[str]) -> list[int]:
        """The interpreters of a language pair (the pool a meeting draws from)."""
        return self._pools.get(pair, [])

    @cached_property
    def _pools(self) -> dict[frozenset[str], list[int]]:
        out: dict[frozenset[str], list[int]] = {}
        for i, iv in enumerate(self.interpreters):
            out.setdefault(iv.languages, []).append(i)
        return out

    def interpreter_capacity(self, pair: frozenset[str], t: int) -> int:
        """Interpreters of ``pair`` available in slot ``t``."""
        return sum(
            1 for i in self.interpreters_of(pair) if t not in self.interpreters[i].unavailable
        )

    @cached_property
    def resources(self) -> list[Resource]:
        """Every per-slot limit on meetings besides the participants' own, as rows
        "at most ``cap[t]`` of ``meetings`` in slot ``t``":

        - per mode and meeting size ``s``: the meetings of that mode with at least ``s``
          people, at most the locations of the mode that seat ``s`` (the smallest size
          of a mode gives its plain location count; a larger size only when fewer
          locations seat it).  Since the sets of locations are nested, a slot's
          meetings can be given locations exactly when every row holds;
        - per interpreter pool: the meetings needing that language pair, at most the
          pool's interpreters available in the slot.

        Solvers, bounds and the baseline all count these rows; ``locations_by_mode``
        alone no longer describes the capacity when tables have sizes."""
        n_slots = len(self.slots)
        rows: list[Resource] = []
        sizes = [len(m.participants) for m in self.meetings]
        modes = self.meeting_mode
        for mode in MODES:
            ks = [k for k in range(len(self.meetings)) if modes[k] == mode]
            previous = None
            for s in sorted({sizes[k] for k in ks}):
                count = len(self.locations_fitting(mode, s))
                members = [k for k in ks if sizes[k] >= s]
                if previous is not None and count >= previous:
                    continue  # implied by the row of a smaller size
                previous = count
                rows.append(Resource(f"{mode}>={s}", members, [count] * n_slots, mode))
        for pair in sorted({m.interpreter for m in self.meetings if m.interpreter}, key=sorted):
            members = [k for k, m in enumerate(self.meetings) if m.interpreter == pair]
            cap = [self.interpreter_capacity(pair, t) for t in range(n_slots)]
            rows.append(Resource("interpreters " + "-".join(sorted(pair)), members, cap, None))
        return rows

    @cached_property
    def resources_of(self) -> list[list[int]]:
        """Per meeting, the indices of the resource rows it counts in."""
        out: list[list[int]] = [[] for _ in self.meetings]
        for r, row in enumerate(self.resources):
            for k in row.meetings:
                out[k].append(r)
        return out

    # -- back-to-back meetings (Participant.max_consecutive) ---------------------------

    def consecutive(self, t: int, u: int) -> bool:
        """Slots ``t`` and ``u`` are consecutive: ``u`` comes right after ``t`` in the
        instance's order and both are of the same session (``morning``, ``afternoon`` or
        ``any``, the value given in the file).  A participant with ``max_consecutive``
        ``K`` holds no meetings in ``K + 1`` slots that are each consecutive with the
        next."""
        return (
            u == t + 1
            and t >= 0
            and u < len(self.slots)
            and (self.slots[t].session == self.slots[u].session)
        )

    def window_starts(self, size: int) -> int:
        """Bitmask of the slots ``t`` that begin ``size`` consecutive slots
        ``t, t + 1, ..., t + size - 1`` (computed once per size)."""
        cache = self._window_starts
        if size not in cache:
            n = len(self.slots)
            mask = 0
            for t in range(n - size + 1):
                if all(self.consecutive(u, u + 1) for u in range(t, t + size - 1)):
                    mask |= 1 << t
            cache[size] = mask
        return cache[size]

    @cached_property
    def _window_starts(self) -> dict[int, int]:
        return {}

    def too_many_in_a_row(self, p: int, busy: int) -> bool:
        """Whether the busy slots ``busy`` (a bitmask) give participant ``p`` more
        meetings back to back than its ``max_consecutive`` allows."""
        limit = self.participants[p].max_consecutive
        if limit is None:
            return False
        run = busy  # bit t: busy in t, t + 1, ..., t + i
        for i in range(1, limit + 1):
            run &= busy >> i
            if not run:
                return False
        return bool(run & self.window_starts(limit + 1))

    def most_meetings(self, p: int, usable: int | None = None) -> int:
        """An upper bound on the meetings participant ``p`` can hold: its slots (those
        of ``usable``, a bitmask, when given; else those it is available in), at most
        ``max_meetings``, and in each stretch of ``L`` consecutive usable slots at most
        ``L - L // (K + 1)`` with ``max_consecutive`` ``K``."""
        person = self.participants[p]
        n = len(self.slots)
        if usable is None:
            usable = sum(1 << t for t in range(n) if t not in person.unavailable)
        most = usable.bit_count()
        limit = person.max_consecutive
        if limit is not None:
            most, stretch = 0, 0
            for t in range(n + 1):
                if t < n and usable >> t & 1 and (stretch == 0 or self.consecutive(t - 1, t)):
                    stretch += 1
                    continue
                most += stretch - stretch // (limit + 1)
                stretch = 1 if t < n and usable >> t & 1 else 0
        if person.max_meetings is not None:
            most = min(most, person.max_meetings)
        return most

    def session_allows(self, meeting: Meeting, t: int) -> bool:
        if meeting.session == ANY:
            return True
        return self.slots[t].session in (meeting.session, ANY)

    @cached_property
    def common_slots(self) -> list[list[int]]:
        """Per meeting, the slots its session and fixed slot allow and all its
        participants can attend (bitmasks per participant and session: 100,000
        meetings in well under a second)."""
        n_slots = len(self.slots)
        full = (1 << n_slots) - 1
        free = []
        for person in self.participants:
            mask = full
            for t in person.unavailable:
                mask &= ~(1 << t)
            free.append(mask)
        session_mask = {ANY: full}
        for session in (MORNING, AFTERNOON):
            session_mask[session] = sum(
                1 << t for t, slot in enumerate(self.slots) if slot.session in (session, ANY)
            )
        as_list: dict[int, list[int]] = {}
        out = []
        for m in self.meetings:
            if m.fixed_slot is not None:
                mask = 1 << m.fixed_slot
            else:
                mask = session_mask[m.session]
            for p in m.participants:
                mask &= free[p]
            slots = as_list.get(mask)
            if slots is None:
                slots = as_list[mask] = [t for t in range(n_slots) if mask >> t & 1]
            out.append(slots)
        return out

    @cached_property
    def allowed_slots(self) -> list[list[int]]:
        """Per meeting, the slots it may use: ``common_slots`` in which every resource
        row it counts in (a location that seats it, an interpreter of its pair) has
        room for at least one meeting.

        What other meetings take and precedences are not considered here.
        """
        rows = self.resources
        closed = [{t for t, c in enumerate(row.cap) if c <= 0} for row in rows]
        out = []
        for k, common in enumerate(self.common_slots):
            shut = [closed[r] for r in self.resources_of[k] if closed[r]]
            if shut:
                common = [t for t in common if not any(t in c for c in shut)]
            out.append(common)
        return out

    def summary(self) -> str:
        return (
            f"{self.name}: {len(self.participants)} participants, {len(self.meetings)} meetings, "
            f"{len(self.slots)} slots, {len(self.locations)} locations"
        )
