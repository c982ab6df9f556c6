"""The seal of a published revision: an HMAC-SHA256, under ``settings.NEWSROOM_SEAL_KEY``
(from the environment, never in the database), over the revision's exact content and
metadata. Whoever writes the database directly cannot make a matching seal."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings

from .models import Revision


def _iso(value) -> str:
    # One form whatever the database hands back (PostgreSQL and SQLite differ in zone).
    if value is None:
        return ""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(revision: Revision) -> bytes:
    """The bytes the seal covers: every field a reader sees, and who and when."""
    data = {
        "v": 1,
        "release": revision.release_id,
        "slug": revision.release.slug,
        "number": revision.number,
        "title": revision.title,
        "summary": revision.summary,
        "body": revision.body,
        "images": revision.images,
        "author": revision.author_id,
        "created_at": _iso(revision.created_at),
        "sealed_at": _iso(revision.sealed_at),
        "sealed_by": revision.sealed_by_id,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute(revision: Revision) -> str:
    key = settings.NEWSROOM_SEAL_KEY.encode()
    return hmac.new(key, canonical(revision), hashlib.sha256).hexdigest()


def verifies(revision: Revision) -> bool:
    """Does the stored revision still match its seal? An unsealed revision never does."""
    if not revision.seal or revision.sealed_at is None:
        return False
    return hmac.compare_digest(revision.seal, compute(revision))
