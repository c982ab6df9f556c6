"""bench/now_on_stage.py on a tiny scale, so that the script cannot rot: its statistics, its
client against a live server (20 viewers for 2 s, a short peak phase), the bench-only
constant view, and the clean-up of a server's process group."""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from bench import now_on_stage as bench
from liaison.programme import services
from tests.factories import AgendaItemFactory, EventFactory, three


def test_percentile_interpolates_between_ranks():
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == pytest.approx(50.5)
    assert bench.percentile(values, 99) == pytest.approx(99.01)
    assert bench.percentile(values, 0) == 1.0 and bench.percentile(values, 100) == 100.0
    assert bench.percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input
    assert math.isnan(bench.percentile([], 50))
    with pytest.raises(ValueError, match="within 0 and 100"):
        bench.percentile(values, 101)


def test_summary_in_milliseconds():
    summary = bench.summarize([0.001, 0.002, 0.003, 0.010])
    assert summary["count"] == 4
    assert summary["p50_ms"] == pytest.approx(2.5)
    assert summary["max_ms"] == pytest.approx(10.0)
    assert math.isnan(bench.summarize([])["p99_ms"])


def test_server_settings_parse_and_refuse_nonsense():
    assert bench.ServerConfig.parse("sync:5") == bench.ServerConfig("sync", 5)
    threaded = bench.ServerConfig.parse("gthread:2x4")
    assert (threaded.workers, threaded.threads, threaded.label) == (2, 4, "gthread 2x4")
    assert "--threads 4" in threaded.gunicorn_args()
    for text in ("eventlet:3", "sync:many", "gthread:x"):
        with pytest.raises(Exception, match="not a gunicorn setting"):
            bench.ServerConfig.parse(text)


def test_best_setting_meets_the_latency_target_first():
    def result(name, p99, now):
        return {"config": name, "viewers": {"p99_ms": p99}, "peak": {"now": {"rate": now}}}

    fast_but_late = result("a", 80.0, 3000)
    on_time = result("b", 20.0, 1000)
    assert bench.best_config([fast_but_late, on_time])["config"] == "b"
    assert bench.best_config([fast_but_late, result("c", 60.0, 10)])["config"] == "c"


def test_the_arguments_demand_postgres_and_redis():
    with pytest.raises(SystemExit):
        bench.parse_args(["--database-url", "sqlite:///x", "--redis-url", "redis://h/9"])
    args = bench.parse_args(
        ["--database-url", "postgres://u@h/db", "--redis-url", "redis://h/9", "--viewers", "20"]
    )
    assert args.viewers == 20 and [c.label for c in args.configs][0] == "gthread 3x8"


@pytest.mark.django_db
def test_the_constant_view_exists_only_in_the_bench_urlconf(client):
    assert client.get("/bench/constant/").status_code == 404
    with override_settings(ROOT_URLCONF="bench.now_urls"):
        response = client.get("/bench/constant/")
    assert response.status_code == 200
    assert response.content == b'{"bench": "constant"}'


@pytest.mark.django_db(transaction=True)
def test_viewers_and_peak_against_a_live_server(live_server):
    event = EventFactory(slug="bench-2021")
    item = AgendaItemFactory(event=event, title=three("Opening", "开幕", "開会"))
    services.set_now(event, item)
    url = urlsplit(live_server.url)
    assert url.hostname in ("localhost", "127.0.0.1")
    path = bench.now_path(event.slug)

    viewers = asyncio.run(
        bench.open_loop(url.port, path, viewers=20, interval=0.5, duration=2.0, seed=1)
    )
    assert not viewers.errors
    assert 60 <= viewers.offered <= 100  # 20 viewers x 4 polls, jittered
    assert viewers.statuses[200] == 20  # each viewer's first poll ...
    assert viewers.statuses[304] == viewers.offered - 20  # ... then If-None-Match
    assert len(viewers.latencies) == viewers.offered
    assert all(0 < s < 5 for s in viewers.latencies)

    etag = ""

    async def first_answer():
        nonlocal etag
        conn = await bench.connect(url.port)
        try:
            status, headers, body, _ = await bench.get(conn, url.port, path)
        finally:
            conn.close()
        assert status == 200 and b"Opening" in body
        etag = headers["etag"]

    asyncio.run(first_answer())
    peak = asyncio.run(
        bench.closed_loop(
            url.port, path, concurrency=4, seconds=0.5, headers={"If-None-Match": etag}
        )
    )
    assert not peak.errors and peak.requests > 0
    assert set(peak.statuses) == {304}
    assert peak.rate == pytest.approx(peak.requests / peak.seconds)


def test_stop_server_kills_the_whole_process_group():
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            "child = subprocess.Popen(['sleep', '60'])\n"
            "print(child.pid, flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    child = int(parent.stdout.readline())
    started = time.monotonic()
    bench.stop_server(parent, grace=5)
    assert time.monotonic() - started < 5
    assert parent.poll() is not None
    assert not bench._group_alive(parent.pid)
    assert _gone(child)
    parent.stdout.close()


def _gone(pid: int) -> bool:
    """No such process, or a zombie waiting for its (new) parent to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
