"""Each process's copies of the cached ``now`` answers (``programme.cache.LocalCopies``) on a
real Redis: a copy is served until a write anywhere announces itself, and never after."""

from __future__ import annotations

import time

import pytest

from liaison.programme import cache as now_cache

redis = pytest.importorskip("redis")

URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def client():
    c = redis.Redis.from_url(URL, socket_connect_timeout=0.5)
    try:
        c.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379 (the PostgreSQL pass of .ci/run has one)")
    yield c
    c.close()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def process(clock=None):
    """A process's copies with its own connection, as a second gunicorn worker has."""
    own = redis.Redis.from_url(URL)
    return now_cache.LocalCopies(client_factory=lambda: own, clock=clock or Clock())


def listening(copies) -> bool:
    """Wait (up to 2 s) for the confirmation of the subscription."""
    deadline = time.monotonic() + 2
    while not copies.listening() and time.monotonic() < deadline:
        time.sleep(0.005)
    return copies.listening()


def fill(copies, key="k", value=("etag", b"body")):
    assert listening(copies)
    generation = copies.watermark()
    copies.put(key, value, generation)
    return copies.get(key)


def test_a_copy_is_served_until_another_process_announces_a_write(client):
    reader = process()
    assert fill(reader) == ("etag", b"body")
    assert reader.get("k") == ("etag", b"body")

    now_cache.announce(client, "hybrid-2021")  # what a write on another process does

    assert reader.get("k") is None  # at once: no sleep between the write and the read


def test_no_announcement_is_overtaken_by_the_next_read(client):
    readers = [process() for _ in range(3)]
    for n in range(300):
        for reader in readers:
            assert fill(reader, value=(str(n), b"")) == (str(n), b"")
        now_cache.announce(client, "hybrid-2021")
        assert [reader.get("k") for reader in readers] == [None, None, None], n


def test_a_value_read_before_an_announcement_is_not_kept(client):
    reader = process()
    assert listening(reader)
    generation = reader.watermark()
    now_cache.announce(client, "hybrid-2021")  # lands between the read and the put
    reader.put("k", ("old", b"old"), generation)
    assert reader.get("k") is None


def test_renew_announces_the_write(client, monkeypatch):
    reader = process()
    assert fill(reader) is not None
    monkeypatch.setattr(now_cache, "redis_client", lambda: client)
    now_cache._renew("hybrid-2021")
    assert reader.get("k") is None


def test_copies_age_out(client):
    clock = Clock()
    reader = process(clock)
    assert fill(reader) is not None
    clock.now += now_cache.COPY_MAX_AGE + 0.1
    assert reader.get("k") is None


def test_without_redis_nothing_is_copied():
    copies = now_cache.LocalCopies(client_factory=lambda: None)
    assert not copies.listening()
    copies.put("k", ("etag", b"body"), copies.watermark())
    assert copies.get("k") is None


def test_an_unreachable_redis_means_no_copies_and_no_error():
    dead = redis.Redis(port=1, socket_connect_timeout=0.2)
    copies = now_cache.LocalCopies(client_factory=lambda: dead)
    assert not copies.listening()
    copies.put("k", ("etag", b"body"), copies.watermark())
    assert copies.get("k") is None
