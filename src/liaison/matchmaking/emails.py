"""Matchmaking's e-mails, each in its recipient's language (plain text)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from liaison.core.i18n import localize
from liaison.registration.emails import absolute

from . import selectors


def _message(registration, subject: str, template: str, context: dict) -> EmailMessage:
    event = registration.event
    context = {
        "event_title": localize(event.title, registration.language, event.default_language).text,
        "name": registration.person.name_for(registration.language),
        **context,
    }
    body = render_to_string(template, context)
    return EmailMessage(
        subject=f"{subject} · {context['event_title']}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )


def request_message(request, kind: str) -> EmailMessage:
    """``received`` goes to the recipient; ``accepted``/``declined`` to the requester."""
    to = request.recipient if kind == "received" else request.requester
    other = request.requester if kind == "received" else request.recipient
    with translation.override(to.language):
        subject = {
            "received": _("A delegate asks to meet you"),
            "accepted": _("Your meeting request was accepted"),
            "declined": _("Your meeting request was declined"),
        }[kind]
        return _message(
            to,
            subject,
            "matchmaking/email/request.txt",
            {
                "kind": kind,
                "other": other.person.name_for(to.language),
                "organisation": localize(
                    other.organisation.name if other.organisation else "", to.language
                ).text,
                "message": request.message if kind == "received" else "",
                "url": absolute(f"/{to.language}/{request.event.slug}/matchmaking/requests/"),
            },
        )


def _agenda_lines(registration, entries=None) -> list[str]:
    """The agenda's lines; ``entries`` when the caller read them already (``agendas``)."""
    lines = []
    for item in selectors.agenda(registration) if entries is None else entries:
        lines.append(
            f"{item.local_start:%H:%M}–{item.local_end:%H:%M}  {item.place}  "
            f"{item.counterpart_name}"
        )
    return lines


def agenda_message(registration, *, first: bool, entries=None) -> EmailMessage:
    with translation.override(registration.language):
        subject = _("Your meeting agenda") if first else _("Your meeting agenda has changed")
        return _message(
            registration,
            subject,
            "matchmaking/email/agenda.txt",
            {
                "first": first,
                "lines": _agenda_lines(registration, entries),
                "url": absolute(
                    f"/{registration.language}/{registration.event.slug}/matchmaking/agenda/"
                ),
            },
        )


def reminder_message(registration, entries=None) -> EmailMessage:
    with translation.override(registration.language):
        return _message(
            registration,
            _("Reminder: your meetings"),
            "matchmaking/email/reminder.txt",
            {
                "lines": _agenda_lines(registration, entries),
                "url": absolute(
                    f"/{registration.language}/{registration.event.slug}/matchmaking/agenda/"
                ),
            },
        )
