"""Template helpers shared by the public site and the console.

{% load liaison %}
{{ event.title|tr:event }}         text in the active language, visible fallback
{{ event.title|tr_text:event }}    the same as plain text (for <title>, attributes)
{% event_when event %}             "15 July 2021, 14:00–17:30 China Standard Time (UTC+8)"
{% span_in_zone starts ends zone %}
{% time_span item.starts_at item.ends_at event.timezone %}   "14:00–14:20"
{% language_links as links %}      the language switcher, keeping the current page
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import dateformat, translation
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from liaison.core.i18n import CONTENT_LANGUAGES, localize, offered_languages
from liaison.core.timezones import in_zone, utc_offset_label, zone_name

register = template.Library()


def bcp47(code: str) -> str:
    """Django's language code as an HTML ``lang`` value: zh-hans -> zh-Hans (script subtag)."""
    parts = code.split("-")
    tagged = [parts[0].lower()]
    for part in parts[1:]:
        tagged.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(tagged)


register.filter("bcp47", bcp47)


def _fallback_note(language: str) -> str:
    """ "Not yet translated; shown in English", naming the language in the reader's words."""
    name = dict(settings.LANGUAGES).get(language, language)
    return _("Not yet translated; shown in %(language)s") % {"language": _(str(name))}


def _fallback_language(fallback) -> str | None:
    """An Event (its default language) or a language code, as the filters' argument."""
    if fallback is None or fallback == "":
        return None
    return getattr(fallback, "default_language", None) or str(fallback)


@register.filter
def tr(value, fallback=None):
    """A multilingual value in the active language; a fallback is marked as such."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    local = localize(value, language, _fallback_language(fallback))
    if not local.is_fallback_for(language):
        return local.text
    label = self_name(local.language)
    return format_html(
        '<span class="fallback" lang="{}" title="{}">{}<span class="fallback-mark"'
        ' aria-hidden="true">{}</span></span>',
        bcp47(local.language),
        _fallback_note(local.language),
        local.text,
        label,
    )


@register.filter
def tr_text(value, fallback=None) -> str:
    """Like ``tr`` but plain text, for places where markup cannot go."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return localize(value, language, _fallback_language(fallback)).text


@register.filter
def person_name(person) -> str:
    """How a reader of the active language names a person; by function if that is all we have."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    known_as = getattr(person, "known_as", None)
    name = person.name_for(language)
    if name:
        return name
    return localize(known_as, language).text if known_as else ""


def format_date(moment: datetime) -> str:
    # Translators: a date on event pages, in Django's date format syntax.
    return dateformat.format(moment, pgettext("event date", "j F Y"))


def format_time(moment: datetime) -> str:
    return dateformat.format(moment, "H:i")


def format_span(starts: datetime, ends: datetime, zone: str) -> str:
    """A span of time in ``zone``, with the zone named and its offset from UTC."""
    start, end = in_zone(starts, zone), in_zone(ends, zone)
    values = {
        "date": format_date(start),
        "start": format_time(start),
        "end": format_time(end),
        "zone": zone_name(zone, start),
        "offset": utc_offset_label(start, zone),
    }
    if start.date() == end.date():
        return _("%(date)s, %(start)s–%(end)s %(zone)s (%(offset)s)") % values
    values.update(start_date=values.pop("date"), end_date=format_date(end))
    return _("%(start_date)s, %(start)s – %(end_date)s, %(end)s %(zone)s (%(offset)s)") % values


@register.simple_tag
def event_when(event) -> str:
    return format_span(event.starts_at, event.ends_at, event.timezone)


@register.simple_tag
def event_date(event) -> str:
    """The event's first day, in its own time zone: "15 July 2021"."""
    return format_date(in_zone(event.starts_at, event.timezone))


@register.simple_tag
def span_in_zone(starts: datetime, ends: datetime, zone: str) -> str:
    return format_span(starts, ends, zone)


@register.simple_tag
def time_span(starts: datetime, ends: datetime, zone: str) -> str:
    return _("%(start)s–%(end)s") % {
        "start": format_time(in_zone(starts, zone)),
        "end": format_time(in_zone(ends, zone)),
    }


@register.simple_tag
def zone_label(zone: str, moment: datetime | None = None) -> str:
    """ "China Standard Time (UTC+8)"."""
    moment = moment or datetime.now().astimezone()
    return _("%(zone)s (%(offset)s)") % {
        "zone": zone_name(zone, moment),
        "offset": utc_offset_label(moment, zone),
    }


# What each language calls itself, shown in the switcher whatever the page language is
# (shorter than Django's "简体中文": the site offers no other Chinese).
LANGUAGE_SELF_NAMES = {"en": "English", "zh-hans": "中文", "ja": "日本語"}


def self_name(code: str) -> str:
    return LANGUAGE_SELF_NAMES.get(code) or translation.get_language_info(code)["name_local"]


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per language: the current page in that language on the public site; for
    the console (no language in its addresses) ``url`` is None: it posts to set_language.
    An event's pages offer the event's languages only."""
    request = context.get("request")
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path() if request else "/"
    prefixed = request is not None and request.path.startswith(f"/{current}/")
    console = request is not None and request.path.startswith(("/console/", "/admin/"))
    event = context.get("event")
    codes = offered_languages(event) if event is not None and not console else CONTENT_LANGUAGES
    links = []
    for code in codes:
        url = None
        if prefixed:
            url = translate_url(path, code)
            if url == path and code != current:
                url = _site_index(code)  # the page does not resolve (a 404): go home
        elif not console:
            url = _site_index(code)
        links.append(
            {
                "code": code,
                "lang": bcp47(code),
                "name": self_name(code),
                "url": url,
                "current": code == current,
            }
        )
    return links


def _site_index(code: str) -> str:
    try:
        with translation.override(code):
            return reverse("site:index")
    except NoReverseMatch:
        return f"/{code}/"


@register.filter
def tr_paragraphs(value, fallback=None):
    """A multilingual long text as paragraphs, the fallback marked on the block."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    local = localize(value, language, _fallback_language(fallback))
    paragraphs = linebreaks(local.text, autoescape=True)
    if not local.is_fallback_for(language):
        return mark_safe(paragraphs)  # noqa: S308 - linebreaks escaped the text
    return format_html(
        '<div class="fallback fallback-block" lang="{}" title="{}">{}'
        '<p class="fallback-note">{}</p></div>',
        bcp47(local.language),
        _fallback_note(local.language),
        mark_safe(paragraphs),  # noqa: S308 - linebreaks escaped the text
        _fallback_note(local.language),
    )


@register.simple_tag
def zone_title(zone: str, moment: datetime | None = None) -> str:
    """ "Japan Standard Time"."""
    return zone_name(zone, moment)


@register.simple_tag(takes_context=True)
def event_links(context, event):
    """What the site's navigation offers this visitor for ``event``, asked of the rules:
    registration while it is open, their own page once signed in, the marketplace for
    approved delegates and organisers."""
    from liaison.events import rules

    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    return {
        "register": event.registration_open and not signed_in,
        "me": signed_in,
        "signin": not signed_in,
        "matchmaking": signed_in and rules.can_use_matchmaking(user, event),
    }
