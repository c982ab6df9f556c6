"""The check-in desk in chromium: scans online, offline, after an offline reload, and the
sync when the network returns, with none lost and none counted twice."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client

from liaison.attendance.models import CheckIn
from tests.browser import wait_until
from tests.factories import EventFactory

from .factories import make_registration, staff_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LIAISON_SCREENSHOTS")  # a folder to keep screenshots in, if set


def signed_in_context(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def scan(page, code, label="Badge code"):
    box = page.get_by_role("textbox", name=label, exact=True)
    box.fill(code)
    box.press("Enter")


def tone(page, expected):
    wait_until(page, "t => document.getElementById('desk-result').dataset.tone === t", arg=expected)


def pending(page, n):
    wait_until(
        page,
        "n => document.getElementById('desk').dataset.pending === String(n)",
        arg=n,
        timeout=20000,
    )


def test_offline_scans_survive_a_reload_and_sync_once(live_server, browser):
    event = EventFactory(slug="chengdu-2021")
    staff = staff_of(event)
    people = [make_registration(event) for _ in range(4)]
    context = signed_in_context(
        browser, live_server, staff, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/console/chengdu-2021/checkin/")
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=20000)

    scan(page, people[0].badge_code)
    tone(page, "ok")
    assert people[0].person.native_name in page.locator("#desk-result").inner_text()

    context.set_offline(True)
    scan(page, people[1].badge_code)
    pending(page, 1)
    tone(page, "queued")
    scan(page, people[2].badge_code)
    scan(page, people[1].badge_code)  # the same badge twice while offline
    pending(page, 3)
    assert page.locator("#desk-connection").get_attribute("data-state") == "offline"
    assert page.locator("#pending-list").inner_text().count("waiting to sync") == 3
    assert CheckIn.objects.count() == 1  # nothing reached the server

    response = page.reload()
    assert response.headers.get("x-liaison-desk") == "offline-copy"  # from the cache
    pending(page, 3)
    scan(page, people[3].badge_code)
    pending(page, 4)
    assert CheckIn.objects.count() == 1

    context.set_offline(False)
    pending(page, 0)
    assert CheckIn.objects.count() == 4
    for registration in people:
        assert CheckIn.objects.filter(registration=registration).count() == 1
    # The second scan of one badge came back as "already checked in", in the log.
    assert "already" in page.locator("#log-list").inner_text()
    context.close()


def test_refusals_have_their_own_message_and_colour(live_server, browser):
    event = EventFactory(slug="chengdu-2021")
    other = EventFactory(slug="tokyo-2022")
    staff = staff_of(event)
    good = make_registration(event)
    withdrawn = make_registration(event, status="withdrawn")
    elsewhere = make_registration(other)
    context = signed_in_context(browser, live_server, staff)
    page = context.new_page()
    page.goto(f"{live_server.url}/console/chengdu-2021/checkin/")

    cases = [
        ("0000000000000000000A", "refused", "No registration has this badge code."),
        (elsewhere.badge_code, "refused", "This badge belongs to another event."),
        (withdrawn.badge_code, "refused", "This registration was withdrawn."),
        (good.badge_code, "ok", "Checked in."),
        (good.badge_code, "used", "This badge was already used to check in."),
    ]
    colours = {}
    for code, expected, message in cases:
        scan(page, code)
        wait_until(
            page,
            "m => document.querySelector('#desk-result .result-message').textContent === m",
            arg=message,
        )
        assert page.locator("#desk-result").get_attribute("data-tone") == expected
        assert page.locator("#desk").get_attribute("data-last-tone") == expected
        colours[expected] = page.locator("#desk-result").evaluate(
            "el => getComputedStyle(el).borderLeftColor"
        )
    assert len(set(colours.values())) == 3
    assert CheckIn.objects.count() == 1
    context.close()


def test_name_search_in_any_script_checks_in_from_the_list(live_server, browser):
    event = EventFactory(slug="chengdu-2021")
    staff = staff_of(event)
    wang = make_registration(
        event, family_name="王", given_name="磊", family_name_latin="Wang", given_name_latin="Lei"
    )
    higashi = make_registration(
        event,
        family_name="東原",
        given_name="敏昭",
        family_name_latin="Higashihara",
        given_name_latin="Toshiaki",
        latin_order="given_first",
        preferred_language="ja",
    )
    context = signed_in_context(browser, live_server, staff)
    page = context.new_page()
    page.goto(f"{live_server.url}/console/chengdu-2021/checkin/")
    for query, expected in [
        ("Wang", "王磊"),
        ("王", "王磊"),
        ("Higashi", "東原敏昭"),
        ("東原", "東原敏昭"),
    ]:
        scan(page, query)
        page.locator("#desk-matches .person-name").first.wait_for()
        assert page.locator("#desk-matches .person-name").all_inner_texts() == [expected]
    page.get_by_role("button", name="Check in").last.click()
    tone(page, "ok")
    assert CheckIn.objects.get().registration == higashi
    assert wang.checkins.count() == 0
    context.close()
