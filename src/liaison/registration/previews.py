"""Uploaded participant lists kept between the preview and the confirmation of an import.

The console checks an upload and shows it; the file then waits in ``VAR_DIR/imports`` under a
random name (which only the organiser's session knows) until they confirm or cancel, and
either removes it. A preview left alone (the tab closed, the session gone) is removed once
it is older than ``MAX_AGE``: by the ``registration.purge_import_previews`` task that beat
runs every hour, and at each new upload (an install without a broker runs no beat).

Only files named like a preview are ever removed; nothing here touches the database.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings

MAX_AGE = timedelta(days=1)
_NAME = re.compile(r"^[0-9a-f]{32}$")


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token) -> Path | None:
    """The file of a preview, or None for anything that is not a preview's name."""
    if not isinstance(token, str) or not _NAME.match(token):
        return None
    return directory() / token


def keep(data: bytes) -> str:
    """Store an upload until it is confirmed or cancelled; its name (for the session).
    Stale previews of anyone are removed first."""
    purge()
    token = secrets.token_hex(16)
    (directory() / token).write_bytes(data)
    return token


def read(token) -> bytes | None:
    """The stored upload, or None when it is gone (confirmed, cancelled or purged)."""
    path = _path(token)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def discard(token) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def purge(max_age: timedelta = MAX_AGE, *, now: float | None = None) -> int:
    """Remove the previews last written more than ``max_age`` ago; how many were removed."""
    cutoff = (time.time() if now is None else now) - max_age.total_seconds()
    removed = 0
    for path in directory().iterdir():
        if not _NAME.match(path.name):
            continue
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # confirmed or purged by another process meanwhile
            continue
    return removed
