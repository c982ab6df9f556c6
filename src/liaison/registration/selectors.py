"""Read queries of registration (lists, counts, a delegate's own registration)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from liaison.events.models import Event, Person
from liaison.search.index import search

from .models import SEAT_STATUSES, Registration, RegistrationStatus

FILTERS = ("status", "mode", "delegation", "area", "q")


def registrations(event: Event, filters: dict | None = None) -> QuerySet[Registration]:
    """The event's registrations, narrowed by ``status``, ``mode``, ``delegation`` (slug),
    ``area`` (slug) and ``q`` (name search in any script); loaded for lists (no N+1)."""
    filters = filters or {}
    queryset = (
        Registration.objects.filter(event=event)
        .select_related("person__user", "organisation", "delegation")
        .prefetch_related("areas")
        .order_by("created_at", "id")
    )
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("mode"):
        queryset = queryset.filter(mode=filters["mode"])
    if filters.get("delegation"):
        queryset = queryset.filter(delegation__code=filters["delegation"])
    if filters.get("area"):
        queryset = queryset.filter(areas__slug=filters["area"]).distinct()
    if (filters.get("q") or "").strip():
        people = search(Person.objects.all(), filters["q"])
        queryset = queryset.filter(
            Q(person__in=people.values("pk")) | Q(email__icontains=filters["q"].strip())
        )
    return queryset


def registration_of(user, event: Event) -> Registration | None:
    """The signed-in user's own registration for the event, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.select_related("person", "organisation", "delegation", "event")
        .prefetch_related("areas")
        .filter(event=event, person__user=user)
        .first()
    )


@dataclass
class ModeFigures:
    mode: str
    label: str
    capacity: int | None
    taken: int
    waitlisted: int

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)


def figures(event: Event) -> dict:
    """Counts by status and, per mode, seats taken against capacity (one query)."""
    rows = (
        Registration.objects.filter(event=event)
        .values("mode", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by = {(r["mode"], r["status"]): r["n"] for r in rows}
    statuses = {
        status: sum(n for (_m, s), n in by.items() if s == status)
        for status in RegistrationStatus.values
    }
    modes = []
    for mode, label in Registration.Mode.choices:
        modes.append(
            ModeFigures(
                mode=mode,
                label=label,
                capacity=event.onsite_capacity if mode == "onsite" else event.online_capacity,
                taken=sum(by.get((mode, s), 0) for s in SEAT_STATUSES),
                waitlisted=by.get((mode, RegistrationStatus.WAITLISTED), 0),
            )
        )
    return {
        "total": sum(by.values()),
        "statuses": [
            (status, label, statuses[status]) for status, label in RegistrationStatus.choices
        ],
        "modes": modes,
    }
