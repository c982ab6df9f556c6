"""A delegate's own registration page shows their badge QR code (on site) or their join
link (online); the QR code decodes to the badge code."""

from __future__ import annotations

import pytest
from django.test import Client

from liaison.events import services as event_services
from tests.factories import UserFactory

from .factories import make_registration

pytestmark = pytest.mark.django_db


def page_of(event, registration, username):
    user = UserFactory(username=username)
    event_services.link_person_to_user(registration.person, user)
    client = Client()
    client.force_login(user)
    return client, client.get(f"/en/{event.slug}/me/").content.decode()


def test_on_site_delegate_sees_their_badge_code_and_can_download_the_badge(event):
    registration = make_registration(event)
    client, html = page_of(event, registration, "onsite-delegate")
    assert "Your badge" in html and registration.badge_code in html
    assert "<svg" in html
    badge = f"/api/v1/events/{event.slug}/registrations/{registration.pk}/badge.pdf"
    assert badge in html
    assert client.get(badge)["Content-Type"] == "application/pdf"


def test_the_page_qr_code_decodes_to_the_badge_code(event):
    zxingcpp = pytest.importorskip("zxingcpp")
    pypdfium2 = pytest.importorskip("pypdfium2")
    from weasyprint import HTML

    from liaison.attendance.templatetags.attendance import badge_qr

    registration = make_registration(event)
    svg = badge_qr(registration.badge_code)
    # The page's own SVG, drawn (WeasyPrint to PDF, PDFium to pixels) and decoded.
    pdf = HTML(string=f"<div style='width:60mm'>{svg}</div>").write_pdf()
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=4).to_pil()
    [decoded] = zxingcpp.read_barcodes(image)
    assert decoded.text == registration.badge_code


def test_online_delegate_sees_their_join_link(event):
    registration = make_registration(event, mode="online")
    _client, html = page_of(event, registration, "online-delegate")
    assert f"/en/{event.slug}/join/{registration.join_token}/" in html
    assert registration.badge_code not in html


def test_pending_delegate_sees_neither(event):
    registration = make_registration(event, status="pending")
    _client, html = page_of(event, registration, "pending-delegate")
    assert registration.badge_code not in html and registration.join_token not in html
