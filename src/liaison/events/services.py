"""Operations on the seminar record. Views, admin, commands and tests call these functions;
each runs in one transaction and leaves an audit record."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from liaison.core.audit import record

from .models import CooperationArea, Delegation, Event, Organisation, Person, Role

I18nValue = dict | str


def create_event(
    *,
    slug: str,
    title: I18nValue,
    starts_at: datetime,
    ends_at: datetime,
    city: I18nValue,
    timezone: str = "Asia/Shanghai",
    theme: I18nValue = "",
    description: I18nValue = "",
    venue: I18nValue = "",
    online_channel: I18nValue = "",
    online_url: str = "",
    languages: Sequence[str] = ("en", "zh-hans", "ja"),
    default_language: str = "en",
    status: str = Event.Status.DRAFT,
    hosts: Iterable[Organisation] = (),
    supporters: Iterable[Organisation] = (),
    organisers: Iterable = (),
    actor=None,
) -> Event:
    """Create an event after validating its fields (time zone, end after start, language)."""
    event = Event(
        slug=slug,
        title=title,
        theme=theme,
        description=description,
        timezone=timezone,
        starts_at=starts_at,
        ends_at=ends_at,
        city=city,
        venue=venue,
        online_channel=online_channel,
        online_url=online_url,
        languages=list(languages),
        default_language=default_language,
        status=status,
    )
    if default_language not in event.languages:
        raise ValidationError(
            {"default_language": f"The default language {default_language} is not offered."}
        )
    event.full_clean()
    with transaction.atomic():
        event.save()
        event.hosts.add(*hosts)
        event.supporters.add(*supporters)
        event.organisers.add(*organisers)
        record("event.create", event, actor=actor, summary=f"Created {event.slug}")
    return event


def add_delegation(
    event: Event,
    code: str,
    name: I18nValue,
    *,
    country: str = "",
    position: int = 0,
    actor=None,
) -> Delegation:
    """Add a side (e.g. "jp", "cn") to the event."""
    delegation = Delegation(event=event, code=code, name=name, country=country, position=position)
    delegation.full_clean()
    with transaction.atomic():
        delegation.save()
        record("delegation.add", delegation, actor=actor, summary=f"{event.slug}: side {code}")
    return delegation


def add_area(
    event: Event,
    slug: str,
    name: I18nValue,
    *,
    description: I18nValue = "",
    position: int = 0,
    actor=None,
) -> CooperationArea:
    """Add a cooperation area in which the two sides meet."""
    area = CooperationArea(
        event=event, slug=slug, name=name, description=description, position=position
    )
    area.full_clean()
    with transaction.atomic():
        area.save()
        record("area.add", area, actor=actor, summary=f"{event.slug}: area {slug}")
    return area


def add_role(
    event: Event,
    person: Person,
    kind: str,
    delegation: Delegation | None = None,
    mode: str = Role.Mode.ONSITE,
    areas: Iterable[CooperationArea] = (),
    *,
    position: int = 0,
    actor=None,
) -> Role:
    """Give a person a role at the event, on a side and in cooperation areas of that event."""
    areas = list(areas)
    if kind not in Role.Kind.values:
        raise ValidationError({"kind": f"{kind!r} is not a kind of role."})
    if mode not in Role.Mode.values:
        raise ValidationError({"mode": f"{mode!r} is not an attendance mode."})
    if delegation is not None and delegation.event_id != event.pk:
        raise ValidationError(
            {
                "delegation": f"The side {delegation.code!r} belongs to another event, "
                f"not {event.slug}."
            }
        )
    foreign = [area.slug for area in areas if area.event_id != event.pk]
    if foreign:
        raise ValidationError(
            {"areas": f"Cooperation areas of another event: {', '.join(foreign)}."}
        )
    with transaction.atomic():
        if Role.objects.filter(event=event, person=person, kind=kind).exists():
            raise ValidationError(f"{person} already holds the role {kind} at {event.slug}.")
        role = Role.objects.create(
            event=event,
            person=person,
            kind=kind,
            delegation=delegation,
            mode=mode,
            position=position,
        )
        if areas:
            role.areas.add(*areas)
        record(
            "role.add",
            role,
            actor=actor,
            summary=f"{event.slug}: {person} as {kind}",
            delegation=delegation.code if delegation else None,
            areas=[area.slug for area in areas],
        )
    return role


def event_counts(event: Event) -> dict:
    """What the organiser's dashboard shows, in four queries whatever the event's size.

    people: distinct people holding any role; by_role: people per role kind (every kind,
    zeros included); by_side: people per delegation code (in the sides' order);
    without_side: people whose roles name no side; online: people attending online.
    """
    roles = Role.objects.filter(event=event)
    people = roles.aggregate(
        people=Count("person", distinct=True),
        online=Count("person", distinct=True, filter=Q(mode=Role.Mode.ONLINE)),
        with_side=Count("person", distinct=True, filter=Q(delegation__isnull=False)),
    )
    by_kind = dict(roles.order_by().values_list("kind").annotate(n=Count("person", distinct=True)))
    sides = list(
        Delegation.objects.filter(event=event)
        .order_by("position", "code")
        .annotate(n=Count("roles__person", distinct=True))
        .values_list("code", "n")
    )
    organisations = Organisation.objects.filter(
        Q(pk__in=event.hosts.values("pk"))
        | Q(pk__in=event.supporters.values("pk"))
        | Q(pk__in=Person.objects.filter(roles__event=event).values("organisation"))
    ).count()
    return {
        "delegations": len(sides),
        "organisations": organisations,
        "people": people["people"],
        "by_role": {kind: by_kind.get(kind, 0) for kind in Role.Kind.values},
        "by_side": dict(sides),
        "without_side": people["people"] - people["with_side"],
        "online": people["online"],
    }
