"""The public programme pages, the time zones and the exports, as a reader sees them."""

from __future__ import annotations

import contextlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from icalendar import Calendar

from liaison.programme import services

from .conftest import VTT

pytestmark = pytest.mark.django_db


def test_japanese_reader_sees_utc8_and_utc9(client, items):
    html = client.get("/ja/hybrid-2021/programme/").content.decode()
    assert "UTC+8" in html and "UTC+9" in html
    assert "14:00～14:10" in html and "15:00～15:10" in html  # the opening, in both zones
    assert "中国標準時" in html or "China Standard Time" in html


def test_english_reader_sees_the_event_zone_only_until_they_choose(client, items):
    html = client.get("/en/hybrid-2021/programme/").content.decode()
    assert "14:00–14:10" in html and "15:00–15:10" not in html
    client.cookies["liaison_tz"] = "Asia/Tokyo"
    html = client.get("/en/hybrid-2021/programme/").content.decode()
    assert "15:00–15:10" in html and "Japan Standard Time" in html


def test_programme_page_shows_items_now_and_parallel_sessions(client, items, chair):
    services.set_now(items[0].event, items[2])
    html = client.get("/en/hybrid-2021/programme/").content.decode()
    for title in ("Opening", "Video message", "Digital economy", "Elderly care", "Closing"):
        assert title in html
    assert "2 sessions in parallel" in html
    now_box = html[html.index('id="now-on-stage"') :]
    assert "Digital economy" in now_box[: now_box.index("Next")]


def test_programme_by_room_and_by_area(client, items):
    assert "Room B" in client.get("/en/hybrid-2021/programme/?by=room").content.decode()
    assert client.get("/en/hybrid-2021/programme/?by=area").status_code == 200


def test_programme_page_queries_do_not_grow(client, event, speaker, django_assert_num_queries):
    from tests.factories import AgendaItemFactory

    AgendaItemFactory(event=event, people=[speaker])
    client.get("/en/hybrid-2021/programme/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/en/hybrid-2021/programme/")
    for n in range(2):
        AgendaItemFactory(event=event, people=[speaker], room={"en": f"Room {n}"})
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/en/hybrid-2021/programme/")


def test_item_page_plays_the_video_with_subtitles(client, items, webm_bytes):
    video = services.upload_video(
        items[1], SimpleUploadedFile("m.webm", webm_bytes, content_type="video/webm")
    )
    services.add_subtitles(video, "ja", VTT)
    html = client.get(f"/ja/hybrid-2021/programme/{items[1].pk}/").content.decode()
    assert "<video" in html and 'type="video/webm"' in html
    assert '<track kind="subtitles"' in html and 'srclang="ja"' in html


def test_item_page_keeps_the_join_link_from_the_public(client, items, settings, organiser):
    settings.JITSI_BASE_URL = "https://meet.example.org/"
    html = client.get(f"/en/hybrid-2021/programme/{items[2].pk}/").content.decode()
    assert "meet.example.org" not in html
    client.force_login(organiser)
    html = client.get(f"/en/hybrid-2021/programme/{items[2].pk}/").content.decode()
    assert f"https://meet.example.org/{items[2].jitsi_room}" in html
    assert len(items[2].jitsi_room) >= 24


def test_speaker_page_lists_their_items(client, items, speaker):
    html = client.get(f"/en/hybrid-2021/programme/speakers/{speaker.pk}/").content.decode()
    assert "Opening" in html and "Closing" not in html


def test_programme_ics_parses_with_every_item(client, items):
    response = client.get("/en/hybrid-2021/programme.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == len(items)
    assert {str(e["summary"]) for e in events} == {
        "Opening", "Video message", "Digital economy", "Elderly care", "Closing"
    }  # fmt: skip
    first = min(events, key=lambda e: e.decoded("dtstart"))
    assert first.decoded("dtstart") == items[0].starts_at
    assert str(first["location"]) == "Main hall"
    ja = Calendar.from_ical(client.get("/ja/hybrid-2021/programme.ics").content)
    assert "開会" in {str(e["summary"]) for e in ja.walk("VEVENT")}


def test_personal_agenda_of_an_online_speaker_has_the_join_link(client, items, speaker, settings):
    from liaison.core.services import create_user
    from liaison.events.services import link_person_to_user, update_role

    settings.JITSI_BASE_URL = "https://meet.example.org/"
    user = create_user("ida", email="ida@example.jp", password="x-long-password-1")
    link_person_to_user(speaker, user)
    update_role(speaker.roles.get(), mode="online")
    client.force_login(user)
    response = client.get("/en/hybrid-2021/programme/my-agenda.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Opening"]
    assert str(events[0]["location"]).startswith("https://meet.example.org/liaison-")


def test_personal_agenda_needs_a_signed_in_person(client, items):
    assert client.get("/en/hybrid-2021/programme/my-agenda.ics").status_code == 404


@pytest.mark.slow
def test_pdf_embeds_cjk_fonts(client, items):
    response = client.get("/ja/hybrid-2021/programme/programme.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    fonts, embedded = pdf_fonts(response.content)
    assert any(b"Noto-Sans-CJK" in font for font in fonts)
    assert embedded  # a FontFile: the glyphs are in the PDF, not referenced


def pdf_fonts(data: bytes) -> tuple[set, bool]:
    """The base fonts a PDF names, and whether it embeds font files (streams inflated)."""
    import re
    import zlib

    text = data
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            text += zlib.decompress(match.group(1))
    return set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", text)), b"/FontFile" in text
