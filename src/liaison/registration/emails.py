"""The e-mails a person receives, in their own language, as text and HTML; the event's
calendar entry (.ics, made with icalendar) rides along with a confirmation."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from liaison.core.i18n import localize

from .models import RegistrationStatus

S = RegistrationStatus


def site_url() -> str:
    """The public address links in e-mails start with (``SITE_URL``)."""
    base = getattr(settings, "SITE_URL", "") or os.environ.get("SITE_URL", "")
    return (base or "http://localhost:8000").rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path


def event_calendar(event, language: str) -> bytes:
    """The event as an iCalendar file (one VEVENT), texts in ``language``."""
    fallback = event.default_language
    calendar = Calendar()
    calendar.add("prodid", "-//Liaison//Cooperation seminars//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"{event.slug}@liaison")
    entry.add("dtstamp", event.updated_at)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", localize(event.title, language, fallback).text)
    where = localize(event.venue, language, fallback).text
    city = localize(event.city, language, fallback).text
    location = ", ".join(p for p in (where, city) if p) or event.online_url
    if location:
        entry.add("location", location)
    entry.add("url", absolute(f"/{language}/{event.slug}/"))
    calendar.add_component(entry)
    return calendar.to_ical()


SUBJECTS = {
    "registered": {
        S.APPROVED: lambda: _("Your registration is confirmed"),
        S.PENDING: lambda: _("We have received your registration"),
        S.WAITLISTED: lambda: _("You are on the waiting list"),
    },
    "approved": lambda: _("Your registration is approved"),
    "promoted": lambda: _("A seat has become free for you"),
    "rejected": lambda: _("Your registration was not accepted"),
    "withdrawn": lambda: _("Your registration is withdrawn"),
    "sign_in": lambda: _("Your sign-in link"),
}


def _subject(kind: str, status: str) -> str:
    subject = SUBJECTS[kind]
    return (subject[status] if isinstance(subject, dict) else subject)()


def registration_message(registration, kind: str, sign_in_token: str | None = None):
    event = registration.event
    language = registration.language
    with translation.override(language):
        title = localize(event.title, language, event.default_language).text
        context = {
            "kind": kind,
            "registration": registration,
            "event": event,
            "event_title": title,
            "name": registration.person.name_for(language),
            "status": registration.status,
            "status_label": registration.get_status_display(),
            "mode_label": registration.get_mode_display(),
            "page_url": absolute(reverse("site:registration-me", args=[event.slug])),
            "sign_in_url": absolute(
                reverse("site:registration-signin-link", args=[event.slug, sign_in_token])
            )
            if sign_in_token
            else "",
            "LANGUAGE_CODE": language,
        }
        subject = f"{_subject(kind, registration.status)} · {title}"
        text = render_to_string("registration/email/registration.txt", context)
        html = render_to_string("registration/email/registration.html", context)
    message = EmailMultiAlternatives(subject, text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    if kind in ("registered", "approved", "promoted") and registration.status in (
        S.APPROVED,
        S.PENDING,
    ):
        message.attach(f"{event.slug}.ics", event_calendar(event, language), "text/calendar")
    return message


def invitation_message(invitation, token: str):
    event = invitation.event
    language = invitation.language
    with translation.override(language):
        title = localize(event.title, language, event.default_language).text
        context = {
            "event": event,
            "event_title": title,
            "invitation": invitation,
            "url": absolute(reverse("site:registration-register", args=[event.slug]))
            + f"?invitation={token}",
            "LANGUAGE_CODE": language,
        }
        subject = _("Invitation: %(title)s") % {"title": title}
        text = render_to_string("registration/email/invitation.txt", context)
        html = render_to_string("registration/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.attach(f"{event.slug}.ics", event_calendar(event, language), "text/calendar")
    return message
