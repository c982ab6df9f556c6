"""The programme's REST API as api.md fixes it: fields, status codes, ETag/304, uploads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.programme.models import Stage, VideoMessage

from .conftest import VTT, api_as

pytestmark = pytest.mark.django_db

KINDS = {
    "opening", "video_message", "speech", "presiding", "panel", "thematic_session",
    "matchmaking", "break", "closing",
}  # fmt: skip


def programme(client, slug="hybrid-2021", **headers):
    return client.get(f"/api/v1/events/{slug}/programme/", **headers)


def test_programme_lists_items_in_time_order_with_the_contract_fields(items, speaker):
    response = programme(api_as())
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5 and body["next"] is None
    results = body["results"]
    assert [r["id"] for r in results] == [i.pk for i in items]
    for result in results:
        assert {
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "room",
            "area",
            "people",
            "video",
        } <= set(result)  # noqa: E501
        assert result["kind"] in KINDS
        assert result["starts_at"].endswith("+00:00")
    assert results[0]["title"] == {"en": "Opening", "zh-hans": "开幕", "ja": "開会"}
    assert results[0]["people"] == [{"name": "Ida Ken", "role": "chair", "delegation": "jp"}]
    assert results[2]["room"] == {"en": "Room A", "zh-hans": "A分会场", "ja": "分科会場A"}
    assert results[1]["video"] is None


def test_programme_names_people_in_the_readers_language(items):
    body = programme(api_as(), HTTP_ACCEPT_LANGUAGE="ja").json()
    assert body["results"][0]["people"][0]["name"] == "井田健"


def test_programme_of_a_draft_event_is_404_for_the_public(items, event):
    from liaison.events.services import set_event_status

    set_event_status(event, "draft")
    assert programme(api_as()).status_code == 404
    assert programme(api_as(), slug="nope").status_code == 404


def test_programme_list_queries_do_not_grow_with_items(event, speaker, django_assert_num_queries):
    from tests.factories import AgendaItemFactory

    AgendaItemFactory(event=event, people=[speaker])
    client = api_as()
    with django_assert_num_queries(5) as one:
        programme(client)
    for n in range(2):
        AgendaItemFactory(event=event, people=[speaker], room={"en": f"Room {n}"})
    with django_assert_num_queries(len(one.captured_queries)):
        assert programme(client).json()["count"] == 3


# --- now ------------------------------------------------------------------------------------


def now(client, **headers):
    return client.get("/api/v1/events/hybrid-2021/now/", **headers)


def test_now_before_anything_is_on_stage(items):
    response = now(api_as())
    assert response.status_code == 200
    body = response.json()
    assert body["now"] is None
    assert body["next"]["id"] == items[0].pk
    assert "updated_at" in body


def test_now_answers_304_to_its_own_etag(items):
    client = api_as()
    first = now(client)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert first["Content-Length"] == str(len(first.content))
    assert first["Vary"] == "Accept-Language, Cookie"
    assert first["X-Content-Type-Options"] == "nosniff"  # the security headers still apply
    second = now(client, HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 304
    assert second["ETag"] == etag
    assert now(client, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_now_is_served_from_the_cache_without_queries(items, django_assert_num_queries):
    client = api_as()
    now(client)
    with django_assert_num_queries(0):
        assert now(client).status_code == 200
        assert now(client, HTTP_IF_NONE_MATCH=now(client)["ETag"]).status_code == 304


def test_put_now_by_a_chair_changes_now_and_the_etag(items, chair):
    client = api_as(chair)
    etag = now(client)["ETag"]
    response = client.put("/api/v1/events/hybrid-2021/now/", {"item": items[2].pk}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["now"]["id"] == items[2].pk
    assert body["next"]["id"] == items[4].pk  # past the parallel session
    assert [p["id"] for p in body["parallel"]] == [items[3].pk]
    fresh = now(client, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert fresh.json()["now"]["id"] == items[2].pk


def test_advance_step_moves_along_the_stage_sequence(items, chair):
    client = api_as(chair)
    url = "/api/v1/events/hybrid-2021/now/"
    seen = []
    for _ in range(5):
        body = client.put(url, {"step": 1}, format="json").json()
        seen.append(body["now"] and body["now"]["id"])
    assert seen == [items[0].pk, items[1].pk, items[2].pk, items[4].pk, None]
    body = client.put(url, {"step": -1}, format="json").json()
    assert body["now"] is None  # nothing before "nothing on stage": stays cleared


def test_put_now_refused_to_strangers_and_anonymous(items, editor):
    url = "/api/v1/events/hybrid-2021/now/"
    assert api_as().put(url, {"item": items[0].pk}, format="json").status_code == 401
    assert api_as(editor).put(url, {"item": items[0].pk}, format="json").status_code == 403
    assert not Stage.objects.filter(now_item__isnull=False).exists()


def test_put_now_with_an_unknown_item_is_400_and_names_the_field(items, chair):
    response = api_as(chair).put("/api/v1/events/hybrid-2021/now/", {"item": 999999}, format="json")
    assert response.status_code == 400
    assert "item" in response.json()["errors"]


# --- video upload and range requests ---------------------------------------------------------


def upload(client, item, data: bytes, name="message.webm", content_type="video/webm"):
    return client.post(
        f"/api/v1/events/hybrid-2021/programme/{item.pk}/video/",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        format="multipart",
    )


def test_webm_upload_is_201_and_answers_range_requests_with_206(items, organiser, webm_bytes):
    response = upload(api_as(organiser), items[1], webm_bytes)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] == items[1].pk and body["video"].startswith("http://testserver/")
    video = VideoMessage.objects.get(item=items[1])
    assert video.container == "webm" and video.video_codec == "vp8" and video.duration > 2
    client = api_as()
    whole = client.get(body["video"])
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == webm_bytes
    part = client.get(body["video"], HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(webm_bytes)}"
    assert part["Content-Type"] == "video/webm"
    assert b"".join(part.streaming_content) == webm_bytes[100:200]
    tail = client.get(body["video"], HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == webm_bytes[-10:]
    beyond = client.get(body["video"], HTTP_RANGE=f"bytes={len(webm_bytes)}-")
    assert beyond.status_code == 416
    # The programme now gives the URL too.
    assert programme(client).json()["results"][1]["video"] == body["video"]


def test_mp4_upload_is_accepted(items, organiser, mp4_bytes):
    response = upload(api_as(organiser), items[1], mp4_bytes, "m.mp4", "video/mp4")
    assert response.status_code == 201, response.content
    assert VideoMessage.objects.get(item=items[1]).container == "mp4"


def test_a_renamed_text_file_is_refused(items, organiser):
    response = upload(api_as(organiser), items[1], b"just some text\n" * 100)
    assert response.status_code == 400
    assert "MP4 or WebM" in response.json()["errors"]["file"][0]
    assert not VideoMessage.objects.exists()


def test_refusal_is_in_the_readers_language(items, organiser):
    client = api_as(organiser)
    response = client.post(
        f"/api/v1/events/hybrid-2021/programme/{items[1].pk}/video/",
        {"file": SimpleUploadedFile("x.webm", b"text", content_type="video/webm")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    assert "MP4" in response.json()["errors"]["file"][0]
    assert "ファイル" in response.json()["errors"]["file"][0]


def test_an_image_renamed_webm_is_refused(items, organiser, tmp_path):
    import subprocess

    png = tmp_path / "x.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=32x32", "-frames:v", "1",
         str(png)],
        check=True,
    )  # fmt: skip
    response = upload(api_as(organiser), items[1], png.read_bytes())
    assert response.status_code == 400
    assert not VideoMessage.objects.exists()


def test_a_5_gb_video_is_413_before_it_is_read(items, organiser):
    client = api_as(organiser)
    response = client.post(
        f"/api/v1/events/hybrid-2021/programme/{items[1].pk}/video/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(5 * 1024**3),
    )
    assert response.status_code == 413
    assert "limit" in response.json()["errors"]["file"][0]


def test_over_the_limit_upload_is_413(items, organiser, settings, webm_bytes):
    settings.VIDEO_MAX_BYTES = 1000
    response = upload(api_as(organiser), items[1], webm_bytes)
    assert response.status_code == 413
    assert not VideoMessage.objects.exists()


def test_video_upload_only_by_organisers(items, chair, webm_bytes):
    assert upload(api_as(), items[1], webm_bytes).status_code == 401
    assert upload(api_as(chair), items[1], webm_bytes).status_code == 403


SRT = b"1\n00:00:01,000 --> 00:00:02,000\nSRT\n"


def test_subtitles_must_be_webvtt(items, organiser, webm_bytes):
    client = api_as(organiser)
    upload(client, items[1], webm_bytes)
    url = f"/api/v1/events/hybrid-2021/programme/{items[1].pk}/video/subtitles/"
    bad = client.post(
        url,
        {"language": "ja", "file": SimpleUploadedFile("s.vtt", SRT)},
        format="multipart",
    )  # fmt: skip
    assert bad.status_code == 400 and "WEBVTT" in bad.json()["errors"]["file"][0]
    good = client.post(
        url, {"language": "ja", "file": SimpleUploadedFile("s.vtt", VTT)}, format="multipart"
    )
    assert good.status_code == 201
    vtt_url = good.json()["subtitles"]["ja"]
    served = api_as().get(vtt_url)
    assert served.status_code == 200 and served["Content-Type"].startswith("text/vtt")


def test_the_schema_describes_the_programme_endpoints(db):
    schema = api_as().get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/events/{slug}/programme/" in paths
    assert "/api/v1/events/{slug}/now/" in paths
    assert "/api/v1/events/{slug}/programme/{id}/video/" in paths


def test_now_of_an_unknown_event_is_404_in_the_readers_language(items):
    client = api_as()
    response = client.get("/api/v1/events/nowhere/now/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 404
    assert response.json()["errors"]["non_field_errors"] == ["見つかりませんでした。"]
    assert response["Content-Length"] == str(len(response.content))
    english = client.get("/api/v1/events/nowhere/now/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["errors"]["non_field_errors"] == ["Not found."]
