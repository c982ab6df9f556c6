"""The doors that take a secret or send mail are throttled per client address: asking for
sign-in links, trying sign-in link tokens, trying invitation tokens (429 with Retry-After,
in the visitor's language)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache

from liaison.core import ratelimit
from tests.site.seminar import build_seminar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event():
    return build_seminar(slug="throttled", status="open", delegates=0)


def test_sign_in_link_requests_are_throttled(client, event):
    url = f"/en/{event.slug}/signin/"
    statuses = [
        client.post(url, {"email": f"someone{n}@example.org"}).status_code
        for n in range(ratelimit.SIGN_IN_LINK.attempts + 2)
    ]
    assert statuses[: ratelimit.SIGN_IN_LINK.attempts] == [200] * ratelimit.SIGN_IN_LINK.attempts
    assert statuses[-2:] == [429, 429]
    response = client.post(f"/ja/{event.slug}/signin/", {"email": "x@example.org"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= ratelimit.SIGN_IN_LINK.seconds
    assert "秒" in response.content.decode()
    assert mail.outbox == []
    # another address is not held back
    assert client.post(url, {"email": "y@example.org"}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_guessing_sign_in_link_tokens_is_throttled(client, event):
    limit = ratelimit.INVITATION.attempts
    statuses = [
        client.post(f"/en/{event.slug}/signin/guess-{n}/").status_code for n in range(limit + 1)
    ]
    assert statuses[:limit] == [400] * limit  # "this sign-in link is not valid"
    assert statuses[-1] == 429
    response = client.post(f"/zh-hans/{event.slug}/signin/another/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "秒" in response.content.decode()


def test_guessing_invitation_tokens_is_throttled(client, event):
    limit = ratelimit.INVITATION.attempts
    url = f"/en/{event.slug}/register/?invitation="
    statuses = [client.get(f"{url}guess-{n}").status_code for n in range(limit + 1)]
    assert statuses[:limit] == [200] * limit  # the form, saying the invitation is not valid
    assert statuses[-1] == 429
    assert int(client.get(f"{url}again")["Retry-After"]) > 0
    # the plain registration page (no token) is not counted
    assert client.get(f"/en/{event.slug}/register/").status_code == 200
