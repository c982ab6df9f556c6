"""``/api/v1/releases/`` and ``/api/v1/releases/{slug}/`` (api.md, "Newsroom")."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from liaison.newsroom import services
from tests.factories import EventFactory
from tests.newsroom.conftest import latest


@pytest.fixture
def api():
    return APIClient()


def _publish_more(newsroom, publisher, n):
    for i in range(n):
        event = EventFactory(slug=f"extra-{i}")
        release = services.draft_release(event, actor=publisher, newsroom=newsroom)
        services.save_revision(
            release,
            title={"en": f"Extra {i}", "zh-hans": f"其他{i}", "ja": f"その他{i}"},
            summary={"en": "s", "zh-hans": "摘要", "ja": "概要"},
            body={"en": "<p>b</p>", "zh-hans": "<p>b</p>", "ja": "<p>b</p>"},
            author=publisher,
            based_on=1,
        )
        services.publish(release, actor=publisher)


@pytest.mark.parametrize("count", [1, 3])
def test_list_published_without_n_plus_one(
    newsroom, publisher, api, count, django_assert_num_queries
):
    _publish_more(newsroom, publisher, count)
    with django_assert_num_queries(2):  # the releases, their sealed revisions
        response = api.get("/api/v1/releases/")
    data = response.json()
    assert data["count"] == count
    item = data["results"][0]
    assert set(item) == {"slug", "languages", "title", "summary", "url", "published_at",
                         "updated_at"}  # fmt: skip
    assert item["url"].startswith("http://testserver/en/news/")


def test_detail_needs_an_editor(release, api, writer):
    assert api.get(f"/api/v1/releases/{release.slug}/").status_code == 401
    outsider_api = APIClient()
    from tests.factories import UserFactory

    outsider_api.force_authenticate(UserFactory(username="nobody"))
    assert outsider_api.get(f"/api/v1/releases/{release.slug}/").status_code == 404
    api.force_authenticate(writer)
    data = api.get(f"/api/v1/releases/{release.slug}/").json()
    assert data["state"] == "draft" and data["revision"] == 1 and "en" in data["body"]


def test_patch_is_a_sanitised_revision_and_conflicts(release, api, writer, publisher):
    api.force_authenticate(writer)
    response = api.patch(
        f"/api/v1/releases/{release.slug}/",
        {"revision": 1, "body": {"en": "<p onclick='x()'>Hi<script>alert(1)</script></p>"}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["body"]["en"] == "<p>Hi</p>"
    assert latest(release).author == writer
    stale = api.patch(
        f"/api/v1/releases/{release.slug}/", {"revision": 1, "title": {"en": "x"}}, format="json"
    )
    assert stale.status_code == 409
    assert "Revision 2 was saved by writer" in stale.json()["errors"]["non_field_errors"][0]
    forbidden = api.patch(
        f"/api/v1/releases/{release.slug}/", {"state": "published"}, format="json"
    )
    assert forbidden.status_code == 403
    api.force_authenticate(publisher)
    published = api.patch(
        f"/api/v1/releases/{release.slug}/", {"state": "published"}, format="json"
    )
    assert published.status_code == 200 and published.json()["state"] == "published"
