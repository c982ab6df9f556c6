"""Read queries for the console pages: each list is a fixed number of queries whatever its
length (tested with 1 and 3 rows)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from liaison.core.models import AuditEntry
from liaison.events.models import (
    CooperationArea,
    Delegation,
    Event,
    Organisation,
    Person,
    Role,
    TeamMember,
)
from liaison.events.rules import visible_organisations
from liaison.events.services import event_counts, organisations_taking_part
from liaison.search.index import search

NO_SIDE = "-"


@dataclass
class DashboardCounts:
    delegations: int
    organisations: int
    people: int
    online: int
    without_side: int
    by_role: list[tuple[str, int]]  # (role label in the reader's language, people)
    by_side: list[tuple[Delegation, int]]


def dashboard_counts(event: Event) -> DashboardCounts:
    """``event_counts`` with labels and delegations for display (one more query)."""
    counts = event_counts(event)
    delegations = Delegation.objects.filter(event=event).order_by("position", "code")
    return DashboardCounts(
        delegations=counts["delegations"],
        organisations=counts["organisations"],
        people=counts["people"],
        online=counts["online"],
        without_side=counts["without_side"],
        by_role=[(label, counts["by_role"].get(kind, 0)) for kind, label in Role.Kind.choices],
        by_side=[(d, counts["by_side"].get(d.code, 0)) for d in delegations],
    )


# --- Sides and areas ---------------------------------------------------------------------------


def delegations(event: Event) -> QuerySet[Delegation]:
    """The event's sides with the number of people on each."""
    return (
        Delegation.objects.filter(event=event)
        .annotate(people=Count("roles__person", distinct=True))
        .order_by("position", "code")
    )


def areas(event: Event) -> QuerySet[CooperationArea]:
    """The event's cooperation areas with the number of people in each."""
    return (
        CooperationArea.objects.filter(event=event)
        .annotate(people=Count("roles__person", distinct=True))
        .order_by("position", "slug")
    )


# --- Organisations ------------------------------------------------------------------------------


def organisations(
    event: Event, *, q: str = "", kind: str = "", country: str = ""
) -> QuerySet[Organisation]:
    """The organisations taking part, found by a search in any script and filtered, with the
    number of their people holding a role at the event."""
    found = search(organisations_taking_part(event), q)
    if kind:
        found = found.filter(kind=kind)
    if country:
        found = found.filter(country=country)
    return found.annotate(
        people_here=Count("people", filter=Q(people__roles__event=event), distinct=True)
    ).order_by("slug")


def organisation_countries(event: Event) -> list[str]:
    return sorted(
        set(organisations_taking_part(event).order_by().values_list("country", flat=True))
    )


def organisation_parts(event: Event) -> tuple[set[int], set[int]]:
    """The ids of the event's hosts and supporters (two queries)."""
    hosts = set(event.hosts.values_list("pk", flat=True))
    supporters = set(event.supporters.values_list("pk", flat=True))
    return hosts, supporters


def organisations_to_add(event: Event, user, *, q: str = "") -> QuerySet[Organisation]:
    """The organisations ``user`` may see (``rules.visible_organisations``) that are not
    listed with ``event`` yet, found by a search in any script: those an organiser may
    list with the event as they are."""
    listed = organisations_taking_part(event).values("pk")
    found = visible_organisations(user).exclude(pk__in=listed)
    return search(found, q).order_by("slug")


def event_organisation(event: Event, pk: int) -> Organisation | None:
    return organisations_taking_part(event).filter(pk=pk).first()


# --- People and roles ------------------------------------------------------------------------


def people(
    event: Event, *, q: str = "", kind: str = "", side: str = "", mode: str = ""
) -> QuerySet[Person]:
    """The people holding a role at the event (a role matching the filters), found by a
    search in any script, with their organisation and their roles at this event
    (``event_roles``)."""
    roles = Role.objects.filter(event=event)
    if kind:
        roles = roles.filter(kind=kind)
    if side == NO_SIDE:
        roles = roles.filter(delegation__isnull=True)
    elif side:
        roles = roles.filter(delegation__code=side)
    if mode:
        roles = roles.filter(mode=mode)
    found = Person.objects.filter(pk__in=roles.values("person_id"))
    return (
        search(found, q)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=Role.objects.filter(event=event)
                .select_related("delegation")
                .order_by("kind", "pk"),
                to_attr="event_roles",
            )
        )
        .order_by("family_name_latin", "given_name_latin", "family_name", "pk")
    )


def event_person(event: Event, pk: int) -> Person | None:
    """A person holding a role at the event (None for anyone else)."""
    return (
        Person.objects.filter(pk=pk, roles__event=event)
        .select_related("organisation")
        .distinct()
        .first()
    )


def person_roles(event: Event, person: Person) -> list[Role]:
    return list(
        Role.objects.filter(event=event, person=person)
        .select_related("delegation")
        .prefetch_related("areas")
        .order_by("kind", "pk")
    )


def side_choices(event: Event) -> list[tuple[str, Delegation]]:
    return [(d.code, d) for d in Delegation.objects.filter(event=event).order_by("position")]


# --- The team and the audit log -------------------------------------------------------------


def team(event: Event) -> QuerySet[TeamMember]:
    return (
        TeamMember.objects.filter(event=event)
        .select_related("user")
        .order_by("role", "user__username")
    )


def audit_entries(event: Event, *, action: str = "") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(event=event).select_related("actor")
    if action:
        entries = entries.filter(action=action)
    return entries.order_by("-at", "-id")


def audit_actions(event: Event) -> list[str]:
    return sorted(
        set(AuditEntry.objects.filter(event=event).order_by().values_list("action", flat=True))
    )
