"""The release editor in chromium: a writer drafts the seminar's release from its record,
fills the gaps in the three languages (rich text and HTML source), submits it; a publisher
approves and publishes it; readers see the Japanese text, and nothing the editor let
through (a script, an event handler) reaches the public page."""

from __future__ import annotations

import re

import pytest

from liaison.newsroom.models import NewsroomMember, Release
from tests.browser import wait_until
from tests.newsroom.conftest import member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's
GAP = re.compile(r"\[\[[^\]]*\]\]")


def sign_in(chromium, base: str, username: str):
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/console/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/console/")
    return page


def fill_gaps(page, code: str, filler: str) -> None:
    """Fill the title and summary of one language, and the gaps of its body through the
    editor's HTML view."""
    panel = page.locator(f"#panel-{code}")
    for name in ("title", "summary"):
        field = panel.locator(f"#{name}-{code}")
        field.fill(GAP.sub(filler, field.input_value()))
    panel.get_by_role("button", name="HTML").click()
    source = panel.locator(f"#body-{code}")
    wait_until(page, f"!document.getElementById('body-{code}').hidden")
    source.fill(GAP.sub(filler, source.input_value()))
    panel.get_by_role("button", name="HTML").click()  # back to rich text


def test_a_release_goes_from_draft_to_the_public_page_through_the_editor(
    live_server, browser, seminar, newsroom
):
    member(newsroom, NewsroomMember.Role.WRITER, "writer")
    member(newsroom, NewsroomMember.Role.PUBLISHER, "publisher")
    base = live_server.url

    writer = sign_in(browser, base, "writer")
    writer.goto(f"{base}/console/news/")
    writer.get_by_role("button", name="Draft a release").click()
    writer.wait_for_url("**/console/news/*/")
    assert "Fill the gaps marked [[…]]" in writer.locator("[role=status]").first.inner_text()
    slug = writer.url.rstrip("/").rsplit("/", 1)[-1]

    # Only the English panel shows; the tabs switch panels.
    assert writer.locator("#panel-en").is_visible()
    assert not writer.locator("#panel-ja").is_visible()
    writer.get_by_role("tab", name="Japanese").click()
    assert writer.locator("#panel-ja").is_visible() and not writer.locator("#panel-en").is_visible()

    for code, filler, tab in (
        ("en", "Chengdu", "English"),
        ("zh-hans", "成都", "Simplified Chinese"),
        ("ja", "成都", "Japanese"),
    ):
        writer.get_by_role("tab", name=tab).click()
        fill_gaps(writer, code, filler)

    # Rich text: a bold sentence typed at the end of the Japanese body.
    writer.get_by_role("tab", name="Japanese").click()
    area = writer.locator("#panel-ja .rte-area")
    area.click()
    writer.keyboard.press("Control+End")
    writer.keyboard.press("Enter")
    writer.locator("#panel-ja").get_by_role("button", name="Bold").click()
    writer.keyboard.type("協力の成果を期待しています。")

    # Whatever the HTML view lets one type, the server sanitises.
    writer.get_by_role("tab", name="English").click()
    panel = writer.locator("#panel-en")
    panel.get_by_role("button", name="HTML").click()
    source = panel.locator("#body-en")
    source.fill(source.input_value() + '<p onclick="steal()">Thanks.</p><script>steal()</script>')
    panel.get_by_role("button", name="HTML").click()

    writer.fill("#note", "Gaps filled")
    writer.get_by_role("button", name="Save as a new revision").click()
    assert "Saved as a new revision." in writer.locator("[role=status]").first.inner_text()
    assert "Revision 2" in writer.locator(".hero .meta").inner_text()
    assert "Gaps marked" not in writer.content()
    writer.get_by_role("button", name="Submit for review").click()
    assert "In review" in writer.locator(".state-badge").inner_text()
    # A writer may not approve or publish.
    assert writer.get_by_role("button", name="Approve").count() == 0
    assert writer.get_by_role("button", name="Publish now").count() == 0

    publisher = sign_in(browser, base, "publisher")
    publisher.goto(f"{base}/console/news/{slug}/")
    publisher.get_by_role("button", name="Approve").click()
    assert "Approved" in publisher.locator(".state-badge").inner_text()
    for box in publisher.locator(".publish-form input[name=confirm]").all():
        box.check()  # flags the spam screen raised, confirmed one by one
    publisher.get_by_role("button", name="Publish now").click()
    assert "Published." in publisher.locator("[role=status]").first.inner_text()
    assert Release.objects.get(slug=slug).state == "published"

    reader = browser.new_context(locale="ja-JP").new_page()
    reader.goto(f"{base}/ja/news/{slug}/")
    article = reader.locator("main").inner_text()
    assert "協力の成果を期待しています。" in article
    assert "[[" not in article and "成都" in article
    assert reader.locator("main :is(b, strong)", has_text="協力の成果").count() == 1
    reader.goto(f"{base}/en/news/{slug}/")
    html = reader.content()
    assert "Thanks." in reader.locator("main").inner_text()
    assert "steal()" not in html and "onclick" not in html
