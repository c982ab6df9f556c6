"""Badges: a PDF per on-site participant, and every badge of an event on A4 sheets.

Each badge (A6, 105 x 148 mm, the size of a common badge holder) shows the name in the
person's own script and in Latin letters, organisation, delegation and role, and a QR code
(segno) that encodes the badge code exactly, with the code printed beneath it for typing.
WeasyPrint lays it out from an HTML template and embeds the subset of the fonts it uses
(Noto Sans CJK from Debian's fonts-noto-cjk, so Chinese and Japanese names print with
their own glyph forms).
"""

from __future__ import annotations

from collections.abc import Iterable

import segno
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liaison.core.errors import Conflict
from liaison.events.models import Event
from liaison.registration.models import Registration, RegistrationStatus

from .selectors import card

BADGES_PER_SHEET = 4


class BadgeRefused(Conflict):
    """No badge for this registration (online, or not approved); ``gone`` when it was
    withdrawn or rejected."""

    def __init__(self, message: str, *, gone: bool = False):
        super().__init__(message)
        self.gone = gone


def check_badge(registration: Registration) -> None:
    """Raise ``BadgeRefused`` with a clear message unless the registration gets a badge:
    an approved registration to attend on site."""
    if registration.mode != Registration.Mode.ONSITE:
        raise BadgeRefused(
            _(
                "%(name)s takes part online: badges are printed only for participants on "
                "site. Their personal join link is on their registration page."
            )
            % {"name": registration.person}
        )
    if registration.status in (RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED):
        raise BadgeRefused(
            _("This registration was withdrawn or rejected: it has no badge."), gone=True
        )
    if registration.status != RegistrationStatus.APPROVED:
        raise BadgeRefused(
            _("This registration is not approved yet: its badge is printed once it is.")
        )


def qr_data_uri(code: str) -> str:
    """The QR code of a badge code, as an SVG data URI (vector, sharp at any size)."""
    return segno.make(code, error="m", micro=False).svg_data_uri(scale=4, border=4)


def _badge(registration: Registration) -> dict:
    data = card(registration)
    data["qr"] = qr_data_uri(registration.badge_code)
    data["code"] = registration.badge_code
    return data


def render_pdf(event: Event, registrations: Iterable[Registration], *, sheets: bool) -> bytes:
    """One badge per A6 page, or (``sheets``) four per A4 page with cut lines."""
    from weasyprint import HTML  # imported here: it loads pango, slow to start

    badges = [_badge(r) for r in registrations]
    if sheets:
        pages = [badges[i : i + BADGES_PER_SHEET] for i in range(0, len(badges), BADGES_PER_SHEET)]
    else:
        pages = [[b] for b in badges]
    if not pages:
        raise ValidationError(_("There is no badge to print: no approved on-site registration."))
    html = render_to_string(
        "attendance/badges.html",
        {"event": event, "pages": pages, "sheets": sheets, "language": get_language() or "en"},
    )
    return HTML(string=html).write_pdf()


def badge_pdf(registration: Registration) -> bytes:
    check_badge(registration)
    return render_pdf(registration.event, [registration], sheets=False)


def badge_sheets_pdf(event: Event) -> bytes:
    """Every approved on-site registration's badge, four to an A4 sheet, ordered by
    delegation then name (the order a registration desk sorts them in)."""
    from .selectors import registrations_for_desk

    registrations = (
        registrations_for_desk(event)
        .filter(mode=Registration.Mode.ONSITE, status=RegistrationStatus.APPROVED)
        .order_by(
            "delegation__position",
            "person__family_name_latin",
            "person__given_name_latin",
            "person__family_name",
            "pk",
        )
    )
    return render_pdf(event, registrations, sheets=True)
