"""The programme: what happens when. The hybrid programme (sessions, streams, video files)
grows from here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from liaison.events.models import CooperationArea, Event, Person


class AgendaKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    VIDEO_MESSAGE = "video_message", _("Video message")
    SPEECH = "speech", _("Speech")
    PRESIDING = "presiding", _("Presiding")
    PANEL = "panel", _("Panel")
    SESSION = "session", _("Thematic session")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    BREAK = "break", _("Break")
    CLOSING = "closing", _("Closing")


class AgendaItem(models.Model):
    Kind = AgendaKind

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = I18nCharField(max_length=300, verbose_name=_("title"))
    description = I18nTextField(blank=True)
    area = models.ForeignKey(
        CooperationArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    people = models.ManyToManyField(Person, blank=True, related_name="agenda_items")
    room = I18nCharField(max_length=120, blank=True, verbose_name=_("room"))
    online = models.BooleanField(default=True, help_text=_("Streamed on the online channel"))
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
