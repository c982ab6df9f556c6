"""A visitor reads the seminar's home page and switches language in a real browser."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.site.seminar import build_seminar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_language_switcher_in_browser_moves_between_english_japanese_chinese(live_server, browser):
    build_seminar()
    context = browser.new_context(locale="en-GB")
    page = context.new_page()

    page.goto(f"{live_server.url}/")
    assert urlparse(page.url).path == "/en/"
    assert page.locator("h1").inner_text() == "Cooperation seminars"
    page.get_by_role("link", name="Economic and Technological Cooperation Seminar").click()
    page.wait_for_url("**/en/chengdu-2021/")
    assert page.locator("h1").inner_text() == "Economic and Technological Cooperation Seminar"
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="日本語").click()
    page.wait_for_url("**/ja/**")
    assert urlparse(page.url).path.startswith("/ja/")
    assert page.locator("h1").inner_text() == "経済技術協力セミナー"
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "中国標準時" in page.locator(".when").inner_text()

    page.get_by_role("link", name="中文").click()
    page.wait_for_url("**/zh-hans/**")
    assert urlparse(page.url).path.startswith("/zh-hans/")
    assert page.locator("h1").inner_text() == "经济技术合作交流会"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    context.close()


def test_organisations_page_on_a_phone_does_not_scroll_sideways(live_server, browser):
    build_seminar()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()

    page.goto(f"{live_server.url}/ja/chengdu-2021/organisations/")

    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    context.close()
