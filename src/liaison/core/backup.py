"""Backups: the database and the media files in one archive, with a format version.

The archive is a gzip'd tar with ``manifest.json`` (format ``liaison-backup/1``, when, the
Django version, the migrations applied and the row count per model), ``data.json`` (every
row, Django's serialisation with natural keys for content types and permissions, so that
it loads into any freshly migrated database, SQLite or PostgreSQL) and ``media/...``.
``restore`` loads it into an empty database in one transaction, then puts the media files
back; a damaged archive, a newer format or a non-empty database are refused and change
nothing.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "liaison-backup/1"
# Rows Django makes by itself when it migrates; restoring them would collide.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _dump() -> tuple[bytes, Counter]:
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        format="json",
        stdout=out,
        verbosity=0,
    )
    data = out.getvalue().encode("utf-8")
    counts = Counter(row["model"] for row in json.loads(data))
    return data, counts


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path) -> dict:
    """Write the archive to ``path``; returns its manifest."""
    data, counts = _dump()
    media = _media_root()
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "django": django.get_version(),
        "database": connection.vendor,
        "migrations": sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        ),
        "rows": dict(sorted(counts.items())),
        "media_files": len(files),
    }
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with tarfile.open(tmp, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, "data.json", data)
        for file in files:
            archive.add(file, arcname=f"media/{file.relative_to(media).as_posix()}")
    tmp.replace(path)  # a failed backup never leaves a half-written file under the name
    return manifest


def _database_is_empty() -> bool:
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in EXCLUDED or label in EXCLUDED:
            continue
        if model._meta.managed and not model._meta.proxy and model._default_manager.exists():
            return False
    return True


def restore(path: Path) -> dict:
    """Load the archive at ``path`` into this (migrated, empty) database and media folder."""
    path = Path(path)
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a Liaison backup ({exc})") from None
    with archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
            data = archive.extractfile("data.json").read()
        except (KeyError, AttributeError, ValueError) as exc:
            raise BackupError(
                f"{path} is not a Liaison backup (no manifest or data: {exc})"
            ) from None
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"{path} has format {manifest.get('format')!r}; this Liaison reads {FORMAT}"
            )
        if not _database_is_empty():
            raise BackupError("the database is not empty: restore into a new, migrated database")
        members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        for member in members:
            target = Path(member.name)
            if target.is_absolute() or ".." in target.parts:
                raise BackupError(f"{path} holds an unsafe file name: {member.name}")
        with transaction.atomic():
            saved = []
            # Saved one by one as they are read, so that a natural key (a user's name) finds
            # the row restored before it; true forward references are completed at the end.
            for obj in serializers.deserialize("json", data, handle_forward_references=True):
                obj.save()  # rows exactly as they were: no service logic applies to a restore
                saved.append(obj)
            for obj in saved:
                if obj.deferred_fields:
                    obj.save_deferred_fields()
            _reset_sequences({type(o.object) for o in saved})
        media = _media_root()
        for member in members:
            target = media / Path(member.name).relative_to("media")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                out.write(source.read())
    return manifest


def _reset_sequences(models) -> None:
    """PostgreSQL: the id sequences continue after the restored rows."""
    if connection.vendor != "postgresql" or not models:
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
