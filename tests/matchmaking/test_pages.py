"""What delegates and organisers see on the site and in the console."""

from __future__ import annotations

import pytest

from liaison.matchmaking import services

from .conftest import make_delegate, user_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cycle(event, organiser):
    a = make_delegate(event, 1, "jp")
    b = make_delegate(event, 2, "cn", mode="online")
    services.save_profile(a, pitch={"ja": "介護ロボットの開発", "en": "Care robots"})
    services.add_opportunity(
        a,
        direction="offer",
        kind="technology",
        area="elderly-care",
        title={"en": "Care robots", "ja": "介護ロボット"},
    )
    services.add_opportunity(
        b,
        direction="need",
        kind="technology",
        area="elderly-care",
        title={"en": "Robots for care homes", "zh-hans": "养老院机器人"},
    )
    services.generate_slots(event)
    services.set_tables(event, 1)
    services.set_video_rooms(event, 1)
    request, _created = services.request_meeting(a, b, message="はじめまして")
    services.accept(request)
    run = services.start_run(event, actor=organiser)
    run.refresh_from_db()
    services.publish_run(run)
    services.record_outcome(
        request, a, result="mou", next_steps="Draft the MoU", follow_up_owner="Sato"
    )
    return a, b, run


def test_marketplace_finds_cjk_text_and_filters(cycle, client, event):
    a, b, _run = cycle
    client.force_login(user_of(a))
    url = f"/ja/{event.slug}/matchmaking/"
    page = client.get(url, {"q": "养老院"}).content.decode()
    assert "Robots for care homes" in page or "养老院机器人" in page
    assert "介護ロボット" not in page
    page = client.get(url, {"q": "ロボット"}).content.decode()  # Japanese text, other card
    assert "介護ロボット" in page and "Robots for care homes" not in page
    page = client.get(url, {"direction": "need"}).content.decode()
    assert "介護ロボット" not in page and "Robots for care homes" in page


def test_agenda_recommendations_and_ics(cycle, client, event):
    a, b, _run = cycle
    client.force_login(user_of(b))
    page = client.get(f"/en/{event.slug}/matchmaking/agenda/").content.decode()
    assert "Video room 1" in page and "https://" in page  # b is online: a video room
    assert "14:00" in page  # the event's time (Asia/Shanghai) of the first slot
    ics = client.get(f"/en/{event.slug}/matchmaking/agenda.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    page = client.get(f"/en/{event.slug}/matchmaking/recommendations/").content.decode()
    assert "Care robots" in page and "meets your need" in page


def test_console_run_pipeline_statistics(cycle, client, event, organiser):
    _a, _b, run = cycle
    client.force_login(organiser)
    page = client.get(f"/console/{event.slug}/matchmaking/runs/{run.pk}/").content.decode()
    assert "proven upper bound" in page and "Published" in page
    status = client.get(f"/console/{event.slug}/matchmaking/runs/{run.pk}/status.json").json()
    assert status["status"] == "done" and status["progress"] == 1.0
    assert (
        "Draft the MoU" in client.get(f"/console/{event.slug}/matchmaking/leads/").content.decode()
    )
    csv = client.get(f"/console/{event.slug}/matchmaking/leads.csv").content.decode("utf-8-sig")
    assert "Sato" in csv
    xlsx = client.get(f"/console/{event.slug}/matchmaking/leads.xlsx")
    assert xlsx.content[:2] == b"PK"
    page = client.get(f"/console/{event.slug}/matchmaking/statistics/").content.decode()
    assert "<svg" in page and "100%" in page  # one request, accepted
    assert "meetings,,1" in client.get(
        f"/console/{event.slug}/matchmaking/statistics.csv"
    ).content.decode("utf-8-sig").replace("\r", "")


def test_delegates_get_no_console(cycle, client, event):
    a, _b, run = cycle
    client.force_login(user_of(a))
    assert client.get(f"/console/{event.slug}/matchmaking/runs/{run.pk}/").status_code == 404
