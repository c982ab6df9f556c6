"""Twenty bad logins in a row are throttled: 429 with Retry-After."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_bad_logins_are_throttled_with_retry_after(client):
    statuses = [
        client.post(
            "/console/login/", {"username": "organiser", "password": f"wrong-{n}"}
        ).status_code
        for n in range(20)
    ]
    assert statuses[:10] == [200] * 10  # the form again, with its error
    assert set(statuses[10:]) == {429}
    response = client.post("/console/login/", {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 300


@pytest.mark.django_db
def test_throttle_message_in_japanese(client):
    for n in range(11):
        response = client.post(
            "/console/login/", {"username": "a", "password": str(n)}, HTTP_ACCEPT_LANGUAGE="ja"
        )
    assert response.status_code == 429
    assert "\u3040" <= response.content.decode()[0] <= "\u9fff" or any(
        "\u3040" <= ch <= "\u30ff" for ch in response.content.decode()
    )


@pytest.mark.django_db
def test_other_addresses_are_not_throttled(client):
    for n in range(11):
        client.post("/console/login/", {"username": "a", "password": str(n)})
    response = client.post(
        "/console/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 200
