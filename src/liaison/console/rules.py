"""The console asks the event rules (``liaison.events.rules``), the one place that says who
may do what; this module only names the console's questions in its own words."""

from __future__ import annotations

from liaison.events.rules import (
    can_create_event,
    can_use_console,
    events_for,
    forget_roles,
    has_perm,
    visible_organisations,
)

__all__ = [
    "can_create_event",
    "can_use_console",
    "events_for",
    "forget_roles",
    "has_perm",
    "manageable_events",
    "visible_organisations",
]


def manageable_events(user):
    """The events a user may open in the console, newest first."""
    return events_for(user, "event.view_console")
