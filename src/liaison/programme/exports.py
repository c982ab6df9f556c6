"""The programme as iCalendar (RFC 5545, with the icalendar library) and as a printable PDF
(WeasyPrint, which embeds the subset of the CJK fonts the page uses)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as VEvent

from liaison.core.i18n import localize

from .channels import channel_for


def calendar(event, items, request, language: str, join=None, stage=None) -> bytes:
    """One VEVENT per item, times in UTC. Online participants (``join`` given) get the join
    link of the item's channel; on-site ones get the room as LOCATION."""
    cal = Calendar()
    cal.add("prodid", "-//Liaison//Programme//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", localize(event.title, language, event.default_language).text)
    cal.add("x-wr-timezone", event.timezone)
    stamp = datetime.now(UTC)
    host = request.get_host().split(":")[0] or "liaison"
    for item in items:
        entry = VEvent()
        entry.add("uid", f"{event.slug}-item-{item.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", item.starts_at.astimezone(UTC))
        entry.add("dtend", item.ends_at.astimezone(UTC))
        entry.add("summary", localize(item.title, language, event.default_language).text)
        description = localize(item.description, language, event.default_language).text
        people = ", ".join(p.person.name_for(language) for p in item.participants.all())
        url = request.build_absolute_uri(
            reverse("site:programme-item", kwargs={"slug": event.slug, "pk": item.pk})
        )
        channel = channel_for(stage, item) if join is not None else None
        lines = [text for text in (people, description) if text]
        if channel is not None:
            lines.append(channel.url)
            entry.add("location", channel.url)
        elif item.room and not item.online_only:
            entry.add("location", localize(item.room, language).text)
        entry.add("description", "\n\n".join([*lines, url]))
        entry.add("url", url)
        entry.add("categories", [item.kind])
        cal.add_component(entry)
    return cal.to_ical()


def pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
