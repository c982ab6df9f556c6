"""Writes the console makes of several services at once, in one transaction."""

from __future__ import annotations

from django.db import transaction

from liaison.events import services
from liaison.events.models import Event, Person


def add_person_with_role(event: Event, *, person: dict, role: dict, actor=None) -> Person:
    """A new person and their first role at ``event``: both are kept, or neither (a role the
    event refuses leaves no person behind)."""
    with transaction.atomic():
        created = services.create_person(actor=actor, event=event, **person)
        services.add_role(event, created, actor=actor, **role)
    return created
