"""Export and erasure of a person's data: everything out, then nothing left that names them,
and every figure of the event unchanged."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core import serializers

from liaison.attendance.selectors import dashboard_figures
from liaison.core.models import AuditEntry
from liaison.events.models import Person
from liaison.events.services import event_counts
from liaison.matchmaking.selectors import statistics
from liaison.privacy import services
from liaison.registration import selectors as registration_selectors
from liaison.registration import services as registration_services
from liaison.search.index import search

pytestmark = pytest.mark.django_db


def test_export_holds_everything_about_the_delegate(scene):
    person = scene["registration"].person
    doc = services.export_person(person)
    assert doc["format"] == "liaison-personal-data/1"
    assert doc["person"]["family_name_latin"] == "Yamada"
    assert doc["person"]["email"] == "matrix1@example.org"
    assert doc["account"]["username"] == scene.users["delegate"].username
    assert "password" not in doc["account"]
    (reg,) = doc["registrations"]
    assert reg["event_slug"] == "matrix-seminar" and reg["delegation_code"] == "jp"
    assert reg["areas"] == ["area-0"] and reg["mode"] == "onsite"
    assert "badge_code" not in reg and "join_token" not in reg  # secrets stay out
    assert len(doc["checkins"]) == 1
    mm = doc["matchmaking"]
    assert mm["profiles"][0]["phone"] == "+81 90 1234 5678"
    assert mm["opportunities"][0]["title"] == {"en": "Fall detection"}
    assert [r["id"] for r in mm["requests"]] == [scene["request"].pk]
    assert len(mm["meetings"]) == 1 and mm["meetings"][0]["table"]
    assert mm["outcomes"][0]["result"] == "follow_up"
    actions = {a["action"] for a in doc["audit"]}
    assert {"registration.create", "matchmaking.profile"} & actions
    assert "registration.create" in actions
    # the other delegate's data is not in it
    assert "matrix2@example.org" not in json.dumps(doc, ensure_ascii=False)
    # as text, with an audit entry of who took it
    text = services.export_json(person, actor=scene.users["delegate"])
    assert json.loads(text)["person"]["id"] == person.pk
    assert AuditEntry.objects.filter(action="privacy.export", object_id=str(person.pk)).exists()


def _figures(event):
    counts = event_counts(event)
    reg = registration_selectors.figures(event)
    desk = dashboard_figures(event)
    return (
        json.dumps(counts, sort_keys=True, default=str),
        json.dumps(reg, sort_keys=True, default=str),
        json.dumps(statistics(event), sort_keys=True, default=str),
        # the dashboard's figures but the moment they were read
        json.dumps({**desk.as_dict(), "updated_at": None}, sort_keys=True, default=str),
    )


def _everything() -> str:
    """Every row of every model, as JSON text with every script kept as it is."""
    out = []
    for model in apps.get_models():
        if model._meta.label_lower in ("sessions.session", "contenttypes.contenttype"):
            continue
        out.append(serializers.serialize("json", model._default_manager.all(), ensure_ascii=False))
    return "\n".join(out)


def test_erasure_leaves_no_trace_and_keeps_the_figures(scene, client):
    event = scene.event
    registration = scene["registration"]
    person = registration.person
    user = scene.users["delegate"]
    username = user.username
    client.force_login(user)
    before = _figures(event)
    needles = [
        "matrix1@example.org",
        "Taro1",
        "太郎1",
        username,
        "+81 90 1234 5678",
        "Sensors for care homes",
        "Fall detection",
    ]
    everything = _everything()
    assert all(n in everything for n in needles)  # the test can fail
    assert search(Person.objects.all(), "Taro1").exists()

    result = services.erase_person(person, actor=scene.users["organiser"])

    assert result.registrations == 1 and result.audit_entries > 0
    everything = _everything()
    left = [n for n in needles if n in everything]
    assert not left, f"still in the database after erasure: {left}"
    assert not search(Person.objects.all(), "Taro1").exists()
    assert not search(Person.objects.all(), "matrix1").exists()
    assert _figures(event) == before
    person.refresh_from_db()
    assert str(person) == "Erased person"
    # the meeting is still there, with an erased person in it
    assert person.registrations.get().requests_sent.get().meetings.count() == 1
    # no more sign-in: password, session, sign-in link, API token
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert authenticate(username=user.username, password="a-long-test-password") is None
    assert client.get(f"/en/{event.slug}/me/").status_code == 302
    registration_services.send_sign_in_link(event, "matrix1@example.org")
    from django.core import mail

    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor == scene.users["organiser"] and "Taro" not in entry.summary


def test_erasing_twice_is_harmless(scene):
    person = scene["registration"].person
    services.erase_person(person)
    services.erase_person(person)
    person.refresh_from_db()
    assert person.email == "" and person.family_name_latin == ""
