"""Services leave an audit record of every write that matters (Indico's operations lesson).

``record`` is called inside the service's transaction, so the record and the write it
describes are kept or rolled back together.
"""

from __future__ import annotations

from django.db import models

from .models import AuditEntry


def _event_of(obj):
    """The event an object belongs to: the event itself, or its ``event`` foreign key."""
    if obj is None:
        return None
    if obj._meta.label_lower == "events.event":
        return obj
    if getattr(obj, "event_id", None):
        return obj.event
    return None


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor=None,
    event=None,
    summary: str = "",
    **data,
) -> AuditEntry:
    """Write one audit record. ``event`` defaults to the object's own event."""
    event = event if event is not None else _event_of(obj)
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        event=event if event is not None and event.pk else None,
        event_slug=event.slug if event is not None else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        summary=summary,
        data=data,
    )


def field_changes(obj: models.Model, fields) -> dict:
    """``{field: value}`` for an audit record's data, JSON-safe (i18n values as dicts)."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        data = getattr(value, "data", value)
        if isinstance(data, models.Model):
            data = data.pk
        elif not isinstance(data, str | int | float | bool | dict | list | type(None)):
            data = str(data)
        out[name] = data
    return out
