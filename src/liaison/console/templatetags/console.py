"""Template helpers of the console.

{{ field|is_required }}          a form field needs a value (in one language for texts)
{{ entry.at|event_clock:event }}  "2021-07-15 14:05 (UTC+8)"
{{ entry.action|action_label }}  "Event changed" for "event.update", in the reader's language
{% audit_details entry as rows %} what an audit entry changed, as (label, value) rows
{{ value|missing_in:event }}     the names of the event's languages a text lacks
"""

from __future__ import annotations

from django import template
from django.conf import settings

from liaison.console.labels import action_label, field_label
from liaison.core.i18n import missing_languages
from liaison.core.timezones import in_zone, utc_offset_label

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.filter
def is_required(bound_field) -> bool:
    field = bound_field.field
    return bool(getattr(field, "one_required", field.required))


@register.filter
def missing_in(value, event) -> list[str]:
    """Names of the event's languages in which ``value`` has no text (none when it has no
    text at all: an empty optional field is not a missing translation)."""
    languages = [code for code, _name in settings.LANGUAGES if code in (event.languages or ())]
    missing = missing_languages(value, languages)
    if len(missing) == len(languages):
        return []
    return [str(LANGUAGE_NAMES.get(code, code)) for code in missing]


register.filter("action_label", action_label)


@register.filter
def event_clock(moment, event) -> str:
    """A moment on the event's clock: "2021-07-15 14:05 (UTC+8)"."""
    if moment is None:
        return ""
    local = in_zone(moment, event.timezone)
    return f"{local:%Y-%m-%d %H:%M} ({utc_offset_label(moment, event.timezone)})"


def _show(value) -> str:
    if isinstance(value, dict):
        # Languages in the site's order (PostgreSQL's jsonb keeps its own key order).
        order = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}
        keys = sorted(value, key=lambda k: (order.get(k, len(order)), k))
        return " · ".join(f"{k}: {value[k]}" for k in keys if value[k]) or "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if value in (None, ""):
        return "—"
    return str(value)


@register.simple_tag
def audit_details(entry) -> list[tuple[str, str]]:
    """The changed fields with their new values, then the entry's other data."""
    data = entry.data or {}
    changes = data.get("changes") or {}
    rows = [(field_label(name), _show(value)) for name, value in changes.items()]
    rows += [(field_label(name), _show(value)) for name, value in data.items() if name != "changes"]
    return rows
