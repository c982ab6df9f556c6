"""Django's Redis cache backend, keeping its ``redis.Redis`` client.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around the (kept)
connection pool on every cache call; with redis-py 5+ that builds its table of response
callbacks each time, which cost as much CPU as the rest of a cached ``now`` answer
(bench/now_on_stage.py). The client is thread-safe and bound to its pool, so one per pool
is kept. Everything else is Django's backend.
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


def redis_client(alias: str = "default"):
    """The ``redis.Redis`` client behind cache ``alias`` when it is this Redis backend (for
    what the cache API lacks, such as publishing), else None (memory, database)."""
    backend = caches[alias]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)
