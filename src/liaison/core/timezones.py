"""Times are stored in UTC and shown in a named zone ("15 July 2021, 14:00 China Standard Time")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Zone names a reader recognises, per IANA zone; others show their UTC offset.
_ZONE_NAMES = {
    "Asia/Shanghai": _("China Standard Time"),
    "Asia/Chongqing": _("China Standard Time"),
    "Asia/Tokyo": _("Japan Standard Time"),
    "Asia/Seoul": _("Korea Standard Time"),
    "Europe/London": _("UK time"),
    "Europe/Berlin": _("Central European Time"),
    "UTC": _("Coordinated Universal Time"),
}


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("%(zone)s is not a known time zone."), params={"zone": value})


def zone_name(zone: str, moment: datetime | None = None) -> str:
    """A human name for the zone, with its UTC offset when it has no common name."""
    if zone in _ZONE_NAMES:
        return str(_ZONE_NAMES[zone])
    tz = ZoneInfo(zone)
    offset = (moment or datetime.now(tz)).astimezone(tz).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return (
        f"{zone.split('/')[-1].replace('_', ' ')} (UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})"
    )


def in_zone(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def utc_offset_label(moment: datetime, zone: str) -> str:
    offset = in_zone(moment, zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")
