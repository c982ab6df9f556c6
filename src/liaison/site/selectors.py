"""Read queries for the public site. Each returns what a page shows, in a constant number
of queries however many delegations, organisations or agenda items there are."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch
from django.utils import translation

from liaison.core.i18n import localize
from liaison.core.timezones import in_zone
from liaison.events import rules
from liaison.events.models import Delegation, Event, Organisation, Person, Role
from liaison.events.services import organisations_taking_part
from liaison.programme.models import AgendaItem

# The zone a delegation from a country lives in, for countries with one civil time.
# Countries spanning several zones are left out: the event zone and UTC offset say enough.
COUNTRY_ZONES = {
    "CN": "Asia/Shanghai",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "GB": "Europe/London",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "IT": "Europe/Rome",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "IN": "Asia/Kolkata",
}


def public_events():
    """Events the public may see (the rule is ``liaison.events.rules.public_events``)."""
    return rules.public_events()


def event_list():
    """The public events, newest first, for the site's home page (one query)."""
    return public_events().order_by("-starts_at", "slug")


def _with_page_relations(events):
    return events.prefetch_related(
        Prefetch("hosts", queryset=Organisation.objects.order_by("slug")),
        Prefetch("supporters", queryset=Organisation.objects.order_by("slug")),
        "areas",
    )


def public_event(slug: str) -> Event | None:
    """One public event with its hosts, supporters and areas, or None (unknown or draft)."""
    return _with_page_relations(public_events()).filter(slug=slug).first()


def audience_zones(event: Event, delegations) -> list[str]:
    """Zones other than the event's in which the delegations' sides follow the seminar."""
    zones = []
    for delegation in delegations:
        zone = COUNTRY_ZONES.get(delegation.country)
        if zone and zone != event.timezone and zone not in zones:
            # Two zone names with the same time (Shanghai, Chongqing) add nothing.
            if _same_offset(zone, event.timezone, event.starts_at):
                continue
            zones.append(zone)
    return zones


def _same_offset(zone_a: str, zone_b: str, moment: datetime) -> bool:
    return in_zone(moment, zone_a).utcoffset() == in_zone(moment, zone_b).utcoffset()


@dataclass
class SideFigures:
    delegation: Delegation
    delegates: int = 0
    organisations: list[OrganisationEntry] = field(default_factory=list)


@dataclass
class OrganisationEntry:
    organisation: Organisation
    people: int


@dataclass
class KeyFigures:
    sides: list[SideFigures]
    delegates: int
    organisations: int


def organisation_count(event: Event) -> int:
    """How many organisations take part: the one definition the console's dashboard uses
    too (``liaison.events.services.organisations_taking_part``)."""
    return organisations_taking_part(event).count()


def _delegates_per_side(event: Event) -> dict[int, int]:
    return dict(
        Role.objects.filter(event=event, kind=Role.Kind.DELEGATE, delegation__isnull=False)
        .values_list("delegation_id")
        .annotate(n=Count("person", distinct=True))
        .values_list("delegation_id", "n")
    )


def key_figures(event: Event) -> KeyFigures:
    """Delegates per side and the number of organisations taking part (three queries)."""
    per_side = _delegates_per_side(event)
    sides = [SideFigures(d, per_side.get(d.pk, 0)) for d in event.delegations.all()]
    return KeyFigures(sides, sum(s.delegates for s in sides), organisation_count(event))


def sides_with_organisations(event: Event) -> list[SideFigures]:
    """Each delegation with the organisations its people come from, and how many people
    (counts only: the public pages name no delegate). Three queries."""
    delegations = list(event.delegations.all())
    rows = (
        Role.objects.filter(
            event=event, delegation__isnull=False, person__organisation__isnull=False
        )
        .values_list("delegation_id", "person__organisation_id")
        .annotate(n=Count("person", distinct=True))
    )
    people_by_pair: dict[tuple[int, int], int] = {}
    for delegation_id, organisation_id, n in rows:
        people_by_pair[(delegation_id, organisation_id)] = n
    organisations = Organisation.objects.in_bulk({o for _d, o in people_by_pair})
    per_side = _delegates_per_side(event)
    language = translation.get_language()
    sides = []
    for delegation in delegations:
        entries = [
            OrganisationEntry(organisations[o], n)
            for (d, o), n in people_by_pair.items()
            if d == delegation.pk
        ]
        entries.sort(key=lambda e: _natural(localize(e.organisation.name, language).text))
        sides.append(SideFigures(delegation, per_side.get(delegation.pk, 0), entries))
    return sides


def _natural(text: str) -> list:
    """Sort key that puts "Company 2" before "Company 11"."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    ]


@dataclass
class ProgrammeBlock:
    """Agenda items that overlap in time; more than one means parallel sessions."""

    starts_at: datetime
    ends_at: datetime
    items: list[AgendaItem]

    @property
    def parallel(self) -> bool:
        return len(self.items) > 1


def programme_outline(event: Event) -> list[ProgrammeBlock]:
    """The agenda in time order, overlapping items grouped side by side (two queries)."""
    items = (
        AgendaItem.objects.filter(event=event)
        .select_related("area")
        .prefetch_related(
            Prefetch("people", queryset=Person.objects.select_related("organisation"))
        )
        .order_by("starts_at", "position", "id")
    )
    blocks: list[ProgrammeBlock] = []
    for item in items:
        if blocks and item.starts_at < blocks[-1].ends_at:
            block = blocks[-1]
            block.items.append(item)
            block.ends_at = max(block.ends_at, item.ends_at)
        else:
            blocks.append(ProgrammeBlock(item.starts_at, item.ends_at, [item]))
    return blocks
