"""A delegate's printable agenda (A4 PDF): their meetings in the event's time, the place
(table or video room with its link), the counterpart and, with consent, their e-mail.

WeasyPrint lays it out from ``matchmaking/agenda_pdf.html`` and embeds the subset of the
fonts it uses (Noto Sans CJK from Debian's fonts-noto-cjk), so names and titles in Chinese
and Japanese print with their own glyph forms.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import selectors


def agenda_pdf(registration, language: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads pango, slow to start

    event = registration.event
    with translation.override(language):
        html = render_to_string(
            "matchmaking/agenda_pdf.html",
            {
                "event": event,
                "own": registration,
                "name": registration.person.name_for(language),
                "entries": selectors.agenda(registration, language=language),
                "language": language,
                "printed_at": timezone.now(),
            },
        )
    return HTML(string=html).write_pdf()
