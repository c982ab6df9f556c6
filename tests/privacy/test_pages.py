"""The delegate's own data page and the console's person data page."""

from __future__ import annotations

import json

import pytest

from liaison.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_delegate_downloads_their_data(scene, client):
    client.force_login(scene.users["delegate"])
    page = client.get(f"/ja/{scene.event.slug}/me/data/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "あなたのデータ" in html and "データを消去" in html
    response = client.get(f"/en/{scene.event.slug}/me/data/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    doc = json.loads(response.content)
    assert doc["person"]["email"] == "matrix1@example.org"
    assert AuditEntry.objects.filter(action="privacy.export").count() == 1
    # the registration page links to it
    assert "/en/matrix-seminar/me/data/" in client.get("/en/matrix-seminar/me/").content.decode()


def test_delegate_erases_after_confirming(scene, client):
    client.force_login(scene.users["delegate"])
    url = f"/zh-hans/{scene.event.slug}/me/data/erase/"
    refused = client.post(url, {"confirm": "yes", "email": "someone@example.org"})
    assert refused.status_code == 400
    assert "勾选" in refused.content.decode()
    assert not AuditEntry.objects.filter(action="privacy.erase").exists()
    done = client.post(url, {"confirm": "yes", "email": "Matrix1@Example.org"})
    assert done.status_code == 302 and done.url == f"/zh-hans/{scene.event.slug}/"
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor.username.startswith("erased-")  # the account is kept, anonymised
    # signed out, and cannot come back
    assert client.get(f"/en/{scene.event.slug}/me/").status_code == 302
    scene["registration"].person.refresh_from_db()
    assert scene["registration"].person.email == ""


def test_organiser_exports_and_erases_in_the_console(scene, client):
    client.force_login(scene.users["organiser"])
    person = scene["registration"].person
    base = f"/console/{scene.event.slug}/people/{person.pk}/data/"
    page = client.get(base, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "个人数据" in page.content.decode()
    assert json.loads(client.get(base + "export.json").content)["person"]["id"] == person.pk
    assert client.post(base, {}).status_code == 302  # no confirmation: nothing happens
    person.refresh_from_db()
    assert person.email == "matrix1@example.org"
    client.post(base, {"confirm": "yes"})
    person.refresh_from_db()
    assert person.email == "" and str(person) == "Erased person"
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor == scene.users["organiser"]


def test_organiser_cannot_erase_someone_of_an_event_they_do_not_organise(scene, client):
    from liaison.registration import services as registration_services

    person = scene["registration"].person
    registration_services.register(
        scene.other,
        registration_services.Applicant(email="matrix1@example.org", family_name_latin="Yamada"),
        by_organiser=True,
        notify=False,
    )
    assert person.registrations.count() == 2
    client.force_login(scene.users["organiser"])
    base = f"/console/{scene.event.slug}/people/{person.pk}/data/"
    assert "only a superuser" in client.get(base).content.decode()
    assert client.get(base + "export.json").status_code == 403
    client.post(base, {"confirm": "yes"})
    person.refresh_from_db()
    assert person.email == "matrix1@example.org"
    # a superuser may
    client.force_login(scene.users["superuser"])
    client.post(base, {"confirm": "yes"})
    person.refresh_from_db()
    assert person.email == ""
