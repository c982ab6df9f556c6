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


@dataclass(frozen=True)
class Participant:
    id: str
    mode: str = ONSITE
    side: str | None = None
    unavailable: frozenset[int] = frozenset()  # slot indices
    max_meetings: int | None = None


@dataclass(frozen=True)
class Meeting:
    id: str
    participants: tuple[int, ...]  # participant indices, at least two, distinct
    weight: int = 1
    session: str = ANY
    fixed_slot: int | None = None  # slot index
    after: tuple[int, ...] = ()  # meeting indices that must be held in an earlier slot


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

    def session_allows(self, meeting: Meeting, t: int) -> bool:
        if meeting.session == ANY:
            return True
        return self.slots[t].session in (meeting.session, ANY)

    @cached_property
    def allowed_slots(self) -> list[list[int]]:
        """Per meeting, the slots it may use: session, fixed slot, everyone available.

        Location capacity and precedences are not considered here.
        """
        out = []
        n_slots = len(self.slots)
        for m in self.meetings:
            if m.fixed_slot is not None:
                candidates = [m.fixed_slot]
            else:
                candidates = [t for t in range(n_slots) if self.session_allows(m, t)]
            out.append(
                [
                    t
                    for t in candidates
                    if all(t not in self.participants[p].unavailable for p in m.participants)
                ]
            )
        return out

    def summary(self) -> str:
        return (
            f"{self.name}: {len(self.participants)} participants, {len(self.meetings)} meetings, "
            f"{len(self.slots)} slots, {len(self.locations)} locations"
        )
