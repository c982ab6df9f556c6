"""The uploads an import previews are removed: at the confirmation, at a cancel, when another
upload replaces them, and (left alone) by beat's hourly purge once a day old."""

from __future__ import annotations

import os
import time

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.registration import previews
from liaison.registration.console_views import IMPORT_KEY
from liaison.registration.models import Registration
from liaison.registration.tasks import purge_import_previews

pytestmark = pytest.mark.django_db

GOOD = "email,family_name,given_name,delegation\nsato@example.jp,佐藤,花子,jp\n"
BAD = "email,family_name,given_name,delegation\nnot-an-address,佐藤,花子,xx\n"


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def kept(var_dir) -> list[str]:
    folder = var_dir / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload(client, event, text=GOOD, name="list.csv"):
    url = f"/console/{event.slug}/registrations/import/"
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(url, {"file": file})


@pytest.fixture
def console(client, organiser):
    client.force_login(organiser)
    return client


def test_confirming_removes_the_previewed_file(console, event, var_dir):
    assert upload(console, event).status_code == 200
    assert len(kept(var_dir)) == 1

    response = console.post(f"/console/{event.slug}/registrations/import/", {"step": "confirm"})

    assert response.status_code == 302
    assert Registration.objects.get().email == "sato@example.jp"
    assert kept(var_dir) == []
    assert IMPORT_KEY not in console.session


def test_cancelling_removes_the_file_and_imports_nothing(console, event, var_dir):
    url = f"/console/{event.slug}/registrations/import/"
    page = upload(console, event).content.decode()
    assert 'name="step" value="cancel"' in page and "Cancel the import" in page

    response = console.post(url, {"step": "cancel"}, follow=True)

    assert "The import was cancelled; nothing was imported." in response.content.decode()
    assert kept(var_dir) == []
    assert IMPORT_KEY not in console.session
    late = console.post(url, {"step": "confirm"}, follow=True).content.decode()
    assert "Upload the file again: the preview has expired." in late
    assert Registration.objects.count() == 0


def test_a_new_upload_replaces_the_previewed_one(console, event, var_dir):
    upload(console, event)
    first = kept(var_dir)

    upload(console, event, GOOD.replace("sato", "suzuki"))

    assert len(kept(var_dir)) == 1 and kept(var_dir) != first
    assert console.session[IMPORT_KEY]["id"] == kept(var_dir)[0]


def test_an_upload_with_problems_keeps_nothing_and_drops_the_earlier_preview(
    console, event, var_dir
):
    upload(console, event)

    response = upload(console, event, BAD)

    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert kept(var_dir) == []
    assert IMPORT_KEY not in console.session


def _age(path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_beat_purges_previews_older_than_a_day_and_nothing_else(var_dir):
    stale = previews.keep(b"old")
    fresh = previews.keep(b"new")
    folder = var_dir / "imports"
    _age(folder / stale, 1.5)
    other = folder / "notes.txt"  # not a preview: never touched
    other.write_text("keep me")
    _age(other, 30)

    assert purge_import_previews() == 1

    assert kept(var_dir) == sorted([fresh, "notes.txt"])
    assert previews.read(stale) is None and previews.read(fresh) == b"new"


def test_the_purge_is_on_beats_schedule():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["registration-purge-import-previews"]

    assert schedule["task"] == purge_import_previews.name
    assert schedule["schedule"] <= 3600


def test_a_new_upload_purges_stale_previews_without_beat(console, event, var_dir):
    forgotten = previews.keep(b"someone's list")
    _age(var_dir / "imports" / forgotten, 2)

    upload(console, event)

    assert forgotten not in kept(var_dir) and len(kept(var_dir)) == 1


def test_a_purged_preview_cannot_be_confirmed(console, event, var_dir):
    upload(console, event)
    _age(var_dir / "imports" / kept(var_dir)[0], 2)
    previews.purge()

    response = console.post(
        f"/console/{event.slug}/registrations/import/", {"step": "confirm"}, follow=True
    )

    assert "Upload the file again: the preview has expired." in response.content.decode()
    assert Registration.objects.count() == 0


def test_names_that_are_not_previews_are_never_read_or_removed(var_dir):
    secret = var_dir / "liaison.sqlite3"
    secret.write_bytes(b"data")

    assert previews.read("../liaison.sqlite3") is None
    previews.discard("../liaison.sqlite3")

    assert secret.exists()
