"""The console's agenda editor and stage page, as organisers and chairs use them."""

from __future__ import annotations

import pytest

from liaison.programme import services
from liaison.programme.models import AgendaItem, Stage

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "speech",
    "title_en": "Speech by a guest",
    "title_zh": "嘉宾致辞",
    "title_ja": "来賓挨拶",
    "starts_at": "2021-07-15T14:30",
    "ends_at": "2021-07-15T14:40",
    "room_en": "Room A",
    "languages": ["zh-hans", "ja"],
    "interpretation": "on",
}


def test_editor_adds_an_item_in_the_event_zone(client, items, organiser):
    client.force_login(organiser)
    url = "/console/hybrid-2021/programme/"
    assert "Programme editor" in client.get(url).content.decode()
    data = {**FORM, "starts_at": "2021-07-15T17:30", "ends_at": "2021-07-15T17:40"}
    response = client.post(url, data)
    assert response.status_code == 302
    item = AgendaItem.objects.get(title__contains="Speech by a guest")
    assert item.starts_at.isoformat() == "2021-07-15T09:30:00+00:00"  # 17:30 in UTC+8
    assert item.languages == ["zh-hans", "ja"] and item.interpretation


def test_room_clash_is_shown_and_must_be_confirmed(client, items, organiser):
    client.force_login(organiser)
    url = "/console/hybrid-2021/programme/"
    response = client.post(url, FORM)  # 14:30 in Room A: the digital economy session
    assert response.status_code == 200
    html = response.content.decode()
    assert "This clashes with the programme" in html and "Room A already holds" in html
    assert not AgendaItem.objects.filter(title__contains="Speech by a guest").exists()
    assert client.post(url, {**FORM, "confirm": "on"}).status_code == 302
    assert AgendaItem.objects.filter(title__contains="Speech by a guest").exists()


def test_person_in_two_places_and_outside_the_days_are_conflicts(items, speaker):
    event = items[0].event
    slot = services.Slot(
        event, items[0].starts_at, items[0].ends_at, {"en": "Elsewhere"}, False,
        frozenset({speaker.pk}),
    )  # fmt: skip
    assert any("is in “Opening”" in c for c in services.find_conflicts(slot))
    from datetime import timedelta

    later = services.Slot(
        event, event.starts_at + timedelta(days=2), event.starts_at + timedelta(days=2, hours=1),
        {}, True, frozenset(),
    )  # fmt: skip
    assert any("outside the event's days" in c for c in services.find_conflicts(later))


def test_end_before_start_is_refused_and_nothing_stored(client, items, organiser):
    client.force_login(organiser)
    data = {**FORM, "starts_at": "2021-07-15T17:40", "ends_at": "2021-07-15T17:30"}
    html = client.post("/console/hybrid-2021/programme/", data).content.decode()
    assert "The end must come after the start." in html
    assert AgendaItem.objects.count() == len(items)


def test_non_https_stream_url_is_refused(items):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.update_item(items[2], stream_url="http://stream.example.org/live.m3u8")
    assert "https://" in str(caught.value)
    items[2].refresh_from_db()
    assert items[2].stream_url == ""


def test_reorder_swaps_neighbours_keeping_lengths(client, items, organiser):
    client.force_login(organiser)
    opening, message = items[0], items[1]
    client.post("/console/hybrid-2021/programme/", {"action": "down", "item": opening.pk})
    opening.refresh_from_db()
    message.refresh_from_db()
    assert message.starts_at < opening.starts_at
    assert (opening.ends_at - opening.starts_at).seconds == 600


def test_edit_moves_an_item(client, items, organiser):
    client.force_login(organiser)
    item = items[4]
    url = f"/console/hybrid-2021/programme/{item.pk}/"
    assert "Closing" in client.get(url).content.decode()
    data = {**FORM, "kind": "closing", "title_en": "Closing", "room_en": "", "item": item.pk}
    data.update(starts_at="2021-07-15T17:00", ends_at="2021-07-15T17:15")
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.starts_at.isoformat() == "2021-07-15T09:00:00+00:00"


def test_editor_is_for_organisers_only(client, items, chair):
    client.force_login(chair)
    assert client.get("/console/hybrid-2021/programme/").status_code == 403


def test_stage_button_advances_now(client, items, chair):
    client.force_login(chair)
    url = "/console/hybrid-2021/programme/stage/"
    html = client.get(url).content.decode()
    assert "stage-button" in html and "Next: Opening" in html
    client.post(url, {"action": "next"})
    assert Stage.objects.get().now_item == items[0]
    body = client.get("/api/v1/events/hybrid-2021/now/").json()
    assert body["now"]["id"] == items[0].pk
    client.post(url, {"action": "set", "item": items[4].pk})
    assert client.get("/api/v1/events/hybrid-2021/now/").json()["now"]["id"] == items[4].pk


def test_stage_refused_to_editors(client, items, editor):
    client.force_login(editor)
    assert client.get("/console/hybrid-2021/programme/stage/").status_code == 403
    assert (
        client.post("/console/hybrid-2021/programme/stage/", {"action": "next"}).status_code == 403
    )
    assert not Stage.objects.filter(now_item__isnull=False).exists()
