"""The Redis cache answers "not cached" while Redis is down: no request fails on it."""

from __future__ import annotations

import socket

from liaison.core import ratelimit
from liaison.core.resilient_cache import ResilientRedisCache


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens


def test_a_cache_that_cannot_be_reached_misses_and_drops_writes(caplog):
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.5}}
    )
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.incr("k") == 1
    assert cache.delete("k") is False
    assert [r.message for r in caplog.records].count(
        next(r.message for r in caplog.records if "cache unavailable" in r.message)
    ) == 1  # logged once per outage, not per call


def test_rate_limits_let_requests_through_while_the_cache_is_down(monkeypatch):
    cache = ResilientRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {})
    monkeypatch.setattr(ratelimit, "caches", {"default": cache})
    limit = ratelimit.Limit("test", attempts=1, seconds=60)
    assert [ratelimit.hit(limit, "ip:1") for _ in range(5)] == [0] * 5
