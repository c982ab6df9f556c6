"""``/healthz``: the process answers. ``/readyz``: what it depends on answers too (the
database, and the broker when one is configured); 503 naming what does not."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure means "not ready"; the message says which
        return f"database: {type(exc).__name__}: {str(exc).strip().splitlines()[0][:200]}"
    return None


def _broker() -> str | None:
    url = settings.CELERY_BROKER_URL
    if not url:
        return None
    if url.startswith(("redis://", "rediss://")):
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        except Exception as exc:  # connection refused, timeout, auth: all "not ready"
            return f"broker: {type(exc).__name__}: {str(exc)[:200]}"
    return None


@never_cache
@require_GET
def readyz(request):
    problems = [p for p in (_database(), _broker()) if p]
    if problems:
        return JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    return JsonResponse({"status": "ready"})
