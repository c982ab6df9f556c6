"""Password reset (by an e-mailed link, in the user's language, rate-limited) and change,
both audited through the core services."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from liaison.core.models import AuditEntry
from liaison.events.services import create_person, link_person_to_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/console/password/reset/\S+/)", message.body).group(1)


def test_reset_by_link_in_the_users_language(client):
    user = UserFactory(username="ozaki", email="ozaki@example.org")
    link_person_to_user(
        create_person(
            family_name_latin="Ozaki", email="ozaki@example.org", preferred_language="ja"
        ),
        user,
    )
    page = client.get("/console/login/")
    assert "/console/password/reset/" in page.content.decode()
    response = client.post("/console/password/reset/", {"email": "ozaki@example.org"})
    assert response.status_code == 302 and response.url == "/console/password/reset/sent/"
    (message,) = mail.outbox
    assert "パスワード" in message.subject and "パスワード" in message.body
    confirm = client.get(_link(message), follow=True)
    assert confirm.status_code == 200
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(
        form_url,
        {"new_password1": "a-new-long-password-7", "new_password2": "a-new-long-password-7"},
    )
    assert done.status_code == 302 and done.url == "/console/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-7")
    assert AuditEntry.objects.filter(action="user.password", object_id=str(user.pk)).exists()
    # the link works once
    assert "not valid any more" in client.get(_link(message), follow=True).content.decode()


def test_no_mail_for_unknown_addresses_or_accounts_without_a_password(client):
    user = UserFactory(username="delegate", email="delegate@example.org")
    user.set_unusable_password()
    user.save()
    for email in ("nobody@example.org", "delegate@example.org"):
        response = client.post("/console/password/reset/", {"email": email})
        assert response.status_code == 302  # the same answer: no one learns who has an account
    assert mail.outbox == []


def test_reset_requests_are_throttled(client):
    statuses = [
        client.post("/console/password/reset/", {"email": f"x{n}@example.org"}).status_code
        for n in range(7)
    ]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    response = client.post("/console/password/reset/", {"email": "y@example.org"})
    assert int(response["Retry-After"]) > 0


def test_reset_pages_in_three_languages(client):
    for language, word in (
        ("en", "Forgotten password"),
        ("zh-hans", "忘记密码"),
        ("ja", "パスワードを忘れた"),
    ):
        page = client.get("/console/password/reset/", HTTP_ACCEPT_LANGUAGE=language)
        assert word in page.content.decode(), language


def test_change_password(client):
    user = UserFactory(username="organiser")
    client.force_login(user)
    assert "/console/password/change/" in client.get("/console/").content.decode()
    wrong = client.post(
        "/console/password/change/",
        {
            "old_password": "not-it",
            "new_password1": "a-new-long-password-7",
            "new_password2": "a-new-long-password-7",
        },
    )
    assert wrong.status_code == 200
    response = client.post(
        "/console/password/change/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "a-new-long-password-7",
            "new_password2": "a-new-long-password-7",
        },
    )
    assert response.status_code == 302 and response.url == "/console/password/change/done/"
    user = get_user_model().objects.get(pk=user.pk)
    assert user.check_password("a-new-long-password-7")
    assert client.get("/console/").status_code == 200  # still signed in
    assert AuditEntry.objects.filter(action="user.password", actor=user).exists()


def test_change_password_needs_sign_in(client):
    response = client.get("/console/password/change/")
    assert response.status_code == 302 and "/console/login/" in response.url
