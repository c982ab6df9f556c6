"""The printable agenda: a PDF of the delegate's own meetings, in their language, with the
CJK fonts embedded; nobody else's meetings, and not for outsiders."""

from __future__ import annotations

import pytest

from liaison.matchmaking import services

from .conftest import make_delegate, user_of

pypdfium2 = pytest.importorskip("pypdfium2")

pytestmark = pytest.mark.django_db(transaction=True)


def text_and_fonts(pdf: bytes) -> tuple[str, set[str]]:
    import ctypes

    raw = pypdfium2.raw
    document = pypdfium2.PdfDocument(pdf)
    text, fonts = "", set()
    for page in document:
        text += page.get_textpage().get_text_range()
        for obj in page.get_objects():
            if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                continue
            font = raw.FPDFTextObj_GetFont(obj.raw)
            size = raw.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFFont_GetBaseFontName(font, buffer, size)
            if raw.FPDFFont_GetIsEmbedded(font):
                fonts.add(buffer.value.decode())
    return text, fonts


def test_agenda_pdf_lists_own_meetings_in_japanese(event, organiser, client):
    a = make_delegate(event, 1, "jp")
    b = make_delegate(event, 2, "cn", mode="online")
    c, d = make_delegate(event, 3, "jp"), make_delegate(event, 4, "cn")
    services.generate_slots(event)
    services.set_tables(event, 2)
    services.set_video_rooms(event, 1)
    for x, y in ((a, b), (c, d)):
        request, _created = services.request_meeting(x, y)
        services.accept(request)
    run = services.start_run(event, actor=organiser)
    run.refresh_from_db()
    services.publish_run(run)

    client.force_login(user_of(a))
    agenda = client.get(f"/ja/{event.slug}/matchmaking/agenda/").content.decode()
    assert f"/ja/{event.slug}/matchmaking/agenda.pdf" in agenda
    response = client.get(f"/ja/{event.slug}/matchmaking/agenda.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, fonts = text_and_fonts(response.content)
    assert "王 伟2" in text or "王伟2" in text  # the counterpart, in their own script
    assert "王 伟4" not in text and "王伟4" not in text  # someone else's meeting
    assert "ビデオ会議室 1" in text or "ビデオルーム 1" in text  # the place, in Japanese
    assert "https://" in text  # the video room's link
    assert any("Noto-Sans-CJK-JP" in f for f in fonts), fonts


def test_agenda_pdf_is_only_for_delegates(event, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="stranger"))
    assert client.get(f"/en/{event.slug}/matchmaking/agenda.pdf").status_code == 404
    client.logout()
    assert client.get(f"/en/{event.slug}/matchmaking/agenda.pdf").status_code == 302
