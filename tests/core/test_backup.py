"""Backup and restore round-trip: every record and every media file comes back."""

from __future__ import annotations

import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from liaison.core.models import AuditEntry
from liaison.events.models import Event, Organisation, Person, Role, TeamMember
from liaison.search.models import SearchDocument
from tests.factories import CooperationAreaFactory, EventFactory, RoleFactory, UserFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "videos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "videos" / "message.webm").write_bytes(b"\x1aE\xdf\xa3 video bytes")
    return settings.MEDIA_ROOT


def _flush():
    call_command("flush", interactive=False, verbosity=0)


def _snapshot():
    return {
        "events": sorted(Event.objects.values_list("slug", "title")),
        "people": sorted(Person.objects.values_list("pk", "family_name", "email")),
        "roles": sorted(Role.objects.values_list("pk", "event__slug", "kind")),
        "team": sorted(TeamMember.objects.values_list("user__username", "role")),
        "organisations": Organisation.objects.count(),
        "audit": AuditEntry.objects.count(),
        "search": SearchDocument.objects.count(),
        "areas": sorted(Role.objects.values_list("pk", "areas__slug")),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_empty_database_finds_everything(tmp_path, media, capsys):
    organiser = UserFactory(username="organiser")
    event = EventFactory(slug="chengdu-2021", organisers=[organiser])
    area = CooperationAreaFactory(event=event)
    for _ in range(3):
        RoleFactory(event=event, areas=[area])
    before = _snapshot()
    archive = tmp_path / "liaison.tar.gz"

    call_command("backup", str(archive))
    assert "Backed up" in capsys.readouterr().out
    _flush()
    (media / "videos" / "message.webm").unlink()
    assert Event.objects.count() == 0

    call_command("restore", str(archive))

    assert _snapshot() == before
    assert (media / "videos" / "message.webm").read_bytes() == b"\x1aE\xdf\xa3 video bytes"
    # New rows continue after the restored ids (PostgreSQL sequences reset).
    assert RoleFactory(event=Event.objects.get(slug="chengdu-2021")).pk > max(
        pk for pk, *_ in before["roles"]
    )


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_non_empty_database(tmp_path, media):
    EventFactory()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_another_format_and_changes_nothing(tmp_path, media):
    archive = tmp_path / "odd.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = json.dumps({"format": "liaison-backup/99"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        import io

        tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo("data.json")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"[]"))
    with pytest.raises(CommandError, match="liaison-backup/99"):
        call_command("restore", str(archive))
    (tmp_path / "junk.tar.gz").write_text("not an archive")
    with pytest.raises(CommandError, match="not a Liaison backup"):
        call_command("restore", str(tmp_path / "junk.tar.gz"))
