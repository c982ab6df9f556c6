"""Read queries for the console pages."""

from __future__ import annotations

from dataclasses import dataclass

from liaison.events.models import Delegation, Event, Role
from liaison.events.services import event_counts


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
