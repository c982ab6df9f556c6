"""The cached answer of ``GET /api/v1/events/{slug}/now/``: one body per event, language
and host, stamped with a version that every programme write renews (no per-viewer query).

A reader fetches the version and the body in one round trip (``entry``): the body counts
when its stamp is the current version.

With Redis, each process also keeps a copy of the answers it has read (``LocalCopies``),
so that most polls make no round trip at all. The copies are only trusted while the process
listens to the channel on which every write announces itself and no announcement waits
unread: a write renews the version, then publishes and returns only once Redis has put the
announcement in every listener's socket (``announce``); a reader looks at that socket (a
non-blocking read) before it serves a copy. So a poll that starts after a write
has returned, on any process, never gets the answer from before it. A copy is also dropped
after ``COPY_MAX_AGE`` seconds, which bounds the harm of any announcement lost while the
connection was being re-established.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import threading
import time

from django.core.cache import cache
from django.db import transaction

from liaison.core.cache import redis_client

log = logging.getLogger("liaison.cache")

NOW_TTL = 300  # seconds; writes renew the version at once, this only bounds memory
CHANNEL = "liaison:programme:now"
COPY_MAX_AGE = 2.0  # seconds a process serves its own copy without asking Redis
RETRY_AFTER = 2.0  # seconds before listening again after the channel failed


class LocalCopies:
    """This process's copies of cached answers, valid while it listens to ``CHANNEL`` (see
    the module's note). Thread-safe: gunicorn's gthread workers share one instance."""

    def __init__(self, client_factory=redis_client, clock=time.monotonic):
        self._client_factory = client_factory
        self._clock = clock
        self._lock = threading.Lock()
        self._copies: dict[str, tuple[float, tuple]] = {}
        self._pubsub = None
        self._pid = None
        self._listening = False  # the channel's subscription is confirmed
        self._retry_at = 0.0
        self.generation = 0  # renewed by every announcement (and every failure)

    # -- the channel ---------------------------------------------------------------------

    def _drop(self) -> None:
        self._copies.clear()
        self.generation += 1

    def _fail(self, exc: Exception) -> None:
        log.warning("not listening to %s (%s): asking the cache on every poll", CHANNEL, exc)
        if self._pubsub is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._pubsub.close()
        self._pubsub = None
        self._listening = False
        self._retry_at = self._clock() + RETRY_AFTER
        self._drop()

    def _poll(self) -> bool:
        """Read every waiting message without blocking; True while the copies may be
        trusted. Called with the lock held."""
        if self._pid != os.getpid():  # a forked child never shares its parent's socket
            self._pubsub, self._listening, self._pid = None, False, os.getpid()
            self._copies.clear()
        if self._pubsub is None:
            if self._clock() < self._retry_at:
                return False
            client = self._client_factory()
            if client is None:
                self._retry_at = float("inf")  # no Redis: never copies
                return False
            try:
                self._pubsub = client.pubsub()
                self._pubsub.subscribe(CHANNEL)
            except Exception as exc:  # noqa: BLE001 - Redis down: no copies
                self._fail(exc)
                return False
        try:
            while True:
                message = self._pubsub.get_message(timeout=0.0)
                if message is None:
                    break
                if message["type"] == "subscribe":
                    self._listening = True
                    self._drop()  # anything copied before is of unknown age
                elif message["type"] == "message":
                    self._drop()
        except Exception as exc:  # noqa: BLE001 - the connection broke
            self._fail(exc)
            return False
        return self._listening

    def listening(self) -> bool:
        """Whether copies are trusted now (subscribing takes a round trip: until its
        confirmation arrives every poll asks Redis)."""
        with self._lock:
            return self._poll()

    def get(self, key: str):
        with self._lock:
            if not self._poll():
                return None
            found = self._copies.get(key)
            if found is None:
                return None
            if self._clock() - found[0] > COPY_MAX_AGE:
                del self._copies[key]
                return None
            return found[1]

    def watermark(self) -> int:
        """The generation to hand back to ``put`` for a value read from Redis now."""
        with self._lock:
            self._poll()
            return self.generation

    def put(self, key: str, value: tuple, generation: int) -> None:
        """Keep ``value`` unless an announcement arrived since ``generation`` was taken."""
        with self._lock:
            if self._poll() and generation == self.generation:
                self._copies[key] = (self._clock(), value)


LOCAL = LocalCopies()


def version_key(slug: str) -> str:
    return f"programme:now:version:{slug}"


def body_key(slug: str, language: str, host: str) -> str:
    return f"programme:now:{slug}:{language}:{host}"


def entry(slug: str, language: str, host: str) -> tuple[str, tuple | None]:
    """(current version, the cached entry stamped with it or None): one cache round trip
    when both are there."""
    version_at, body_at = version_key(slug), body_key(slug, language, host)
    copy = LOCAL.get(body_at)
    if copy is not None:
        return None, copy
    generation = LOCAL.watermark()
    found = cache.get_many([version_at, body_at])
    version = found.get(version_at) or current_version(slug)
    stamped = found.get(body_at)
    if stamped is None or stamped[0] != version:
        return version, None
    LOCAL.put(body_at, stamped[1:], generation)
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
    client = redis_client()
    if client is not None:
        try:
            announce(client, slug)
        except Exception as exc:  # noqa: BLE001 - the listeners' copies age out in 2 s
            log.warning("could not announce a programme change on %s (%s)", CHANNEL, exc)


def announce(client, slug: str) -> None:
    """Publish a change and return once Redis has written it to every listener's socket.

    Redis answers the PUBLISH before it writes the message to the listeners (the same pass
    of its event loop, publisher first); the PING is read in a later pass, so its answer
    comes after those writes. A poll that starts after the write returned then finds the
    message waiting."""
    client.publish(CHANNEL, slug)
    client.ping()


def forget_now(event) -> None:
    """Drop the cached answers of ``event`` now and again when the write commits (a reader
    between the two would otherwise cache the state before the write)."""
    slug = event.slug
    _renew(slug)
    transaction.on_commit(lambda: _renew(slug))
