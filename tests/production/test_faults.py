"""Faults, each printing what it did and what was lost (nothing):

- PostgreSQL restarted during a registration load (a private cluster on port 55432): every
  registration answered 201 is in the database exactly once, and the web processes recover
  by themselves (CONN_HEALTH_CHECKS); the load's client retries, the server does not;
- Redis down (a private redis-server): pages and the API still answer, a registration made
  meanwhile is kept and its e-mail is sent by the worker once Redis is back (the outbox).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from . import stack as st

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 55432
REDIS_PORT = 8210


def _as_postgres(argv: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@pytest.fixture
def private_postgres(tmp_path):
    if not (PG_BIN / "initdb").exists():
        pytest.skip("needs Debian's PostgreSQL 15 server binaries for a private cluster")
    # Not under pytest's tmp_path: the postgres user must reach it.
    data = Path(tempfile.mkdtemp(prefix="prodstack-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        check=True,
        capture_output=True,
    )
    log = data / "server.log"
    options = f"-p {PG_PORT} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"

    def ctl(*args):
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), *args]),
            check=True,
            capture_output=True,
        )

    ctl("-o", options, "-w", "start")
    try:
        yield ctl, f"postgresql://postgres@127.0.0.1:{PG_PORT}"
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)


def test_postgresql_restarted_during_a_registration_load(private_postgres, tmp_path):
    import psycopg

    ctl, server = private_postgres
    st.recreate_database("prodstack_restart", f"{server}/postgres")
    stack = st.Stack(
        workdir=tmp_path / "stack",
        database_url=f"{server}/prodstack_restart",
        redis_url="redis://127.0.0.1:6379/13",
        extra_env={"REGISTRATION_RATE_LIMIT": "0/60", "DB_CONN_MAX_AGE": "60"},
    )
    port = 8204
    try:
        stack.migrate()
        st.collect_static(stack)
        web = stack.serve(port, workers=2, CELERY_BROKER_URL="")  # e-mails inline: no broker
        st.wait_ready(port, timeout=120, proc=web)
        token = stack.superuser_token()
        st.create_event(port, token, "restart")

        answered: dict[str, int] = {}
        failures = []
        stop = threading.Event()
        lock = threading.Lock()
        counter = iter(range(1, 10**6))

        def client():
            while not stop.is_set():
                with lock:
                    n = next(counter)
                body = st.registration(n)
                for _attempt in range(60):  # the client retries; nothing on the server does
                    try:
                        status, _ = st.api(
                            "POST", port, "/api/v1/events/restart/registrations/", body, timeout=10
                        )
                    except OSError:
                        status = 0
                    if status in (201, 409):  # 409: an earlier attempt of ours was stored
                        with lock:
                            answered[body["email"]] = status
                        break
                    with lock:
                        failures.append(status)
                    time.sleep(0.25)

        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(4)
        before = len(answered)
        ctl("-m", "fast", "-w", "restart")
        restarted_at = time.monotonic()
        print(f"PostgreSQL restarted after {before} registrations")
        st.wait_for(lambda: len(answered) > before + 20, 60, "registrations after the restart")
        recovered = time.monotonic() - restarted_at
        stop.set()
        for thread in threads:
            thread.join(30)

        with psycopg.connect(f"{server}/prodstack_restart") as conn:
            rows = conn.execute(
                "SELECT email, count(*) FROM registration_registration GROUP BY email"
            ).fetchall()
        stored = dict(rows)
        created = [e for e, s in answered.items() if s == 201]
        missing = [e for e in created if stored.get(e) != 1]
        duplicated = [e for e, c in stored.items() if c > 1]
        print(
            f"{len(answered)} registrations answered ({len(created)} with 201, "
            f"{len(answered) - len(created)} with 409 after a retry), {len(failures)} attempts "
            f"failed during the restart (statuses {sorted(set(failures))}) and were retried; "
            f"served again {recovered:.1f} s after the restart; in the database: "
            f"{len(stored)}; lost: {len(missing)}; duplicated: {len(duplicated)}"
        )
        assert not missing and not duplicated
        assert set(answered) <= set(stored)
        assert web.alive()
        assert st.request("GET", port, "/readyz")[0] == 200
    finally:
        stack.stop()


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server for a private Redis")

    def start():
        return subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )

    procs = [start()]
    st.wait_for(lambda: _pong(), 10, "the private Redis")
    yield procs, start
    for proc in procs:
        proc.terminate()
        proc.wait(10)


def _pong() -> bool:
    import redis

    try:
        return redis.Redis(port=REDIS_PORT, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def test_redis_down(private_redis, tmp_path):
    procs, start_redis = private_redis
    db = "prodstack_redis"
    st.recreate_database(db)
    stack = st.Stack(
        workdir=tmp_path / "stack",
        database_url=f"{st.PG_ADMIN.rsplit('/', 1)[0]}/{db}",
        redis_url=f"redis://127.0.0.1:{REDIS_PORT}/0",
        extra_env={"REGISTRATION_RATE_LIMIT": "5/600"},
    )
    port = 8205
    base = "/api/v1/events/redis"
    try:
        stack.migrate()
        st.collect_static(stack)
        web = stack.serve(port, workers=1)
        worker = stack.worker("worker", beat=True)
        st.wait_ready(port, timeout=120, proc=web)
        token = stack.superuser_token()
        st.create_event(port, token, "redis")
        assert st.api("POST", port, f"{base}/registrations/", st.registration(1))[0] == 201

        procs[0].terminate()
        procs[0].wait(10)
        assert not _pong()
        print("Redis stopped")
        answers = {
            path: st.request("GET", port, path)[0]
            for path in ("/healthz", f"{base}/now/", "/en/redis/", f"{base}/programme/")
        }
        status, made = st.api("POST", port, f"{base}/registrations/", st.registration(2))
        answers["POST registration"] = status
        ready, body, _ = st.request("GET", port, "/readyz")
        print(f"while Redis is down: {answers}; /readyz {ready} {body.decode()}")
        assert set(answers.values()) == {200, 201} and answers["POST registration"] == 201
        assert ready == 503 and b"broker" in body
        status, listed = st.api("GET", port, f"{base}/registrations/", token=token)
        assert len(listed["results"]) == 2  # stored at once, in the database

        time.sleep(3)
        procs.append(start_redis())
        restarted = time.monotonic()
        st.wait_for(_pong, 10, "Redis again")
        print("Redis started again (empty: it kept nothing)")

        def mailed():
            return any(
                "delegate2@example.org" in p.read_text(errors="replace")
                for p in stack.mail_dir.glob("*.log")
            )

        st.wait_for(mailed, 90, "the e-mail of the registration made while Redis was down")
        files = [p.read_text(errors="replace") for p in stack.mail_dir.glob("*.log")]
        counts = [sum(f"delegate{n}@example.org" in t for t in files) for n in (1, 2)]
        print(
            f"the e-mail of registration {made['id']} was sent by the worker "
            f"{time.monotonic() - restarted:.0f} s after Redis returned; e-mails per "
            f"registration: {counts}; lost: nothing"
        )
        assert counts == [1, 1]
        assert "registration.send_registration_email done" in worker.text()
        st.wait_ready(port, timeout=30)
    finally:
        stack.stop()
        st.drop_database(db)
