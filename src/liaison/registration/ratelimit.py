"""Registration's doors (register, ask for a sign-in link) behind the shared rate limiter of
``liaison.core.ratelimit`` (counted in the shared cache, per client address or account).

``REGISTRATION_RATE_LIMIT`` (setting or environment), ``"N/SECONDS"``, overrides the
registration limit (``"0/60"`` turns it off, e.g. for bench/registration.py).
"""

from __future__ import annotations

import os

from django.conf import settings

from liaison.core import ratelimit as core

# "signin": asking for a sign-in link; "redeem": trying a link's token (an invitation on the
# form, a sign-in link), so that tokens cannot be guessed in bulk.
LIMITS = {"register": core.REGISTRATION, "signin": core.SIGN_IN_LINK, "redeem": core.INVITATION}


def _limit(scope: str) -> core.Limit | None:
    raw = getattr(settings, "REGISTRATION_RATE_LIMIT", "") or os.environ.get(
        "REGISTRATION_RATE_LIMIT", ""
    )
    if scope == "register" and raw:
        count, _slash, seconds = str(raw).partition("/")
        if int(count) <= 0:
            return None
        return core.Limit("register", attempts=int(count), seconds=int(seconds or 60))
    return LIMITS[scope]


def client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "ip:" + core.client_address(request)


def hit(scope: str, request) -> int | None:
    """Count one request; returns the seconds to wait when over the limit, else None."""
    limit = _limit(scope)
    if limit is None:
        return None
    return core.hit(limit, client_key(request)) or None
