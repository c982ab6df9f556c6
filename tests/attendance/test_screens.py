"""The desk and the dashboard on a laptop and a phone, in English and Japanese: nothing
scrolls sideways, the words are the reader's. With LIAISON_SCREENSHOTS=folder the test
also keeps a screenshot of each screen (online, offline with waiting scans, each refusal,
the dashboard)."""

from __future__ import annotations

import pytest

from tests.browser import wait_until

from .factories import make_registration, staff_of
from .scene import build_scene
from .test_desk_browser import pending, scan, shot, signed_in_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WORDS = {
    "en": {
        "desk": "Check-in desk",
        "dashboard": "Attendance",
        "ok": "Checked in.",
        "label": "Badge code",
    },
    "ja": {"desk": "受付", "dashboard": "出席状況", "ok": "受付完了。", "label": "バッジコード"},
}


def no_sideways_scroll(page):
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_desk_and_dashboard_screens(live_server, browser, language, size):
    event, registrations = build_scene()
    other_event_registration = make_registration(build_other())
    staff = staff_of(event, "organiser", role="organiser")
    context = signed_in_context(
        browser,
        live_server,
        staff,
        viewport=SIZES[size],
        locale=language,
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    words = WORDS[language]
    tag = f"{size}-{language}"

    page.goto(f"{live_server.url}/console/{event.slug}/checkin/")
    assert page.locator("h1").inner_text() == words["desk"]
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=20000)
    needs = registrations[10]
    scan(page, needs.badge_code, words["label"])
    wait_until(
        page,
        "m => document.querySelector('#desk-result .result-message').textContent === m",
        arg=words["ok"],
    )
    no_sideways_scroll(page)
    shot(page, f"desk-online-{tag}")

    refusals = {
        "unknown": "0000000000000000000A",
        "other-event": other_event_registration.badge_code,
        "withdrawn": registrations[16].badge_code,
        "used": registrations[0].badge_code,
        "pending": registrations[4].badge_code,
    }
    for name, code in refusals.items():
        scan(page, code, words["label"])
        wait_until(
            page,
            "() => ['refused', 'used']"
            ".includes(document.getElementById('desk-result').dataset.tone)",
        )
        page.wait_for_timeout(150)
        no_sideways_scroll(page)
        shot(page, f"desk-refused-{name}-{tag}")
        page.evaluate("document.getElementById('desk-result').dataset.tone = 'idle'")

    scan(page, "王" if language == "en" else "東原", words["label"])
    page.locator("#desk-matches .person-name").first.wait_for()
    no_sideways_scroll(page)
    shot(page, f"desk-search-{tag}")

    context.set_offline(True)
    for registration in (registrations[12], registrations[14], registrations[15]):
        scan(page, registration.badge_code, words["label"])
    pending(page, 3)
    no_sideways_scroll(page)
    shot(page, f"desk-offline-{tag}")
    context.set_offline(False)
    pending(page, 0)

    page.goto(f"{live_server.url}/console/{event.slug}/attendance/")
    assert page.locator("h1").inner_text() == words["dashboard"]
    assert page.locator("svg.chart").count() == 1
    no_sideways_scroll(page)
    shot(page, f"dashboard-{tag}")
    context.close()


def build_other():
    from tests.factories import EventFactory

    return EventFactory(slug="tokyo-2022")


@pytest.mark.parametrize(("language", "size"), [("en", "laptop"), ("ja", "phone")])
def test_join_link_in_a_browser_records_the_join_and_offers_the_channel(
    live_server, browser, language, size
):
    from liaison.attendance.models import OnlineVisit

    event, registrations = build_scene()
    online = registrations[17]  # approved, online, not joined by the scene
    OnlineVisit.objects.filter(registration=online).delete()
    context = browser.new_context(viewport=SIZES[size], locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/{event.slug}/join/{online.join_token}/")
    page.locator("#joined").wait_for(state="visible")
    assert OnlineVisit.objects.filter(registration=online).count() == 1
    link = page.locator("#joined a.button")
    assert link.get_attribute("href") == event.online_url
    assert not page.locator("#join-form").is_visible()  # joined: the button has done its work
    no_sideways_scroll(page)
    shot(page, f"join-{size}-{language}")
    context.close()
