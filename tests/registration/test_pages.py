"""The public registration pages and the console pages, as a user sees them."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.registration import services
from liaison.registration.models import Registration

from .helpers import applicant

pytestmark = pytest.mark.django_db

FORM = {
    "email": "li.na@example.org",
    "family_name": "李",
    "given_name": "娜",
    "family_name_latin": "Li",
    "given_name_latin": "Na",
    "organisation": "Sichuan Energy",
    "delegation": "cn",
    "mode": "onsite",
    "language": "zh-hans",
    "areas": ["green-energy"],
    "needs": "vegetarian",
    "consent_contact": "on",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_every_input_of_the_register_page_has_a_visible_label(client, event):
    html = client.get(f"/en/{event.slug}/register/").content.decode()
    ids = re.findall(r'<input[^>]+type="(?:text|email|radio|checkbox)"[^>]*id="([^"]+)"', html)
    ids += re.findall(r'<(?:select|textarea)[^>]*id="([^"]+)"', html)
    assert len(ids) >= 10
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id


def test_register_page_in_chinese_registers_and_mails_a_sign_in_link(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/zh-hans/{event.slug}/register/", FORM, follow=True)
    assert response.status_code == 200
    assert "感谢您的报名" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.needs == "vegetarian" and registration.consent_contact
    link = re.search(r"/zh-hans/osaka-2027/signin/([^/\s]+)/", mail.outbox[0].body).group(0)

    assert client.get(link).status_code == 200  # a mail scanner's GET spends nothing
    assert client.post(link).url.endswith(f"/{event.slug}/me/")
    page = client.get(f"/zh-hans/{event.slug}/me/").content.decode()
    assert "李娜" in page and "已批准" in page
    assert 'id="withdraw-confirm"' in page
    assert client.post(link).status_code == 400  # used once

    client.post(f"/zh-hans/{event.slug}/me/withdraw/", {"confirm": "yes"})
    registration.refresh_from_db()
    assert registration.status == "withdrawn"


def test_bad_form_keeps_what_was_typed_and_names_the_problem(client, event):
    response = client.post(
        f"/en/{event.slug}/register/", {**FORM, "email": "bad", "family_name": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html and 'value="Sichuan Energy"' in html
    assert Registration.objects.count() == 0


def test_me_page_sends_strangers_to_sign_in(client, event):
    response = client.get(f"/en/{event.slug}/me/")
    assert response.status_code == 302 and response.url.endswith("/signin/")


def test_console_list_filters_and_decides(client, event, organiser, django_assert_max_num_queries):
    services.register(event, applicant(1))
    services.register(event, applicant(2, mode="online", family_name="王", given_name="伟"))
    client.force_login(organiser)
    base = f"/console/{event.slug}/registrations/"
    with django_assert_max_num_queries(15):
        html = client.get(base).content.decode()
    assert "東原敏昭1" in html and "王伟" in html
    html = client.get(base + "?mode=online").content.decode()
    assert "王伟" in html and "東原敏昭1" not in html
    first = Registration.objects.get(email="delegate1@example.jp")
    client.post(f"{base}{first.pk}/withdraw/")
    first.refresh_from_db()
    assert first.status == "withdrawn"
    export = client.get(base + "export.csv?mode=online")
    assert export["Content-Type"].startswith("text/csv") and "王" in export.content.decode()


def test_console_is_refused_to_staff_for_decisions_and_to_strangers(client, event, staff):
    registration = services.register(event, applicant(1))
    client.force_login(staff)
    base = f"/console/{event.slug}/registrations/"
    assert client.get(base).status_code == 200
    assert client.post(f"{base}{registration.pk}/reject/").status_code == 403
    assert client.get(base + "import/").status_code == 403


def test_console_import_previews_names_the_encoding_then_confirms(client, event, organiser):
    client.force_login(organiser)
    text = "email,family_name,given_name,delegation\nsato@example.jp,佐藤,花子,jp\n"
    upload = SimpleUploadedFile("list.csv", text.encode("cp932"), content_type="text/csv")
    url = f"/console/{event.slug}/registrations/import/"
    html = client.post(url, {"file": upload}).content.decode()
    assert "Shift-JIS" in html and "佐藤花子" in html
    assert Registration.objects.count() == 0
    client.post(url, {"step": "confirm"})
    assert Registration.objects.get().person.native_name == "佐藤花子"


def test_console_invites_one_and_many(client, event, organiser, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    url = f"/console/{event.slug}/registrations/invite/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "guest@example.org", "family_name": "王", "language": "en"})
    assert event.invitations.count() == 1 and len(mail.outbox) == 1
    response = client.post(url, {"bulk": "1", "lines": "a@example.org, 李\nbad-address\n"})
    assert response.status_code == 400 and "line 2" in response.content.decode()
    assert event.invitations.count() == 1
    token = re.search(r"invitation=([\w-]+)", mail.outbox[0].body).group(1)
    html = client.get(f"/en/{event.slug}/register/?invitation={token}").content.decode()
    assert 'value="guest@example.org"' in html and 'value="王"' in html
