"""XSS payloads saved through the editor (or the API) never reach the public page; external
links are marked and listed."""

from __future__ import annotations

import pytest

from liaison.newsroom import services
from liaison.newsroom.models import SpamFlag
from liaison.newsroom.sanitise import clean_html
from tests.newsroom.conftest import latest

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=\"alert('x2')\">",
    "<a href=\"javascript:alert('x3')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('x4')\">click</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneDUnKTwvc2NyaXB0Pg==">d</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    "<p onmouseover=\"alert('x6')\">hover</p>",
    "<svg><script>alert('x7')</script></svg>",
    '<p style="display:none">hidden spam</p>',
    "<style>body{display:none}</style>",
    '<a href="https://ok.example/" onclick="alert(\'x8\')">ok</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('x9')>",
]
FORBIDDEN = ["<script", "onerror", "onclick", "onmouseover", "javascript:", "data:text",
             "<iframe", "<object", "<embed", "<svg", "<style", "style=", "alert("]  # fmt: skip


def test_xss_payloads_never_reach_the_public_page(release, publisher, client):
    body = "<p>Intro</p>" + "".join(PAYLOADS)
    services.save_revision(
        release,
        title={"en": "Title <script>alert('t')</script>"},
        summary={"en": "<b onclick=x>Summary</b>"},
        body={"en": body},
        author=publisher,
        based_on=1,
    )
    revision = latest(release)
    confirm = list(revision.flags.values_list("pk", flat=True))
    services.publish(release, actor=publisher, confirm=confirm)
    page = client.get("/en/news/chengdu-2021/").content.decode()
    article = page[page.index("<article") :]
    for needle in FORBIDDEN:
        assert needle not in article.lower(), needle
    assert 'href="https://ok.example/" rel="nofollow noopener"' in article
    assert "Content-Security-Policy" in client.get("/en/news/chengdu-2021/").headers
    # the hiding style was removed, and the screen said that text was hidden
    assert SpamFlag.objects.filter(revision=revision, kind="hidden").exists()


def test_internal_links_keep_no_rel_and_external_links_are_listed(release, publisher, client):
    services.save_revision(
        release,
        title=None,
        summary=None,
        body={"en": '<p><a href="/en/news/">News</a> <a href="https://www.ndrc.gov.cn/x">N</a> '
              '<a href="https://elsewhere.example/">E</a></p>'},
        author=publisher,
        based_on=1,
    )  # fmt: skip
    body = latest(release).body["en"]
    assert '<a href="/en/news/">News</a>' in body
    assert '<a href="https://www.ndrc.gov.cn/x" rel="nofollow noopener">' in body
    client.force_login(publisher)
    editor = client.get("/console/news/chengdu-2021/").content.decode()
    assert "https://elsewhere.example/" in editor and "https://www.ndrc.gov.cn/x" in editor
    # only the domain off the allow-list is flagged
    flags = latest(release).flags.filter(kind="domain")
    assert [f.excerpt for f in flags] == ["https://elsewhere.example/"]


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a<br>b</p>", "<p>a<br>b</p>"),
        ("<h2>T</h2><ul><li>x</li></ul>", "<h2>T</h2><ul><li>x</li></ul>"),
        ('<a href="mailto:a@b.org">m</a>', '<a href="mailto:a@b.org">m</a>'),
        ("<p>1 &lt; 2</p>", "<p>1 &lt; 2</p>"),
    ],
)
def test_allowed_markup_survives(dirty, clean):
    assert clean_html(dirty) == clean
