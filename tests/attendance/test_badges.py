"""Badges: the QR code of the PDF decodes to the badge code, which checks in."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from liaison.attendance.badges import badge_sheets_pdf
from liaison.events import services as event_services
from tests.factories import UserFactory

from .factories import make_registration, staff_of

pypdfium2 = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")

pytestmark = pytest.mark.django_db


def pages_of(pdf: bytes):
    document = pypdfium2.PdfDocument(pdf)
    return [
        (
            page.get_textpage().get_text_range(),
            page.render(scale=300 / 72).to_pil(),
            page.get_size(),
        )
        for page in document
    ]


def embedded_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts of the text on the first page that the PDF embeds."""
    import ctypes

    raw = pypdfium2.raw
    names = set()
    for obj in pypdfium2.PdfDocument(pdf)[0].get_objects():
        if obj.type != raw.FPDF_PAGEOBJ_TEXT:
            continue
        font = raw.FPDFTextObj_GetFont(obj.raw)
        size = raw.FPDFFont_GetBaseFontName(font, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFFont_GetBaseFontName(font, buffer, size)
        if raw.FPDFFont_GetIsEmbedded(font):
            names.add(buffer.value.decode())
    return names


def api(user):
    client = APIClient()
    token = Token.objects.get_or_create(user=user)[0].key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def badge_url(registration):
    return f"/api/v1/events/{registration.event.slug}/registrations/{registration.pk}/badge.pdf"


def test_badge_pdf_shows_both_scripts_and_its_qr_code_checks_in(event, wang, staff):
    response = api(staff).get(badge_url(wang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    fonts = embedded_fonts(pdf)
    assert any("Noto-Sans-CJK" in name for name in fonts), fonts  # embedded, not referenced

    [(text, image, (width, height))] = pages_of(pdf)
    assert round(width / 72 * 25.4) == 105 and round(height / 72 * 25.4) == 148  # A6
    for expected in ("王磊", "Wang Lei", "Tianfu Software", "China", "Speaker", wang.badge_code):
        assert expected in text
    [decoded] = zxingcpp.read_barcodes(image)
    assert decoded.format == zxingcpp.BarcodeFormat.QRCode
    assert decoded.text == wang.badge_code

    checkin = api(staff).post(
        f"/api/v1/events/{event.slug}/checkins/",
        {"code": decoded.text, "client_id": str(uuid.uuid4())},
        format="json",
    )
    assert checkin.status_code == 201


def test_the_person_gets_their_badge_others_do_not(event, wang):
    owner = UserFactory(username="wang")
    event_services.link_person_to_user(wang.person, owner)
    assert api(owner).get(badge_url(wang)).status_code == 200
    assert api(UserFactory(username="someone")).get(badge_url(wang)).status_code == 404
    editor = staff_of(event, "editor", role="editor")
    assert api(editor).get(badge_url(wang)).status_code == 404
    assert APIClient().get(badge_url(wang)).status_code == 401


def test_no_badge_for_an_online_participant_with_a_clear_message(event, staff):
    online = make_registration(event, mode="online")
    response = api(staff).get(badge_url(online), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 409
    [message] = response.json()["errors"]["non_field_errors"]
    assert "takes part online" in message
    withdrawn = make_registration(event, status="withdrawn")
    assert api(staff).get(badge_url(withdrawn)).status_code == 410
    pending = make_registration(event, status="pending")
    assert api(staff).get(badge_url(pending)).status_code == 409


def test_all_badges_of_an_event_on_a4_sheets(event, wang, other_event):
    people = [make_registration(event) for _ in range(4)]
    make_registration(event, mode="online")
    make_registration(event, status="waitlisted")
    make_registration(other_event)
    pages = pages_of(badge_sheets_pdf(event))
    assert len(pages) == 2  # five approved on-site badges, four to a sheet
    text, image, (width, height) = pages[0]
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297
    codes = {b.text for _t, image, _s in pages for b in zxingcpp.read_barcodes(image)}
    assert codes == {wang.badge_code, *(p.badge_code for p in people)}


def test_console_badge_sheets_for_the_team_only(event, wang, staff):
    client = Client()
    client.force_login(staff)
    response = client.get(f"/console/{event.slug}/badges.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(UserFactory(username="outsider"))
    assert client.get(f"/console/{event.slug}/badges.pdf").status_code == 404
