"""Multilingual content: what the public reads is stored in English, Simplified Chinese and
Japanese, and shown in the reader's language with a fallback to the event's default.

Stored with django-i18nfield (a JSON object per field: {"en": ..., "zh-hans": ..., "ja": ...}).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from i18nfield.strings import LazyI18nString

CONTENT_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

# Looks like a language tag ("fr", "xx", "pt-br", "zh-hant", "ja-cn"): the site reads such a
# path segment as a language, so it is never an event's address.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z]{2,8})?$")


@dataclass(frozen=True)
class LocalText:
    """A text in one language, and which language it really is (differs on fallback)."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    def is_fallback_for(self, language: str) -> bool:
        return bool(self.text) and self.language != language


def localize(value, language: str, fallback: str | None = None) -> LocalText:
    """The value in ``language``, else in ``fallback`` (the event's default), else any."""
    fallback = fallback or settings.LANGUAGE_CODE
    if value is None:
        return LocalText("", language)
    data = value.data if isinstance(value, LazyI18nString) else value
    if not isinstance(data, dict):
        return LocalText(str(data or ""), language)
    for lang in (language, fallback, *CONTENT_LANGUAGES):
        text = data.get(lang)
        if text:
            return LocalText(text, lang)
    return LocalText("", language)


def offered_languages(event) -> list[str]:
    """The languages an event is read in: its ``languages``, in the site's order (all of
    them when it names none)."""
    chosen = set(getattr(event, "languages", None) or CONTENT_LANGUAGES)
    return [code for code in CONTENT_LANGUAGES if code in chosen]


def missing_languages(value, languages=CONTENT_LANGUAGES) -> list[str]:
    """Languages in which a multilingual value has no text (for the organiser's checks)."""
    data = value.data if isinstance(value, LazyI18nString) else value
    if not isinstance(data, dict):
        return list(languages) if not data else []
    return [lang for lang in languages if not data.get(lang)]
