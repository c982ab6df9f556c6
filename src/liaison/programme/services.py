"""Operations on the programme: the only write path for agenda items (audited, one
transaction each)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.audit import field_changes, record
from liaison.events.models import CooperationArea, Event, Person

from .models import AgendaItem

ITEM_FIELDS = (
    "starts_at",
    "ends_at",
    "kind",
    "title",
    "description",
    "area",
    "room",
    "online",
    "position",
)


def _check(item: AgendaItem) -> None:
    if item.area_id and item.area.event_id != item.event_id:
        raise ValidationError({"area": _("This cooperation area belongs to another event.")})
    item.full_clean()


def create_item(event: Event, *, people: Iterable[Person] = (), actor=None, **fields) -> AgendaItem:
    """Add an item to the event's programme."""
    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    item = AgendaItem(event=event, **fields)
    _check(item)
    people = list(people)
    with transaction.atomic():
        item.save()
        if people:
            item.people.add(*people)
        record("agenda.create", item, actor=actor, summary=str(item.title))
    return item


def update_item(
    item: AgendaItem, *, people: Iterable[Person] | None = None, actor=None, **changes
) -> list[str]:
    from liaison.events.services import _apply

    with transaction.atomic():
        changed = _apply(item, changes, ITEM_FIELDS)
        _check(item)
        if changed:
            item.save(update_fields=changed)
        if people is not None:
            people = list(people)
            if set(item.people.values_list("pk", flat=True)) != {p.pk for p in people}:
                item.people.set(people)
                changed.append("people")
        if changed:
            record(
                "agenda.update",
                item,
                actor=actor,
                summary=f"{item.title}: {', '.join(changed)}",
                changes=field_changes(item, [c for c in changed if c != "people"]),
            )
    return changed


def delete_item(item: AgendaItem, *, actor=None) -> None:
    with transaction.atomic():
        record("agenda.delete", item, actor=actor, summary=str(item.title))
        item.delete()


def areas_of(event: Event) -> list[CooperationArea]:
    return list(event.areas.order_by("position"))
