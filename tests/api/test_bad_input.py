"""Inputs schemathesis found to answer 500, each now a 400 in the API's error format."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from liaison.core.services import create_token
from liaison.events.services import add_team_member
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client():
    event = EventFactory(slug="robust")
    user = UserFactory(username="robust-organiser")
    add_team_member(event, user, "organiser")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user).key}")
    return client


@pytest.mark.parametrize("title", [{"en": {"x": 1}}, {"en": ["a"]}, {"en": None}, {"en": 1e307}])
def test_a_multilingual_text_that_is_not_text(organiser_client, title):
    response = organiser_client.patch("/api/v1/events/robust/", {"title": title}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == [
        'Give an object of texts by language code, e.g. {"en": "..."}.'
    ]


def test_text_that_cannot_be_stored(organiser_client):
    body = b'{"title": {"en": "lone \\ud800 surrogate"}}'
    response = organiser_client.generic(
        "PATCH", "/api/v1/events/robust/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "errors" in response.json()
