"""POST /api/v1/events/{slug}/checkins/ and the badge PDF, as api.md says."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from liaison.attendance.models import CheckIn
from liaison.events import services as event_services
from tests.factories import UserFactory

from .factories import make_registration, staff_of

pytestmark = pytest.mark.django_db
URL = "/api/v1/events/chengdu-2021/checkins/"


def client_for(user):
    client = APIClient()
    if user is not None:
        client.credentials(
            HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}"
        )
    return client


def post(client, code, client_id=None, scanned_at=None, **headers):
    data = {"code": code, "client_id": str(client_id or uuid.uuid4())}
    if scanned_at:
        data["scanned_at"] = scanned_at.isoformat()
    return client.post(URL, data, format="json", **headers)


def test_statuses_of_the_contract(event, other_event, wang, staff):
    client = client_for(staff)
    scan_id = uuid.uuid4()
    scanned = timezone.now() - timedelta(hours=1)

    created = post(client, wang.badge_code, scan_id, scanned)
    assert created.status_code == 201
    body = created.json()
    assert body["outcome"] == "checked_in"
    assert body["registration"]["name"] == "王磊"
    assert body["registration"]["name_latin"] == "Wang Lei"
    assert body["registration"]["organisation"] == "Tianfu Software"
    assert body["registration"]["delegation"] == "China"
    assert body["registration"]["role"] == "Speaker"
    assert body["registration"]["needs"] == "Vegetarian"

    repeat = post(client, wang.badge_code, scan_id, scanned)
    assert repeat.status_code == 200 and repeat.json()["outcome"] == "repeat"

    used = post(client, wang.badge_code)
    assert used.status_code == 409
    assert used.json()["checked_in_at"] == scanned.isoformat().replace("+00:00", "+00:00")
    assert used.json()["errors"]["non_field_errors"]

    assert post(client, "FFFFFFFFFFFFFFFFFFFF").status_code == 404
    elsewhere = make_registration(other_event)
    refused = post(client, elsewhere.badge_code)
    assert refused.status_code == 404
    assert refused.json()["outcome"] == "other_event"
    assert "registration" not in refused.json()

    withdrawn = make_registration(event, status="withdrawn")
    rejected = make_registration(event, status="rejected")
    assert post(client, withdrawn.badge_code).status_code == 410
    assert post(client, rejected.badge_code).status_code == 410
    assert CheckIn.objects.count() == 1


def test_messages_follow_accept_language(event, staff):
    response = post(client_for(staff), "FFFF", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 404
    assert response.json()["errors"]["code"] == ["このバッジコードの登録はありません。"]


def test_bad_input_is_a_400_naming_the_field(event, staff):
    client = client_for(staff)
    response = client.post(URL, {"code": "ABC", "client_id": "nope"}, format="json")
    assert response.status_code == 400
    assert "client_id" in response.json()["errors"]
    future = timezone.now() + timedelta(days=1)
    response = post(client, "ABC", scanned_at=future)
    assert response.status_code == 400 and "scanned_at" in response.json()["errors"]


def test_who_may_scan(event, wang):
    assert post(client_for(None), wang.badge_code).status_code == 401
    stranger = UserFactory(username="stranger")
    assert post(client_for(stranger), wang.badge_code).status_code == 403  # public event
    editor = staff_of(event, "editor", role="editor")
    assert post(client_for(editor), wang.badge_code).status_code == 403
    event_services.set_event_status(event, "draft")
    assert post(client_for(stranger), wang.badge_code).status_code == 404
    assert CheckIn.objects.count() == 0
    assert post(client_for(None), wang.badge_code).status_code == 401


def test_session_auth_needs_csrf(event, wang, staff):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff)
    response = post(client, wang.badge_code)
    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_schema_describes_the_checkin_endpoint(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/events/{slug}/checkins/"]["post"]
    assert {"200", "201", "404", "409", "410"} <= set(operation["responses"])
    assert "/api/v1/events/{slug}/registrations/{id}/badge.pdf" in schema["paths"]
