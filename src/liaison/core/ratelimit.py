"""Rate limits on the doors attackers knock on (login, registration, invitation links,
sign-in links): at most N attempts per window per key, counted in the shared cache (Redis in
production, so that every web process counts together). Over the limit: 429 with
Retry-After, in the user's language."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import wraps

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    seconds: int


LOGIN = Limit("login", attempts=10, seconds=300)
REGISTRATION = Limit("register", attempts=20, seconds=600)
INVITATION = Limit("invitation", attempts=20, seconds=600)
SIGN_IN_LINK = Limit("signin", attempts=5, seconds=600)


def client_address(request) -> str:
    """The client's address as the proxy in front reports it (REMOTE_ADDR otherwise)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def hit(limit: Limit, key: str) -> int:
    """Count one attempt; returns 0 when allowed, else the seconds to wait."""
    cache = caches["default"]
    window = int(time.time()) // limit.seconds
    bucket = f"ratelimit:{limit.name}:{key}:{window}"
    cache.add(bucket, 0, timeout=limit.seconds + 5)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=limit.seconds + 5)
        count = 1
    if count <= limit.attempts:
        return 0
    return limit.seconds - int(time.time()) % limit.seconds or 1


def too_many(retry_after: int) -> HttpResponse:
    response = HttpResponse(
        _("Too many attempts. Please wait %(seconds)s seconds and try again.")
        % {"seconds": retry_after},
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    return response


def limit_posts(limit: Limit, key=client_address):
    """A view decorator: POSTs beyond the limit per ``key(request)`` get 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                wait = hit(limit, key(request))
                if wait:
                    return too_many(wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
