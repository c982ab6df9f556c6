"""In chromium: the public programme follows the stage without a reload, the uploaded video
plays and seeks; screenshots of the pages at laptop and phone widths."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liaison.programme import services
from tests.browser import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("LIAISON_SCREENSHOTS") or tempfile.gettempdir()) / "programme-shots"


def test_now_on_stage_updates_within_5_seconds_without_reload(live_server, browser, items):
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/hybrid-2021/programme/")
    page.evaluate("window.__marker = 'same page'")
    now = page.locator("[data-now]")
    assert "Nothing is on stage" in now.inner_text()
    services.advance(items[0].event)  # what the chair's big button does
    wait_until(
        page, "document.querySelector('[data-now]').textContent.includes('Opening')", timeout=5000
    )
    services.set_now(items[0].event, items[2])
    wait_until(
        page,
        "document.querySelector('[data-now]').textContent.includes('Digital economy')",
        timeout=5000,
    )
    assert "Closing" in page.locator("[data-next]").inner_text()
    assert page.evaluate("window.__marker") == "same page"  # no reload happened
    page.close()


def test_uploaded_video_plays_and_seeks(live_server, browser, items, webm_bytes):
    services.upload_video(
        items[1], SimpleUploadedFile("m.webm", webm_bytes, content_type="video/webm")
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/hybrid-2021/programme/{items[1].pk}/")
    wait_until(page, "document.querySelector('video').readyState >= 1", timeout=10000)
    duration = page.evaluate("document.querySelector('video').duration")
    assert 2.5 < duration < 3.5
    page.evaluate("v = document.querySelector('video'); v.muted = true; v.play()")
    wait_until(page, "document.querySelector('video').currentTime > 0.2", timeout=10000)
    page.evaluate("document.querySelector('video').currentTime = 2.0")
    wait_until(
        page,
        "(() => { const v = document.querySelector('video');"
        " return !v.seeking && v.currentTime >= 1.9; })()",
        timeout=10000,
    )
    seekable = page.evaluate(
        "(() => { const s = document.querySelector('video').seekable;"
        " return s.length ? s.end(0) : 0; })()"
    )
    assert seekable > 2.5
    page.close()


@pytest.mark.slow
def test_screenshots(live_server, browser, items, organiser, webm_bytes, speaker):
    services.upload_video(
        items[1], SimpleUploadedFile("m.webm", webm_bytes, content_type="video/webm")
    )
    services.set_now(items[0].event, items[2])
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "programme": "/{lang}/hybrid-2021/programme/",
        "item": f"/{{lang}}/hybrid-2021/programme/{items[1].pk}/",
    }
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for lang in ("en", "ja"):
            for name, path in pages.items():
                page.goto(live_server.url + path.format(lang=lang))
                page.wait_for_timeout(300)
                page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
                widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                assert widths[0] <= widths[1], (name, lang, width)
        signed_in = Client()
        signed_in.force_login(organiser)
        session = signed_in.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        for lang in ("en", "ja"):
            context.add_cookies(
                [{"name": "django_language", "value": lang, "url": live_server.url}]
            )
            page.goto(f"{live_server.url}/console/hybrid-2021/programme/")
            page.screenshot(path=str(SHOTS / f"editor-{lang}-{width}.png"), full_page=True)
            page.goto(f"{live_server.url}/console/hybrid-2021/programme/stage/")
            page.screenshot(path=str(SHOTS / f"stage-{lang}-{width}.png"), full_page=True)
        context.close()
