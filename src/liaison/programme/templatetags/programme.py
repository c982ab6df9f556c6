"""{% load programme %}: times of an item in the event's zone and, if any, the viewer's."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from liaison.core.templatetags.liaison import time_span
from liaison.core.timezones import utc_offset_label, zone_name

register = template.Library()


@register.simple_tag
def item_times(item, event, viewer_zone=None):
    """ "14:00–14:10 UTC+8 · 15:00–15:10 UTC+9", each zone named in a title; one time only
    when the viewer's zone says the same."""
    main = format_html(
        '<span class="t-event"><time datetime="{}">{}</time>{}</span>',
        item.starts_at.isoformat(),
        time_span(item.starts_at, item.ends_at, event.timezone),
        format_html(
            ' <abbr class="zone" title="{}">{}</abbr>',
            zone_name(event.timezone, item.starts_at),
            utc_offset_label(item.starts_at, event.timezone),
        )
        if viewer_zone
        else "",
    )
    if not viewer_zone:
        return main
    return format_html(
        '{}<span class="t-viewer">{} <abbr class="zone" title="{}">{}</abbr></span>',
        main,
        time_span(item.starts_at, item.ends_at, viewer_zone),
        zone_name(viewer_zone, item.starts_at),
        utc_offset_label(item.starts_at, viewer_zone),
    )


@register.filter
def language_names(codes) -> str:
    from django.conf import settings
    from django.utils.translation import gettext

    names = dict(settings.LANGUAGES)
    return ", ".join(gettext(str(names.get(code, code))) for code in codes or [])
