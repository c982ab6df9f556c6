"""Services leave an audit record of every write that matters (Indico's operations lesson)."""

from __future__ import annotations

from django.db import models

from .models import AuditEntry


def record(
    action: str, obj: models.Model | None = None, *, actor=None, summary: str = "", **data
) -> AuditEntry:
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary,
        data=data,
    )
