"""The Atom feed per language validates as Atom (RFC 4287) under a strict XML parser."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from liaison.newsroom import services

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _check_feed(xml: bytes, language: str) -> list:
    root = ElementTree.fromstring(xml)  # noqa: S314 - our own output; strict parser
    assert root.tag == f"{A}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{name}")) == 1, name
    assert RFC3339.match(root.find(f"{A}updated").text)
    assert root.find(f"{A}author/{A}name").text
    assert root.find(f"{A}link[@rel='self']") is not None
    entries = root.findall(f"{A}entry")
    ids = set()
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
            assert entry.find(f"{A}{name}").text
        assert RFC3339.match(entry.find(f"{A}updated").text)
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith("http")
        assert entry.find(f"{A}author/{A}name").text
        ids.add(entry.find(f"{A}id").text)
    assert len(ids) == len(entries)
    return entries


@pytest.mark.parametrize("language", ["en", "zh-hans", "ja"])
def test_feed_is_valid_atom_in_each_language(release, publisher, client, language):
    assert _check_feed(client.get(f"/{language}/news/feed.atom").content, language) == []
    services.publish(release, actor=publisher)
    response = client.get(f"/{language}/news/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = _check_feed(response.content, language)
    assert len(entries) == 1
    title = entries[0].find(f"{A}title").text
    assert title == release.revisions.get().title[language]
    href = entries[0].find(f"{A}link").get("href")
    assert href.endswith(f"/{language}/news/{release.slug}/")
