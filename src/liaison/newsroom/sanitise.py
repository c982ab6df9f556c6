"""Rich text of releases, cleaned with an allow-list (nh3, the Rust ammonia library).

What survives: paragraphs, headings, emphasis, lists, quotes, links (http, https, mailto and
the site's own paths). What never does: script or style elements, event-handler attributes,
iframe/object/embed, ``javascript:``/``data:`` URLs, ``style`` attributes (so no text can be
hidden). External links get ``rel="nofollow noopener"``.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "blockquote", "ul", "ol", "li", "a", "hr",
}  # fmt: skip
VOID = {"br", "hr"}
SCHEMES = {"http", "https", "mailto"}
REL = "nofollow noopener"


def _first_pass(value: str) -> str:
    return nh3.clean(
        value,
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript"},
        attributes={"a": {"href"}},
        url_schemes=SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme in ("http", "https") and parts.netloc)


class _Rel(HTMLParser):
    """Re-writes the (already clean) markup, adding ``rel`` to external links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            return
        parts = [tag]
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            parts.append(f'href="{html.escape(href, quote=True)}"')
            if is_external(href):
                parts.append(f'rel="{REL}"')
        self.out.append(f"<{' '.join(parts)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in TAGS and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))


def clean_html(value: str) -> str:
    """The allow-listed form of ``value``. Cleaned twice: once to drop everything not
    allowed, then, after ``rel`` was added to external links, again with ``rel`` allowed,
    so the result is nh3's own output whatever the rewriting did."""
    first = _first_pass(value or "")
    parser = _Rel()
    parser.feed(first)
    parser.close()
    return nh3.clean(
        "".join(parser.out),
        tags=TAGS,
        attributes={"a": {"href", "rel"}},
        url_schemes=SCHEMES,
        link_rel=None,
        strip_comments=True,
    ).strip()


def clean_text(value: str) -> str:
    """A title or summary: plain text, markup removed, whitespace tidied."""
    text = nh3.clean(value or "", tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html.unescape(text).split())


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links(value: str) -> list[str]:
    parser = _Links()
    parser.feed(value or "")
    parser.close()
    return parser.links


def external_links(value: str) -> list[str]:
    seen: list[str] = []
    for href in links(value):
        if is_external(href) and href not in seen:
            seen.append(href)
    return seen


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "br", "li", "h2", "h3", "h4", "blockquote"):
            self.parts.append("\n")


def text_of(value: str) -> str:
    parser = _Text()
    parser.feed(value or "")
    parser.close()
    return "".join(parser.parts)
