"""REST API v1, registrations (api.md): what an outside tool sees."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from liaison.core.services import create_token
from liaison.events import services as event_services
from liaison.registration import services
from tests.factories import UserFactory

from .helpers import applicant

pytestmark = pytest.mark.django_db

BODY = {
    "email": "wang.wei@example.org",
    "family_name": "王",
    "given_name": "伟",
    "family_name_latin": "Wang",
    "given_name_latin": "Wei",
    "organisation": "Chengdu Hi-tech Zone",
    "delegation": "cn",
    "mode": "onsite",
    "language": "zh-hans",
    "areas": ["green-energy"],
    "consent_contact": True,
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def client_for(user=None, language=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user).key}")
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def url(event, rest=""):
    return f"/api/v1/events/{event.slug}/registrations/{rest}"


def test_anyone_registers_while_open_and_the_same_email_twice_is_409(event):
    response = client_for().post(url(event), BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "approved" and body["mode"] == "onsite" and body["id"]
    assert "badge_code" not in body  # an anonymous caller does not get the badge code

    again = client_for().post(url(event), {**BODY, "email": "Wang.Wei@example.org"}, format="json")
    assert again.status_code == 409
    assert "already registered" in again.json()["errors"]["non_field_errors"][0]


def test_bad_input_is_400_in_the_request_language(event):
    response = client_for(language="en").post(
        url(event), {**BODY, "email": "nope", "delegation": "zz", "language": "fr"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"language"}
    response = client_for().post(
        url(event), {**BODY, "email": "nope", "delegation": "zz"}, format="json"
    )
    assert set(response.json()["errors"]) == {"email", "delegation"}


def test_third_registration_is_waitlisted_and_closed_registration_is_409(event):
    for n in (1, 2):
        services.register(event, applicant(n))
    response = client_for().post(url(event), BODY, format="json")
    assert response.json()["status"] == "waitlisted"
    event_services.update_event(event, registration_open=False)
    closed = client_for().post(url(event), {**BODY, "email": "x@example.org"}, format="json")
    assert closed.status_code == 409


def test_organiser_registers_when_closed_and_lists_with_filters(
    event, organiser, django_assert_max_num_queries
):
    event_services.update_event(event, registration_open=False)
    client = client_for(organiser)
    created = client.post(url(event), BODY, format="json")
    assert created.status_code == 201 and created.json()["badge_code"]
    services.register(event, applicant(1, mode="online"), by_organiser=True)

    with django_assert_max_num_queries(12):
        listed = client.get(url(event)).json()
    assert listed["count"] == 2
    first = listed["results"][0]
    assert first["family_name"] == "王" and first["delegation"] == "cn"
    assert first["organisation"] == "Chengdu Hi-tech Zone" and first["user"]
    assert listed["results"][1]["badge_code"] is None  # online: no badge

    for query, expected in (
        ("?mode=online", 1),
        ("?status=approved", 2),
        ("?delegation=cn", 1),
        ("?area=green-energy", 2),
        ("?q=王", 1),
        ("?q=higashihara", 1),
        ("?q=東原", 1),
        ("?status=waitlisted", 0),
    ):
        assert client.get(url(event, query)).json()["count"] == expected, query
    assert client.get(url(event, "?status=bogus")).status_code == 400


def test_list_query_count_does_not_grow_with_registrations(
    event, organiser, django_assert_num_queries
):
    event_services.update_event(event, onsite_capacity=None)
    client = client_for(organiser)
    services.register(event, applicant(1))
    # token, event, team roles, count, page, areas
    with django_assert_num_queries(6):
        assert client.get(url(event)).json()["count"] == 1
    for n in (2, 3):
        services.register(event, applicant(n))
    with django_assert_num_queries(6):
        assert client.get(url(event)).json()["count"] == 3


def test_list_is_for_the_team_only(event, staff):
    assert client_for().get(url(event)).status_code == 401
    assert client_for(UserFactory()).get(url(event)).status_code == 403
    assert client_for(staff).get(url(event)).status_code == 200


def test_person_reads_and_withdraws_their_own_registration_only(event, organiser):
    mine = services.register(event, applicant(1))
    other = services.register(event, applicant(2))
    waiting = services.register(event, applicant(3))
    me = client_for(mine.person.user)

    assert me.get(url(event, f"{mine.pk}/")).json()["email"] == "delegate1@example.jp"
    assert me.get(url(event, f"{other.pk}/")).status_code == 404
    assert me.post(url(event, f"{mine.pk}/approve/")).status_code == 403

    response = me.post(url(event, f"{mine.pk}/withdraw/"))
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert me.post(url(event, f"{mine.pk}/withdraw/")).status_code == 409
    organiser_client = client_for(organiser)
    assert organiser_client.get(url(event, f"{waiting.pk}/")).json()["status"] == "approved"


def test_organiser_approves_and_rejects_with_409_on_wrong_state(event, organiser):
    event_services.update_event(event, approval_required=True)
    pending = services.register(event, applicant(1))
    client = client_for(organiser)
    assert client.post(url(event, f"{pending.pk}/approve/")).json()["status"] == "approved"
    assert client.post(url(event, f"{pending.pk}/approve/")).status_code == 409
    assert client.post(url(event, f"{pending.pk}/reject/")).json()["status"] == "rejected"
    assert client.post(url(event, f"{pending.pk}/reject/")).status_code == 409
    assert client.post(url(event, "999999/approve/")).status_code == 404


def test_invitation_only_event_needs_a_valid_invitation(event, organiser):
    event_services.update_event(event, invitation_only=True)
    assert client_for().post(url(event), BODY, format="json").status_code == 403
    _invitation, token = services.invite(event, BODY["email"], actor=organiser)
    ok = client_for().post(url(event), {**BODY, "invitation": token}, format="json")
    assert ok.status_code == 201
    reuse = client_for().post(
        url(event), {**BODY, "email": "b@example.org", "invitation": token}, format="json"
    )
    assert reuse.status_code == 400


def test_anonymous_registration_is_rate_limited(event, settings):
    settings.REGISTRATION_RATE_LIMIT = "3/60"
    event_services.update_event(event, onsite_capacity=None)
    codes = [
        client_for().post(url(event), {**BODY, "email": f"p{n}@example.org"}, format="json")
        for n in range(4)
    ]
    assert [c.status_code for c in codes] == [201, 201, 201, 429]
    assert int(codes[-1]["Retry-After"]) > 0
    assert "errors" in codes[-1].json()


def test_schema_describes_the_registration_endpoints(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/events/{slug}/registrations/" in paths
    assert "/api/v1/events/{slug}/registrations/{id}/withdraw/" in paths
