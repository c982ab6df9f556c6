"""Read queries of the programme, in a fixed number of queries however many items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from liaison.events.models import Event, Person, Role
from liaison.registration.models import Registration, RegistrationStatus

from .models import AgendaItem, ItemPerson, Stage
from .services import stage_sequence


def programme_items(event: Event) -> QuerySet[AgendaItem]:
    """The event's items in time order with area, people (and parts), video and subtitles."""
    return (
        AgendaItem.objects.filter(event=event)
        .select_related("area", "video")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ItemPerson.objects.select_related("person__organisation").order_by(
                    "position", "id"
                ),
            ),
            "video__subtitles",
        )
        .order_by("starts_at", "position", "id")
    )


def delegation_codes(event: Event) -> dict[int, str]:
    """person id -> the code of the side they belong to in the event (one query)."""
    codes: dict[int, str] = {}
    for person_id, code in (
        Role.objects.filter(event=event, delegation__isnull=False)
        .order_by("position", "id")
        .values_list("person_id", "delegation__code")
    ):
        codes.setdefault(person_id, code)
    return codes


def video_url(item: AgendaItem) -> str | None:
    video = getattr(item, "video", None) if _has_video(item) else None
    if video is None:
        return None
    path = reverse(
        "api:programme-video-file",
        kwargs={"slug": item.event.slug, "pk": item.pk, "ext": video.container},
    )
    return f"{path}?v={int(video.uploaded_at.timestamp())}"


def subtitle_urls(item: AgendaItem) -> dict[str, str]:
    if not _has_video(item):
        return {}
    return {
        s.language: reverse(
            "api:programme-subtitles",
            kwargs={"slug": item.event.slug, "pk": item.pk, "language": s.language},
        )
        + f"?v={int(item.video.uploaded_at.timestamp())}"
        for s in item.video.subtitles.all()
    }


def _has_video(item: AgendaItem) -> bool:
    try:
        return item.video is not None
    except AgendaItem.video.RelatedObjectDoesNotExist:
        return False


def _i18n(value) -> dict:
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return {code: text for code, text in data.items() if text}
    return {"en": data} if data else {}


def item_data(item: AgendaItem, language: str, codes: dict[int, str], absolute) -> dict:
    """One item as the API gives it (api.md's fields first, then Liaison's own)."""
    video = video_url(item)
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": _i18n(item.title),
        "starts_at": item.starts_at.isoformat(),
        "ends_at": item.ends_at.isoformat(),
        "room": _i18n(item.room) or None,
        "area": item.area.slug if item.area_id else None,
        "people": [
            {
                "name": p.person.name_for(language),
                "role": p.part,
                "delegation": codes.get(p.person_id),
            }
            for p in item.participants.all()
        ],
        "video": absolute(video) if video else None,
        "description": _i18n(item.description),
        "online_only": item.online_only,
        "languages": list(item.languages or []),
        "interpretation": item.interpretation,
        "subtitles": {lang: absolute(url) for lang, url in subtitle_urls(item).items()},
    }


@dataclass
class NowState:
    now: AgendaItem | None
    next: AgendaItem | None
    parallel: list[AgendaItem] = field(default_factory=list)
    updated_at: datetime | None = None


def now_state(event: Event) -> NowState:
    """What is on stage, what comes next, and what runs in parallel with it (3-5 queries,
    once per programme change: the answer is cached)."""
    stage = Stage.objects.filter(event=event).first()
    items = list(programme_items(event))
    sequence = stage_sequence(items)
    current = None
    if stage is not None and stage.now_item_id:
        current = next((i for i in items if i.pk == stage.now_item_id), None)
    if current is None:
        return NowState(None, sequence[0] if sequence else None, [], stage and stage.updated_at)
    later = [i for i in sequence if i.starts_at >= current.ends_at]
    parallel = [
        i
        for i in items
        if i.pk != current.pk and i.starts_at < current.ends_at and i.ends_at > current.starts_at
    ]
    return NowState(current, later[0] if later else None, parallel, stage.updated_at)


def public_event(slug: str) -> Event | None:
    from liaison.events.rules import public_events

    return public_events().filter(slug=slug).first()


def person_items(event: Event, person: Person) -> list[AgendaItem]:
    """A person's own agenda: the items they take part in and, if they registered, the
    plenary items and the thematic sessions of their areas."""
    query = Q(people=person)
    registration = (
        Registration.objects.filter(event=event, person=person, status=RegistrationStatus.APPROVED)
        .prefetch_related("areas")
        .first()
    )
    if registration is not None:
        areas = [a.pk for a in registration.areas.all()]
        query |= Q(area__isnull=True) | Q(area__in=areas)
    ids = AgendaItem.objects.filter(event=event).filter(query).values("pk")
    return list(programme_items(event).filter(pk__in=ids))


def speakers(event: Event) -> list[Person]:
    return list(
        Person.objects.filter(agenda_items__event=event)
        .select_related("organisation")
        .distinct()
        .order_by("family_name_latin", "given_name_latin", "family_name")
    )


def attends_online(event: Event, person: Person) -> bool:
    """Follows the event online: an approved online registration or an online role."""
    from liaison.events.models import AttendanceMode

    return (
        Registration.objects.filter(
            event=event,
            person=person,
            mode=AttendanceMode.ONLINE,
            status=RegistrationStatus.APPROVED,
        ).exists()
        or Role.objects.filter(event=event, person=person, mode=AttendanceMode.ONLINE).exists()
    )
