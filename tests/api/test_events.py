"""REST API v1, events: what an outside tool sees (api.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from liaison.core.audit import AuditEntry
from liaison.core.services import create_token
from liaison.events.models import Event
from tests.factories import CooperationAreaFactory, DelegationFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_EVENT = {
    "slug": "osaka-2027",
    "title": {"en": "Osaka seminar", "zh-hans": "大阪交流会", "ja": "大阪セミナー"},
    "starts_at": "2027-03-01T09:00:00+09:00",
    "ends_at": "2027-03-01T17:00:00+09:00",
    "timezone": "Asia/Tokyo",
    "onsite_capacity": 200,
    "online_capacity": None,
    "approval_required": True,
    "registration_open": True,
    "delegations": [{"slug": "jp", "name": "Japan"}, {"slug": "cn", "name": {"en": "China"}}],
    "areas": [{"slug": "green-energy", "name": {"en": "Green energy", "ja": "グリーン"}}],
}


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user).key}")
    return client


def creator():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    return user


def test_events_list_shows_public_events_only_to_anonymous():
    EventFactory(slug="open-one", status="open")
    EventFactory(slug="secret-draft", status="draft")

    response = client_for().get("/api/v1/events/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    assert [e["slug"] for e in body["results"]] == ["open-one"]


def test_events_list_shows_drafts_to_their_team(django_assert_max_num_queries):
    organiser = UserFactory()
    EventFactory(slug="secret-draft", status="draft", organisers=[organiser])
    for _ in range(3):
        event = EventFactory()
        DelegationFactory(event=event)
        CooperationAreaFactory(event=event)
    client = client_for(organiser)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/events/")
    assert response.json()["count"] == 4


def test_create_event_makes_creator_organiser_with_sides_and_areas():
    user = creator()

    response = client_for(user).post("/api/v1/events/", NEW_EVENT, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "osaka-2027" and body["onsite_capacity"] == 200
    assert body["title"]["ja"] == "大阪セミナー"
    assert [d["slug"] for d in body["delegations"]] == ["jp", "cn"]
    event = Event.objects.get(slug="osaka-2027")
    assert event.team.filter(user=user, role="organiser").exists()
    assert AuditEntry.objects.filter(event=event, action="event.create", actor=user).exists()


def test_create_event_by_plain_user_is_forbidden():
    response = client_for(UserFactory()).post("/api/v1/events/", NEW_EVENT, format="json")
    assert response.status_code == 403
    assert "non_field_errors" in response.json()["errors"]


def test_create_event_without_token_is_unauthorised_or_forbidden():
    response = client_for().post("/api/v1/events/", NEW_EVENT, format="json")
    assert response.status_code in (401, 403)
    assert not Event.objects.exists()


def test_create_event_bad_input_names_fields_and_writes_nothing():
    bad = {**NEW_EVENT, "slug": "ja-cn", "timezone": "Mars/Olympus"}
    response = client_for(creator()).post("/api/v1/events/", bad, format="json")
    assert response.status_code == 400
    assert "timezone" in response.json()["errors"]
    bad = {**NEW_EVENT, "slug": "ja-cn"}
    response = client_for(creator()).post("/api/v1/events/", bad, format="json")
    assert response.status_code == 400
    assert "language code" in response.json()["errors"]["slug"][0]
    assert not Event.objects.exists()


def test_create_event_with_a_bad_area_writes_nothing():
    bad = {**NEW_EVENT, "areas": [{"slug": "a", "name": "A"}, {"slug": "a", "name": "Again"}]}
    response = client_for(creator()).post("/api/v1/events/", bad, format="json")
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_error_messages_follow_accept_language():
    response = client_for(UserFactory()).post(
        "/api/v1/events/", NEW_EVENT, format="json", HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert response.status_code == 403
    message = response.json()["errors"]["non_field_errors"][0]
    assert any("\u3040" <= ch <= "\u9fff" for ch in message), message


def test_patch_event_by_organiser_changes_capacity():
    organiser = UserFactory()
    EventFactory(slug="kobe", organisers=[organiser])

    response = client_for(organiser).patch(
        "/api/v1/events/kobe/", {"onsite_capacity": None, "approval_required": True}, format="json"
    )

    assert response.status_code == 200, response.content
    event = Event.objects.get(slug="kobe")
    assert event.onsite_capacity is None and event.approval_required


def test_patch_event_by_organiser_of_another_event_is_forbidden():
    other = UserFactory()
    EventFactory(organisers=[other])
    EventFactory(slug="kobe", status="open")
    response = client_for(other).patch("/api/v1/events/kobe/", {"onsite_capacity": 1})
    assert response.status_code == 403


def test_draft_event_is_unknown_to_strangers():
    EventFactory(slug="hidden", status="draft")
    assert client_for().get("/api/v1/events/hidden/").status_code == 404
    assert client_for(UserFactory()).get("/api/v1/events/hidden/").status_code == 404


def test_bad_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert client.get("/api/v1/events/").status_code == 401


def test_page_size_is_capped_at_1000():
    EventFactory()
    body = client_for().get("/api/v1/events/?page_size=5000").json()
    assert body["count"] == 1


def test_schema_and_docs_are_served():
    schema = client_for().get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/events/" in schema.json()["paths"]
    docs = client_for().get("/api/v1/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_token_command_prints_a_working_key(capsys):
    user = UserFactory(username="kato", email="kato@example.jp")
    call_command("token", "create", "kato@example.jp")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=user).key == key
    assert len(key.splitlines()) == 1


def test_token_command_unknown_user_exits_2():
    from liaison.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["token", "create", "nobody-here"])
    assert exit_.value.code == 2
