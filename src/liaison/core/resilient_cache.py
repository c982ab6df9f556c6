"""Liaison's Redis cache backend (``liaison.core.cache``), answering "not cached" while
Redis is down.

Everything Liaison keeps in the cache can be rebuilt from the database (the "now on stage"
answers) or may be forgotten (rate-limit counters), so a cache that cannot be reached must
not turn a page into a 500. While Redis does not answer:

- reads return the default (a miss), so views compute from the database;
- writes (set, add, delete, touch) do nothing and return False;
- ``incr`` returns ``delta``, as if the counter had just been created: rate limits let
  requests through (fail open) until Redis is back, which is logged.

After a failure the backend does not try Redis again for ``RETRY_AFTER`` seconds (no
connect timeout per call while it is down). Each outage is logged once per process, and so
is the recovery.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis.exceptions import RedisError

from liaison.core.cache import RedisCache

log = logging.getLogger("liaison.cache")

RETRY_AFTER = 2.0  # seconds without trying Redis after a failure


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._down = False

    # -- the guard -------------------------------------------------------------------------

    def _call(self, method: str, default, *args, **kwargs):
        if self._down and time.monotonic() < self._down_until:
            return default
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except RedisError as exc:
            if not self._down:
                log.warning(
                    "cache unavailable (%s: %s): serving without the cache until it returns",
                    type(exc).__name__,
                    exc,
                )
            self._down = True
            self._down_until = time.monotonic() + RETRY_AFTER
            return default
        if self._down:
            log.warning("cache available again")
            self._down = False
        return result

    # -- Django's cache API ----------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", delta, key, delta, version)

    def clear(self):
        return self._call("clear", False)
