"""The Redis cache backend keeps one ``redis.Redis`` client per connection pool."""

from __future__ import annotations

import pytest

from liaison.core.cache import RedisCache

REDIS = "redis://127.0.0.1:6379/9"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS}")
    backend = RedisCache(REDIS, {"KEY_PREFIX": "test-core-cache"})
    yield backend
    backend.delete_many(["a", "b"])


def test_reads_and_writes_through_one_kept_client(redis_cache):
    redis_cache.set("a", {"x": 1}, 30)
    redis_cache.set("b", (1, b"body"), 30)
    assert redis_cache.get("a") == {"x": 1}
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": {"x": 1}, "b": (1, b"body")}
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache.delete("a") and redis_cache.get("a") is None
