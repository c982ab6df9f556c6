"""Who gets into the organiser console, and what an organiser sees there."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.console.conftest import PASSWORD
from tests.factories import UserFactory
from tests.site.seminar import build_seminar

pytestmark = pytest.mark.django_db

CONSOLE_PAGES = ["/console/", "/console/chengdu-2021/", "/console/no-such-event/"]


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_console_page_for_anonymous_user_redirects_to_login(client, seminar, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/console/login/?next={path}"


def test_dashboard_for_user_outside_the_team_is_not_found(client, seminar, stranger):
    client.force_login(stranger)

    response = client.get("/console/chengdu-2021/")

    assert response.status_code == 404


def test_event_list_for_non_organiser_shows_no_event(client, seminar, stranger):
    client.force_login(stranger)

    page = client.get("/console/").content.decode()

    assert "You do not organise any event yet." in page
    assert "/console/chengdu-2021/" not in page


def test_event_list_for_organiser_shows_only_their_events(client, organiser):
    build_seminar(slug="tokyo-2022")
    client.force_login(organiser)

    page = client.get("/console/").content.decode()

    assert 'href="/console/chengdu-2021/"' in page
    assert "/console/tokyo-2022/" not in page


def test_event_list_for_superuser_shows_every_event(client, seminar):
    build_seminar(slug="tokyo-2022", status="draft")
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)

    page = client.get("/console/").content.decode()

    assert 'href="/console/chengdu-2021/"' in page
    assert 'href="/console/tokyo-2022/"' in page


def test_dashboard_for_organiser_shows_counts(client, organiser):
    client.force_login(organiser)

    response = client.get("/console/chengdu-2021/")

    assert response.status_code == 200
    page = response.content.decode()
    figures = {label: int(n) for n, label in re.findall(r"<dd>(\d+)</dd><dt>([^<]+)</dt>", page)}
    # Two sides; hosts, supporter and one member organisation per side; 6 delegates + 1 principal.
    assert figures == {"Delegations": 2, "Organisations": 5, "People": 7, "Attending online": 0}
    rows = dict(re.findall(r'<tr><td>([^<]+)</td><td class="num">(\d+)</td></tr>', page))
    assert rows["Delegate"] == "6"
    assert rows["Principal sending a video message"] == "1"
    assert rows["Japanese side"] == "3"
    assert rows["Chinese side"] == "4"
    assert 'href="/en/chengdu-2021/"' in page


def test_dashboard_for_unknown_event_is_not_found(client, organiser):
    client.force_login(organiser)

    assert client.get("/console/no-such-event/").status_code == 404


def test_dashboard_reads_in_japanese_for_a_japanese_organiser(client, organiser):
    client.force_login(organiser)
    client.cookies["django_language"] = "ja"

    page = client.get("/console/chengdu-2021/").content.decode()

    assert '<html lang="ja">' in page
    assert "役割別の人数" in page
    assert "代表者" in page


def test_login_with_csrf_token_signs_the_organiser_in(organiser):
    client = Client(enforce_csrf_checks=True)
    form = client.get("/console/login/?next=/console/chengdu-2021/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())[1]

    response = client.post(
        "/console/login/",
        {
            "username": "organiser",
            "password": PASSWORD,
            "next": "/console/chengdu-2021/",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/console/chengdu-2021/"
    assert client.get("/console/chengdu-2021/").status_code == 200


def test_login_without_csrf_token_is_refused(organiser):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/console/login/", {"username": "organiser", "password": PASSWORD})

    assert response.status_code == 403


def test_login_with_wrong_password_shows_an_error(client, organiser):
    response = client.post("/console/login/", {"username": "organiser", "password": "wrong"})

    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()


def test_logout_ends_the_session(client, organiser):
    client.force_login(organiser)

    response = client.post("/console/logout/")

    assert response.status_code == 302
    assert client.get("/console/").status_code == 302
