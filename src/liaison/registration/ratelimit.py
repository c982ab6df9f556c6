"""A small fixed-window rate limiter on Django's cache, for anonymous registration.

``REGISTRATION_RATE_LIMIT`` (setting or environment) is ``"N/SECONDS"``, by default 20
registrations a minute from one client address; ``"0/60"`` turns it off.
"""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core.cache import cache


def _limit() -> tuple[int, int]:
    raw = getattr(settings, "REGISTRATION_RATE_LIMIT", "") or os.environ.get(
        "REGISTRATION_RATE_LIMIT", "20/60"
    )
    count, _slash, seconds = str(raw).partition("/")
    return int(count), int(seconds or 60)


def client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "ip:" + (request.META.get("REMOTE_ADDR") or "unknown")


def hit(scope: str, request) -> int | None:
    """Count one request; returns the seconds to wait when over the limit, else None."""
    count, window = _limit()
    if count <= 0:
        return None
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{scope}:{client_key(request)}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        used = 1
    if used > count:
        return max(start + window - now, 1)
    return None
