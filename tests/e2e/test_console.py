"""The demo organiser edits the seminar in a real browser; an organiser of another event
cannot reach it."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from liaison.core.services import create_user
from liaison.events.demo import load_demo
from liaison.events.services import add_team_member
from tests.site.seminar import build_seminar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OTHER_PASSWORD = "another-long-password"
SEMINAR = "/console/chengdu-2021/"


@pytest.fixture
def demo(settings, tmp_path):
    """The demo seminar as `liaison run` loads it on a fresh clone, and the organiser of
    another (draft) event."""
    settings.VAR_DIR = tmp_path
    result = load_demo(seed=2021)
    other = build_seminar(slug="tokyo-2022", status="draft", delegates=1)
    elsewhere = create_user("elsewhere", password=OTHER_PASSWORD)
    add_team_member(other, elsewhere, "organiser")
    return result


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/console/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/console/")


def test_demo_organiser_edits_the_seminar_and_sees_it_everywhere(live_server, browser, demo):
    base = live_server.url
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, demo.username, demo.password)

    # The Japanese title, edited beside the English and Chinese ones.
    page.get_by_role("link", name="Seminar on Economic and Technological Cooperation").click()
    page.get_by_role("navigation", name="This event").get_by_role("link", name="Event").click()
    title_ja = page.locator("#id_title_2")
    assert title_ja.get_attribute("lang") == "ja"
    title_ja.fill("日中経済技術協力セミナー（成都）")
    page.get_by_role("button", name="Save").click()
    assert "The event was saved." in page.locator(".messages").inner_text()

    page.goto(f"{base}/ja/")
    assert "日中経済技術協力セミナー（成都）" in page.locator(".seminar-list").inner_text()
    page.goto(f"{base}/ja/chengdu-2021/")
    assert page.locator("h1").inner_text() == "日中経済技術協力セミナー（成都）"

    # A new organisation, found by a Chinese search term.
    page.goto(f"{base}{SEMINAR}organisations/")
    page.get_by_role("link", name="Add an organisation").click()
    page.fill("#id_name_0", "Tianfu Robotics Works")
    page.fill("#id_name_1", "天府机器人工场")
    page.fill("#id_name_2", "天府ロボット工場")
    page.select_option("#id_kind", "company")
    page.fill("#id_country", "CN")
    page.fill("#id_city_1", "成都")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(f"**{SEMINAR}organisations/")
    page.fill("#id_q", "机器人工")
    page.get_by_role("button", name="Search", exact=True).click()
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1
    assert "Tianfu Robotics Works" in rows.first.inner_text()

    # Both changes in the event's audit log, newest first, with who made them.
    page.get_by_role("link", name="Audit log").click()
    entries = page.locator(".audit-entry")
    assert "organisation.create" in entries.nth(0).inner_text()
    assert "organiser" in entries.nth(0).locator(".audit-who").inner_text()
    assert "event.update" in entries.nth(1).inner_text()
    assert "日中経済技術協力セミナー（成都）" in entries.nth(1).inner_text()
    context.close()


def test_organiser_of_another_event_cannot_reach_the_seminar(live_server, browser, demo):
    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, base, "elsewhere", OTHER_PASSWORD)

    assert "Seminar on Economic and Technological Cooperation" not in page.content()
    for path in ("", "settings/", "organisations/", "people/", "team/", "audit/"):
        response = page.goto(f"{base}{SEMINAR}{path}")
        assert response.status in (403, 404), path
    assert page.get_by_role("link", name="Administration").count() == 0
    page.goto(f"{base}/admin/")
    assert urlparse(page.url).path == "/admin/login/"  # not let in
    context.close()


def test_console_pages_on_a_phone_do_not_scroll_sideways(live_server, browser, demo):
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, base, demo.username, demo.password)

    for path in ("", "settings/", "organisations/", "people/", "people/add/", "audit/"):
        page.goto(f"{base}{SEMINAR}{path}")
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], path
    # The languages of a text stack on a phone.
    page.goto(f"{base}{SEMINAR}settings/")
    boxes = [page.locator(f"#id_title_{i}").bounding_box() for i in range(3)]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
    assert re.search(r"\d+ results", page.goto(f"{base}{SEMINAR}people/").text())
    context.close()
