"""The console editor's form: one agenda item, times typed in the event's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from liaison.events.models import Person

from .models import AgendaItem, Part

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=300, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    room_en = forms.CharField(label=_("Room (English)"), max_length=120, required=False)
    room_zh = forms.CharField(label=_("Room (Chinese)"), max_length=120, required=False)
    room_ja = forms.CharField(label=_("Room (Japanese)"), max_length=120, required=False)
    online_only = forms.BooleanField(label=_("Online only (no room)"), required=False)
    area = forms.ModelChoiceField(label=_("Cooperation area"), queryset=None, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpretation = forms.BooleanField(label=_("Interpretation offered"), required=False)
    stream_url = forms.URLField(
        label=_("Own stream URL (https, optional)"), required=False, assume_scheme="https"
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    part = forms.ChoiceField(
        label=_("Their part"),
        choices=[("", _("Usual for the kind")), *Part.choices],
        required=False,
    )
    confirm = forms.BooleanField(label=_("Save despite the conflicts shown"), required=False)

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.zone = ZoneInfo(event.timezone)
        self.fields["area"].queryset = event.areas.order_by("position")
        self.fields["people"].queryset = (
            Person.objects.filter(roles__event=event)
            .exclude(roles__kind="delegate")
            .distinct()
            .order_by("family_name_latin", "given_name_latin")
        )

    def clean_starts_at(self):
        return _in_zone(self.cleaned_data["starts_at"], self.zone)

    def clean_ends_at(self):
        return _in_zone(self.cleaned_data["ends_at"], self.zone)

    def service_fields(self) -> tuple[dict, list]:
        data = self.cleaned_data
        fields = {
            "kind": data["kind"],
            "title": _three(data, "title"),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "room": _three(data, "room"),
            "online_only": data["online_only"],
            "area": data["area"],
            "languages": [c for c in LANGUAGE_CODES if c in data["languages"]],
            "interpretation": data["interpretation"],
            "stream_url": data["stream_url"] or "",
        }
        people = list(data["people"])
        if data["part"]:
            people = [(person, data["part"]) for person in people]
        return fields, people

    @classmethod
    def initial_for(cls, item) -> dict:
        zone = ZoneInfo(item.event.timezone)
        title, room = item.title.data or {}, item.room.data or {}
        if not isinstance(title, dict):
            title = {"en": title}
        if not isinstance(room, dict):
            room = {"en": room}
        parts = {p.part for p in item.participants.all()}
        return {
            "kind": item.kind,
            "title_en": title.get("en", ""),
            "title_zh": title.get("zh-hans", ""),
            "title_ja": title.get("ja", ""),
            "starts_at": item.starts_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": item.ends_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "room_en": room.get("en", ""),
            "room_zh": room.get("zh-hans", ""),
            "room_ja": room.get("ja", ""),
            "online_only": item.online_only,
            "area": item.area_id,
            "languages": item.languages,
            "interpretation": item.interpretation,
            "stream_url": item.stream_url,
            "people": [p.person_id for p in item.participants.all()],
            "part": parts.pop() if len(parts) == 1 else "",
        }


def _in_zone(value: datetime, zone) -> datetime:
    # The browser sends a wall time of the event's zone, whatever Django's default zone is.
    return value.replace(tzinfo=None).replace(tzinfo=zone)


def _three(data: dict, name: str) -> dict:
    out = {
        "en": data[f"{name}_en"].strip(),
        "zh-hans": data[f"{name}_zh"].strip(),
        "ja": data[f"{name}_ja"].strip(),
    }
    return {code: text for code, text in out.items() if text}
