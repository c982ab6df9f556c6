"""Who may do what in the console. Views ask these predicates and nothing else; the
event-level rule itself lives with the events (``liaison.events.rules``)."""

from __future__ import annotations

from django.db.models import QuerySet

from liaison.events.models import Event
from liaison.events.rules import is_organiser


def can_manage_event(user, event: Event) -> bool:
    """Organisers of the event manage it; superusers manage every event."""
    return is_organiser(user, event)


def can_use_console(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def manageable_events(user) -> QuerySet[Event]:
    """The events a user may open in the console, newest first."""
    if not can_use_console(user):
        return Event.objects.none()
    events = Event.objects.all() if user.is_superuser else Event.objects.filter(organisers=user)
    return events.order_by("-starts_at")
