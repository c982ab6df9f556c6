"""Read queries for the console pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from liaison.events.models import Event, Organisation, Role


@dataclass
class DashboardCounts:
    delegations: int
    organisations: int
    people: int
    by_role: list[tuple[str, int]]  # (role label, people)
    by_side: list[tuple[object, int]]  # (delegation, people)


def dashboard_counts(event: Event) -> DashboardCounts:
    roles = Role.objects.filter(event=event)
    by_kind = dict(
        roles.values_list("kind")
        .annotate(n=Count("person", distinct=True))
        .values_list("kind", "n")
    )
    by_side = dict(
        roles.filter(delegation__isnull=False)
        .values_list("delegation_id")
        .annotate(n=Count("person", distinct=True))
        .values_list("delegation_id", "n")
    )
    delegations = list(event.delegations.all())
    return DashboardCounts(
        delegations=len(delegations),
        organisations=Organisation.objects.filter(
            Q(people__roles__event=event) | Q(hosted_events=event) | Q(supported_events=event)
        )
        .distinct()
        .count(),
        people=roles.values("person").distinct().count(),
        by_role=[(label, by_kind.get(kind, 0)) for kind, label in Role.Kind.choices],
        by_side=[(d, by_side.get(d.pk, 0)) for d in delegations],
    )
