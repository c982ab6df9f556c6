"""The hybrid programme: agenda items with their people, rooms and languages; recorded video
messages with subtitles; the online channel; what is on stage now.

Times are stored in UTC and shown in the event's zone (and the viewer's). Writes go through
``liaison.programme.services`` only.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from liaison.events.models import CooperationArea, Event, Person


def new_room_name() -> str:
    """An unguessable Jitsi room name (128 random bits, URL-safe)."""
    return "liaison-" + secrets.token_urlsafe(16).replace("_", "x").replace("-", "y")


class AgendaKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    VIDEO_MESSAGE = "video_message", _("Video message")
    SPEECH = "speech", _("Speech")
    PRESIDING = "presiding", _("Presiding")
    PANEL = "panel", _("Panel")
    THEMATIC_SESSION = "thematic_session", _("Thematic session")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    BREAK = "break", _("Break")
    CLOSING = "closing", _("Closing")


class Part(models.TextChoices):
    """A person's part in one agenda item."""

    SPEAKER = "speaker", _("Speaker")
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    PANELLIST = "panellist", _("Panellist")
    PRINCIPAL = "principal", _("Principal")


class AgendaItem(models.Model):
    Kind = AgendaKind

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = I18nCharField(max_length=300, verbose_name=_("title"))
    description = I18nTextField(blank=True, verbose_name=_("description"))
    area = models.ForeignKey(
        CooperationArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="agenda_items", through="ItemPerson"
    )
    room = I18nCharField(max_length=120, blank=True, verbose_name=_("room"))
    online_only = models.BooleanField(default=False, verbose_name=_("online only"))
    online = models.BooleanField(default=True, help_text=_("Streamed on the online channel"))
    languages = models.JSONField(default=list, blank=True, verbose_name=_("languages spoken"))
    interpretation = models.BooleanField(default=False, verbose_name=_("interpretation offered"))
    # A parallel session's own channel: an https stream URL, or a Jitsi room on the
    # configured server (the name is generated, never typed).
    stream_url = models.URLField(blank=True, verbose_name=_("stream URL"))
    jitsi_room = models.CharField(max_length=80, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "starts_at", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="agenda_item_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AgendaKind.values), name="agenda_item_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def has_own_channel(self) -> bool:
        return bool(self.stream_url or self.jitsi_room)


class ItemPerson(models.Model):
    """A person in an agenda item, with their part."""

    Part = Part

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="item_parts")
    part = models.CharField(max_length=12, choices=Part.choices, default=Part.SPEAKER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="item_person_once"),
            models.CheckConstraint(
                condition=models.Q(part__in=Part.values), name="item_person_part_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_part_display()}"


def video_path(instance, filename: str) -> str:
    # An unguessable name: the file's address says nothing about the item before publication.
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"programme/videos/{secrets.token_urlsafe(12)}.{ext}"


def subtitle_path(instance, filename: str) -> str:
    return f"programme/subtitles/{secrets.token_urlsafe(12)}.vtt"


class VideoMessage(models.Model):
    """A recorded message for an item, checked by content (ffprobe) before it is stored."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="video")
    file = models.FileField(upload_to=video_path, max_length=200)
    container = models.CharField(max_length=10)  # "mp4" or "webm"
    video_codec = models.CharField(max_length=20)
    audio_codec = models.CharField(max_length=20, blank=True)
    duration = models.FloatField(help_text=_("seconds"))
    size = models.BigIntegerField()
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.item} ({self.container}, {self.duration:.0f} s)"

    @property
    def content_type(self) -> str:
        return "video/webm" if self.container == "webm" else "video/mp4"


class Subtitles(models.Model):
    """WebVTT subtitles of a video in one language."""

    video = models.ForeignKey(VideoMessage, on_delete=models.CASCADE, related_name="subtitles")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(upload_to=subtitle_path, max_length=200)

    class Meta:
        ordering = ["video", "language"]
        verbose_name_plural = "subtitles"
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="subtitles_once"),
        ]

    def __str__(self) -> str:
        return f"{self.video.item} ({self.language})"


class Stage(models.Model):
    """Per event: the online channel and what is on stage now."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="stage")
    now_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stream_url = models.URLField(blank=True, verbose_name=_("stream URL"))
    jitsi_room = models.CharField(max_length=80, default=new_room_name)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.event.slug}: {self.now_item or '—'}"
