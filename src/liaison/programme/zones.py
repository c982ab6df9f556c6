"""The viewer's time zone beside the event's: chosen by the viewer (a cookie set when they
confirm the zone their browser reports), or the usual zone of the page's language; never
applied silently, always named on the page."""

from __future__ import annotations

from zoneinfo import available_timezones

from liaison.core.timezones import in_zone

COOKIE = "liaison_tz"
LANGUAGE_ZONES = {"ja": "Asia/Tokyo"}


def viewer_zone(request, event, language: str) -> str | None:
    """The second zone to show, or None when it would say the same as the event's."""
    chosen = request.COOKIES.get(COOKIE, "")
    zone = chosen if chosen in available_timezones() else LANGUAGE_ZONES.get(language)
    if not zone or zone == event.timezone:
        return None
    if (
        in_zone(event.starts_at, zone).utcoffset()
        == in_zone(event.starts_at, event.timezone).utcoffset()
    ):
        return None
    return zone
