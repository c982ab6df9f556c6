"""Who may do what with an event: small predicates that views and the API ask."""

from __future__ import annotations

from .models import Event


def is_organiser(user, event: Event) -> bool:
    """Superusers and the event's organisers (active, signed-in users only)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return event.organisers.filter(pk=user.pk).exists()


def can_view_public(event: Event) -> bool:
    """The public sees an event once it has left the draft stage."""
    return event.status != Event.Status.DRAFT
