"""The cached answer of ``GET /api/v1/events/{slug}/now/``: one body per event, language
and host, stamped with a version that every programme write renews (no per-viewer query).

A reader fetches the version and the body in one round trip (``entry``): the body counts
when its stamp is the current version."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction

NOW_TTL = 300  # seconds; writes renew the version at once, this only bounds memory


def version_key(slug: str) -> str:
    return f"programme:now:version:{slug}"


def body_key(slug: str, language: str, host: str) -> str:
    return f"programme:now:{slug}:{language}:{host}"


def entry(slug: str, language: str, host: str) -> tuple[str, tuple | None]:
    """(current version, the cached entry stamped with it or None): one cache round trip
    when both are there."""
    version_at, body_at = version_key(slug), body_key(slug, language, host)
    found = cache.get_many([version_at, body_at])
    version = found.get(version_at) or current_version(slug)
    stamped = found.get(body_at)
    if stamped is None or stamped[0] != version:
        return version, None
    return version, stamped[1:]


def current_version(slug: str) -> str:
    version = cache.get(version_key(slug))
    if version is None:
        version = secrets.token_hex(6)
        # add: two workers starting at once agree on one version.
        if not cache.add(version_key(slug), version, timeout=None):
            version = cache.get(version_key(slug)) or version
    return version


def _renew(slug: str) -> None:
    cache.set(version_key(slug), secrets.token_hex(6), timeout=None)


def forget_now(event) -> None:
    """Drop the cached answers of ``event`` now and again when the write commits (a reader
    between the two would otherwise cache the state before the write)."""
    slug = event.slug
    _renew(slug)
    transaction.on_commit(lambda: _renew(slug))
