"""Operations on the programme: the only write path for agenda items, their people, video
messages, subtitles, the online channel and the stage (audited, one transaction each)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.audit import field_changes, record
from liaison.core.i18n import localize
from liaison.core.timezones import in_zone
from liaison.events.models import CooperationArea, Event, Person

from . import cache, media
from .models import AgendaItem, ItemPerson, Part, Stage, Subtitles, VideoMessage, new_room_name

ITEM_FIELDS = (
    "starts_at",
    "ends_at",
    "kind",
    "title",
    "description",
    "area",
    "room",
    "online",
    "online_only",
    "languages",
    "interpretation",
    "stream_url",
    "position",
)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# A person's usual part in an item of each kind, when the caller names none.
DEFAULT_PARTS = {
    AgendaItem.Kind.VIDEO_MESSAGE: Part.PRINCIPAL,
    AgendaItem.Kind.PRESIDING: Part.CHAIR,
    AgendaItem.Kind.OPENING: Part.CHAIR,
    AgendaItem.Kind.CLOSING: Part.CHAIR,
    AgendaItem.Kind.PANEL: Part.PANELLIST,
    AgendaItem.Kind.THEMATIC_SESSION: Part.MODERATOR,
}


class ScheduleConflict(ValidationError):
    """The item clashes with the programme; the caller may confirm and save it anyway."""

    def __init__(self, conflicts: list[str]):
        super().__init__(conflicts, code="conflict")
        self.conflicts = conflicts


# --- checks ---------------------------------------------------------------------------------


def _check(item: AgendaItem) -> None:
    errors: dict[str, list[str]] = {}
    if item.area_id and item.area.event_id != item.event_id:
        errors.setdefault("area", []).append(_("This cooperation area belongs to another event."))
    if item.starts_at and item.ends_at and item.ends_at <= item.starts_at:
        errors.setdefault("ends_at", []).append(_("The end must come after the start."))
    unknown = [code for code in (item.languages or []) if code not in LANGUAGE_CODES]
    if not isinstance(item.languages, list) or unknown:
        errors.setdefault("languages", []).append(
            _("Choose languages among %(known)s.") % {"known": ", ".join(LANGUAGE_CODES)}
        )
    if item.stream_url and not item.stream_url.lower().startswith("https://"):
        errors.setdefault("stream_url", []).append(
            _("The stream address must begin with https://.")
        )
    if errors:
        raise ValidationError(errors)
    item.full_clean(exclude=["event", "area"], validate_constraints=False)


@dataclass(frozen=True)
class Slot:
    """Where and when an item would take place, and who is in it (for the conflict check)."""

    event: Event
    starts_at: datetime
    ends_at: datetime
    room: dict
    online_only: bool
    person_ids: frozenset
    exclude_pk: int | None = None


def _room_names(room) -> set[str]:
    """A room's names in every language: two items share a room when any name matches."""
    data = getattr(room, "data", room)
    values = data.values() if isinstance(data, dict) else [data]
    return {str(v).strip().casefold() for v in values if v and str(v).strip()}


def find_conflicts(slot: Slot) -> list[str]:
    """What clashes with ``slot``: a person in two places at once, two items in one room at
    once, an item outside the event's days. Messages in the active language."""
    from django.utils.translation import get_language

    language = get_language() or "en"
    event = slot.event
    conflicts = []
    zone = event.timezone
    first_day = in_zone(event.starts_at, zone).date()
    last_day = in_zone(event.ends_at, zone).date()
    if (
        in_zone(slot.starts_at, zone).date() < first_day
        or in_zone(slot.ends_at - timedelta(microseconds=1), zone).date() > last_day
    ):
        conflicts.append(
            _("The item is outside the event's days (%(first)s to %(last)s).")
            % {"first": first_day.isoformat(), "last": last_day.isoformat()}
        )
    overlapping = (
        AgendaItem.objects.filter(
            event=event, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
        )
        .exclude(pk=slot.exclude_pk)
        .prefetch_related("people")
        .order_by("starts_at", "position", "id")
    )
    room = _room_names(slot.room)
    for other in overlapping:
        title = localize(other.title, language, event.default_language).text
        same_room = bool(room & _room_names(other.room))
        if same_room and not slot.online_only and not other.online_only:
            conflicts.append(
                _("%(room)s already holds “%(item)s” at that time.")
                % {"room": localize(other.room, language).text, "item": title}
            )
        for person in other.people.all():
            if person.pk in slot.person_ids:
                conflicts.append(
                    _("%(person)s is in “%(item)s” at that time.")
                    % {"person": person.name_for(language), "item": title}
                )
    return conflicts


def _slot_of(item: AgendaItem, person_ids) -> Slot:
    return Slot(
        event=item.event,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        room=getattr(item.room, "data", item.room) or {},
        online_only=item.online_only,
        person_ids=frozenset(person_ids),
        exclude_pk=item.pk,
    )


def _people_with_parts(people, kind) -> list[tuple[Person, str]]:
    """``people`` as (person, part) pairs: a Person alone takes its kind's usual part."""
    default = DEFAULT_PARTS.get(kind, Part.SPEAKER)
    out, seen = [], set()
    for entry in people:
        person, part = entry if isinstance(entry, tuple | list) else (entry, default)
        if part not in Part.values:
            raise ValidationError({"people": _("Unknown part: %(part)s.") % {"part": part}})
        if person.pk in seen:
            raise ValidationError({"people": _("%(person)s is listed twice.") % {"person": person}})
        seen.add(person.pk)
        out.append((person, part))
    return out


def _set_people(item: AgendaItem, pairs: list[tuple[Person, str]]) -> bool:
    current = [(p.person_id, p.part) for p in item.participants.order_by("position", "id")]
    wanted = [(person.pk, part) for person, part in pairs]
    if current == wanted:
        return False
    item.participants.all().delete()
    ItemPerson.objects.bulk_create(
        ItemPerson(item=item, person=person, part=part, position=position)
        for position, (person, part) in enumerate(pairs)
    )
    return True


# --- agenda items ---------------------------------------------------------------------------


def create_item(
    event: Event, *, people: Iterable = (), confirm: bool = True, actor=None, **fields
) -> AgendaItem:
    """Add an item to the event's programme. With ``confirm=False`` a clash with the
    programme raises ``ScheduleConflict`` (the editor shows it and asks to confirm)."""
    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    item = AgendaItem(event=event, **fields)
    if item.online_only:
        item.room = {}
    _check(item)
    pairs = _people_with_parts(people, item.kind)
    if not confirm:
        conflicts = find_conflicts(_slot_of(item, [p.pk for p, _part in pairs]))
        if conflicts:
            raise ScheduleConflict(conflicts)
    if item.kind == AgendaItem.Kind.THEMATIC_SESSION and not item.jitsi_room:
        item.jitsi_room = new_room_name()
    with transaction.atomic():
        item.save()
        _set_people(item, pairs)
        record("agenda.create", item, actor=actor, summary=str(item.title))
        cache.forget_now(event)
    return item


def update_item(
    item: AgendaItem, *, people: Iterable | None = None, confirm: bool = True, actor=None, **changes
) -> list[str]:
    from liaison.events.services import _apply

    with transaction.atomic():
        changed = _apply(item, changes, ITEM_FIELDS)
        if item.online_only and item.room:
            item.room = {}
            changed.append("room")
        _check(item)
        pairs = None if people is None else _people_with_parts(people, item.kind)
        if not confirm:
            person_ids = (
                [p.pk for p, _part in pairs]
                if pairs is not None
                else list(item.participants.values_list("person_id", flat=True))
            )
            conflicts = find_conflicts(_slot_of(item, person_ids))
            if conflicts:
                raise ScheduleConflict(conflicts)
        if item.kind == AgendaItem.Kind.THEMATIC_SESSION and not item.jitsi_room:
            item.jitsi_room = new_room_name()
            changed.append("jitsi_room")
        if changed:
            item.save(update_fields=sorted(set(changed)))
        if pairs is not None and _set_people(item, pairs):
            changed.append("people")
        if changed:
            record(
                "agenda.update",
                item,
                actor=actor,
                summary=f"{item.title}: {', '.join(changed)}",
                changes=field_changes(
                    item, [c for c in changed if c not in ("people", "jitsi_room")]
                ),
            )
            cache.forget_now(item.event)
    return changed


def delete_item(item: AgendaItem, *, actor=None) -> None:
    event = item.event
    with transaction.atomic():
        record("agenda.delete", item, actor=actor, summary=str(item.title))
        video = getattr(item, "video", None) if hasattr(item, "video") else None
        files = []
        if video is not None:
            files = [video.file.name, *(s.file.name for s in video.subtitles.all())]
        item.delete()
        cache.forget_now(event)
        storage = VideoMessage._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


def move_item(item: AgendaItem, starts_at: datetime, *, confirm: bool = True, actor=None):
    """Move an item to another start, keeping its length."""
    length = item.ends_at - item.starts_at
    return update_item(
        item, starts_at=starts_at, ends_at=starts_at + length, confirm=confirm, actor=actor
    )


def swap_with_neighbour(item: AgendaItem, direction: int, *, actor=None) -> AgendaItem | None:
    """Reorder: the item trades places with the previous (-1) or next (+1) item of the
    sequence; the pair keeps its first start and each item its length. Parallel items
    (same start) swap their order only. Returns the neighbour, or None at either end."""
    items = list(
        AgendaItem.objects.filter(event=item.event).order_by("starts_at", "position", "id")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index + (1 if direction > 0 else -1)
    if not 0 <= other_index < len(items):
        return None
    other = items[other_index]
    first, second = (item, other) if other_index > index else (other, item)
    with transaction.atomic():
        if first.starts_at == second.starts_at:
            # Parallel items: trade positions only.
            p1, p2 = first.position, second.position
            if p1 == p2:
                p2 = p1 + 1
            update_item(first, position=p2, actor=actor)
            update_item(second, position=p1, actor=actor)
        else:
            start = first.starts_at
            gap = second.starts_at - first.ends_at
            second_len = second.ends_at - second.starts_at
            first_len = first.ends_at - first.starts_at
            update_item(second, starts_at=start, ends_at=start + second_len, actor=actor)
            new_first = start + second_len + gap
            update_item(first, starts_at=new_first, ends_at=new_first + first_len, actor=actor)
    return other


# --- online channel -------------------------------------------------------------------------


def stage_of(event: Event) -> Stage:
    """The event's stage (channel and "now"), made on first use."""
    stage = Stage.objects.filter(event=event).select_related("now_item").first()
    if stage is None:
        with transaction.atomic():
            stage, _created = Stage.objects.get_or_create(event=event)
    return stage


def set_event_channel(event: Event, *, stream_url: str = "", actor=None) -> Stage:
    """The event's online channel: an https stream URL, or (empty) its Jitsi room."""
    stream_url = (stream_url or "").strip()
    if stream_url and not stream_url.lower().startswith("https://"):
        raise ValidationError({"stream_url": _("The stream address must begin with https://.")})
    stage = stage_of(event)
    with transaction.atomic():
        stage.stream_url = stream_url
        stage.full_clean(exclude=["event", "now_item"])
        stage.save(update_fields=["stream_url", "updated_at"])
        record("programme.channel", event, actor=actor, summary=stream_url or "jitsi")
    return stage


# --- the stage ------------------------------------------------------------------------------


def stage_sequence(items: list[AgendaItem]) -> list[AgendaItem]:
    """The items in the order the stage runs them: parallel items (starting before the
    previous one ends) are represented by the first of them."""
    sequence: list[AgendaItem] = []
    for item in items:
        if not sequence or item.starts_at >= sequence[-1].ends_at:
            sequence.append(item)
    return sequence


def set_now(event: Event, item: AgendaItem | None, *, actor=None) -> Stage:
    """Put ``item`` on stage (None: nothing on stage)."""
    if item is not None and item.event_id != event.pk:
        raise ValidationError({"item": _("This item belongs to another event.")})
    stage = stage_of(event)
    with transaction.atomic():
        stage = Stage.objects.select_for_update().get(pk=stage.pk)
        stage.now_item = item
        stage.save(update_fields=["now_item", "updated_at"])
        record(
            "programme.now",
            item or event,
            actor=actor,
            event=event,
            summary=str(item.title) if item else "—",
        )
        cache.forget_now(event)
    return stage


def advance(event: Event, *, step: int = 1, actor=None) -> Stage:
    """The next (or, with ``step=-1``, the previous) item of the stage's sequence goes on
    stage; at the end nothing is on stage."""
    items = list(AgendaItem.objects.filter(event=event).order_by("starts_at", "position", "id"))
    sequence = stage_sequence(items)
    stage = stage_of(event)
    current = stage.now_item
    if current is None:
        target = sequence[0] if sequence and step > 0 else None
    else:
        index = _index_in_sequence(sequence, current)
        target_index = index + (1 if step > 0 else -1)
        target = sequence[target_index] if 0 <= target_index < len(sequence) else None
    return set_now(event, target, actor=actor)


def _index_in_sequence(sequence: list[AgendaItem], item: AgendaItem) -> int:
    for index, entry in enumerate(sequence):
        if entry.pk == item.pk:
            return index
    # A parallel item not in the sequence: the entry that starts with it.
    for index, entry in enumerate(sequence):
        if entry.starts_at <= item.starts_at < entry.ends_at:
            return index
    return -1


# --- video messages and subtitles -----------------------------------------------------------


def upload_video(item: AgendaItem, upload, *, actor=None) -> VideoMessage:
    """Check a video by content (ffprobe: container, codecs, duration, size) and store it
    behind the storage backend, replacing the item's previous video."""
    facts = media.probe_upload(upload)
    upload.seek(0)
    old = VideoMessage.objects.filter(item=item).first()
    storage = VideoMessage._meta.get_field("file").storage
    with transaction.atomic():
        video = old or VideoMessage(item=item)
        old_name = old.file.name if old else None
        video.container = facts.container
        video.video_codec = facts.video_codec
        video.audio_codec = facts.audio_codec
        video.duration = facts.duration
        video.width, video.height = facts.width, facts.height
        video.size = upload.size
        video.file.save(f"video.{facts.container}", upload, save=False)
        video.save()
        record(
            "programme.video",
            item,
            actor=actor,
            summary=f"{item.title}: {facts.container} {facts.video_codec} {facts.duration:.1f} s",
            size=upload.size,
        )
        cache.forget_now(item.event)
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
    return video


def add_subtitles(video: VideoMessage, language: str, data: bytes, *, actor=None) -> Subtitles:
    """WebVTT subtitles for ``video`` in ``language`` (replacing earlier ones)."""
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            {"language": _("Choose among %(known)s.") % {"known": ", ".join(LANGUAGE_CODES)}}
        )
    text = media.check_webvtt(data)
    existing = Subtitles.objects.filter(video=video, language=language).first()
    storage = Subtitles._meta.get_field("file").storage
    with transaction.atomic():
        subtitles = existing or Subtitles(video=video, language=language)
        old_name = existing.file.name if existing else None
        subtitles.file.save(f"{language}.vtt", ContentFile(text.encode("utf-8")), save=False)
        subtitles.save()
        record("programme.subtitles", video.item, actor=actor, summary=language)
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
    return subtitles


def areas_of(event: Event) -> list[CooperationArea]:
    return list(event.areas.order_by("position"))
