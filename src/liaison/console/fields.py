"""Form fields of the console: a text in the event's languages side by side, and a wall-clock
time in the event's own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from liaison.core.i18n import CONTENT_LANGUAGES
from liaison.core.templatetags.liaison import LANGUAGE_SELF_NAMES, bcp47

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def texts_of(value) -> dict[str, str]:
    """A multilingual value (LazyI18nString, dict, plain string or None) as a dict."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return {lang: str(text) for lang, text in data.items() if text}
    if data:
        return {settings.LANGUAGE_CODE: str(data)}
    return {}


class MultilingualWidget(forms.MultiWidget):
    """One input per language, side by side (stacked on a phone), each labelled with the
    language's name and marked "missing" while empty."""

    template_name = "console/widgets/multilingual.html"

    def __init__(self, languages, *, textarea: bool = False, one_required=False, attrs=None):
        self.languages = list(languages)
        self.textarea = textarea
        self.one_required = one_required
        widgets = [
            forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput()
            for _lang in self.languages
        ]
        super().__init__(widgets, attrs)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.languages = list(self.languages)
        copy.one_required = self.one_required
        return copy

    def decompress(self, value):
        texts = texts_of(value)
        return [texts.get(lang, "") for lang in self.languages]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list) else self.decompress(value)
        # A language is "missing" when another has a text (or the field needs one): an empty
        # optional field is not a missing translation.
        expected = self.one_required or any((text or "").strip() for text in values)
        for sub, lang, text in zip(context["widget"]["subwidgets"], self.languages, values):
            sub["attrs"]["lang"] = bcp47(lang)
            sub["language"] = {
                "code": lang,
                "tag": bcp47(lang),
                "name": LANGUAGE_NAMES.get(lang, lang),
                # The language's own name helps a reader of another language.
                "self_name": ""
                if lang == translation.get_language()
                else LANGUAGE_SELF_NAMES.get(lang, lang),
            }
            sub["missing"] = expected and not (text or "").strip()
        context["widget"]["one_required"] = self.one_required
        return context

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_


class MultilingualField(forms.MultiValueField):
    """A text in several languages, cleaned to ``{"en": ..., "ja": ...}`` without the empty
    ones. ``required`` means: in at least one language. Texts in languages the form does not
    show (the event offers fewer) are kept as they were (``keep``)."""

    default_error_messages = {
        "required": _("Give this in at least one language."),
    }

    def __init__(
        self,
        languages=CONTENT_LANGUAGES,
        *,
        required: bool = True,
        max_length: int | None = None,
        textarea: bool = False,
        **kwargs,
    ):
        self.languages = list(languages)
        self.keep: dict[str, str] = {}
        fields = [
            forms.CharField(required=False, max_length=max_length, strip=True)
            for _lang in self.languages
        ]
        super().__init__(
            fields,
            required=False,
            require_all_fields=False,
            widget=MultilingualWidget(self.languages, textarea=textarea, one_required=required),
            **kwargs,
        )
        self.one_required = required

    def compress(self, data_list):
        texts = dict(self.keep)
        for lang, text in zip(self.languages, data_list):
            if text:
                texts[lang] = text
            else:
                texts.pop(lang, None)
        return texts

    def clean(self, value):
        texts = super().clean(value)
        if self.one_required and not any(texts.get(lang) for lang in self.languages):
            raise ValidationError(self.error_messages["required"], code="required")
        return texts

    def has_changed(self, initial, data):
        return texts_of(initial) != self.compress(data or [])


def show_languages(form: forms.BaseForm, languages, instance_values: dict | None = None) -> None:
    """Make every multilingual field of ``form`` show ``languages`` (the event's), keeping
    the texts of the other languages from ``instance_values`` ({field: value})."""
    instance_values = instance_values or {}
    for name, field in form.fields.items():
        if not isinstance(field, MultilingualField):
            continue
        field.languages = list(languages)
        field.fields = tuple(
            forms.CharField(required=False, max_length=field.fields[0].max_length)
            for _lang in field.languages
        )
        field.widget = MultilingualWidget(
            field.languages, textarea=field.widget.textarea, one_required=field.one_required
        )
        texts = texts_of(instance_values.get(name))
        field.keep = {lang: text for lang, text in texts.items() if lang not in field.languages}


def missing_translations(form: forms.BaseForm) -> list[tuple[str, list[str]]]:
    """(field label, [language names]) for each multilingual field with an empty language."""
    out = []
    for name, field in form.fields.items():
        if not isinstance(field, MultilingualField):
            continue
        value = form[name].value()
        values = value if isinstance(value, list) else field.widget.decompress(value)
        missing = [
            str(LANGUAGE_NAMES.get(lang, lang))
            for lang, text in zip(field.languages, values)
            if not (text or "").strip()
        ]
        if missing and any((text or "").strip() for text in values):
            out.append((str(field.label or name), missing))
    return out


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as read on the event's clock; the form makes it aware in the event's
    zone (``in_zone``), never in the server's."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        # Parse as a naive wall-clock time; ``in_zone`` attaches the event's zone.
        with timezone.override(ZoneInfo("UTC")):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result

    def prepare_value(self, value):
        return value


def in_zone(value: datetime | None, zone: str) -> datetime | None:
    """A wall-clock time of the event's zone as an aware datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=ZoneInfo(zone))


def wall_clock(value: datetime | None, zone: str) -> datetime | None:
    """An aware datetime as the naive wall-clock time of ``zone`` (for a form's initial)."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
