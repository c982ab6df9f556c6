"""Liaison's production stack on this machine, as README.md ("Running in production") runs
it: `liaison migrate`, `liaison serve` (gunicorn) and `liaison worker` (Celery with beat) as
separate processes on one PostgreSQL database and one Redis. Used by
scripts/production-stack, tests/production/ and bench/load.py.

Nothing here imports Django: the processes are started with the environment a deployment
would give them (no test settings), and spoken to over HTTP.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = os.environ.get("LIAISON_PYTHON") or sys.executable
STATIC_ROOT = Path(os.environ.get("LIAISON_STACK_STATIC", ROOT / "var" / "production-static"))
PG_ADMIN = os.environ.get("LIAISON_STACK_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

# Variables of the test runner that must not leak into a production process.
_DROP = {"DJANGO_SETTINGS_MODULE", "LIAISON_TESTING", "DEBUG", "PYTEST_CURRENT_TEST"}


def say(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def recreate_database(name: str, admin_url: str = PG_ADMIN) -> None:
    """A fresh, empty PostgreSQL database ``name`` (dropped first if it is there)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str, admin_url: str = PG_ADMIN) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def signal(self, sig: int) -> None:
        """Signal the whole process group this process leads (gunicorn's or Celery's
        children too), started by us with its own session."""
        if self.alive():
            os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 20) -> None:
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(10)


@dataclass
class Stack:
    """One deployment: its database, its Redis, its processes' environment."""

    workdir: Path
    database_url: str
    redis_url: str
    broker_url: str | None = None
    extra_env: dict = field(default_factory=dict)
    procs: list[Proc] = field(default_factory=list)

    def __post_init__(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.mail_dir = self.workdir / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.secret_key = secrets.token_urlsafe(40)
        self.seal_key = secrets.token_hex(32)

    # -- environment and commands ------------------------------------------------------

    def env(self, **overrides) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in _DROP}
        env.update(
            PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            DATABASE_URL=self.database_url,
            SECRET_KEY=self.secret_key,
            NEWSROOM_SEAL_KEY=self.seal_key,
            REDIS_URL=self.redis_url,
            CELERY_BROKER_URL=self.broker_url or self.redis_url,
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.mail_dir),
            SITE_URL="http://127.0.0.1",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            HTTPS="0",
            STATIC_ROOT=str(STATIC_ROOT),
            MEDIA_ROOT=str(self.workdir / "media"),
            LIAISON_VAR_DIR=str(self.workdir / "var"),
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def liaison(self, *args: str, check: bool = True, **env) -> subprocess.CompletedProcess:
        """Run `liaison ARGS` to completion (migrate, createsuperuser, token create...)."""
        result = subprocess.run(
            [PYTHON, "-m", "liaison.cli", *args],
            env=self.env(**env),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"liaison {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}"
            )
        return result

    def start(self, name: str, *args: str, **env) -> Proc:
        log = self.workdir / f"{name}.log"
        handle = open(log, "ab")  # noqa: SIM115 (the child keeps it)
        popen = subprocess.Popen(
            [PYTHON, "-m", "liaison.cli", *args],
            env=self.env(**env),
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def serve(self, port: int, *, workers: int = 2, name: str | None = None, **env) -> Proc:
        return self.start(
            name or f"web-{port}",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-migrate",
            "--no-collectstatic",
            WEB_CONCURRENCY=str(workers),
            **env,
        )

    def worker(self, name: str = "worker", *, beat: bool = True, concurrency: int = 1, **env):
        args = [
            "worker",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            f"--hostname={name}@%h",
        ]
        if not beat:
            args.append("--no-beat")
        return self.start(
            name,
            *args,
            CELERY_BEAT_SCHEDULE_FILENAME=str(self.workdir / f"{name}-beat-schedule"),
            **env,
        )

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        self.procs.clear()

    # -- setting up ----------------------------------------------------------------------

    def migrate(self) -> None:
        self.liaison("migrate", "--noinput", "-v0")

    def superuser_token(self, username: str = "admin") -> str:
        self.liaison(
            "createsuperuser",
            "--noinput",
            DJANGO_SUPERUSER_USERNAME=username,
            DJANGO_SUPERUSER_EMAIL=f"{username}@example.org",
            DJANGO_SUPERUSER_PASSWORD=secrets.token_urlsafe(16),
        )
        return self.liaison("token", "create", username).stdout.strip()


def collect_static(stack: Stack) -> None:
    """`liaison collectstatic` into STATIC_ROOT once: whitenoise compresses every file (over
    a minute on a busy 2-core machine), so the stack's processes share one collection and
    are started with --no-collectstatic. Collected again when a static file is newer."""
    manifest = STATIC_ROOT / "staticfiles.json"
    if manifest.exists():
        newest = max(
            (p.stat().st_mtime for p in (ROOT / "src" / "liaison").glob("*/static/**/*")),
            default=0,
        )
        if newest < manifest.stat().st_mtime:
            return
    say(f"collecting static files into {STATIC_ROOT}")
    stack.liaison("collectstatic", "--noinput", "-v0")


def wait_ready(port: int, timeout: float = 90, proc: Proc | None = None) -> None:
    """Until GET /readyz answers 200 (database and broker reachable)."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited:\n{proc.text()[-3000:]}")
        try:
            status, body, _ = request("GET", port, "/readyz", timeout=5)
            if status == 200:
                return
            last = f"{status} {body[:200]!r}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.5)
    raise RuntimeError(f"port {port} not ready after {timeout:.0f} s: {last}")


def wait_for(predicate, timeout: float, what: str, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def request(
    method: str,
    port: int,
    path: str,
    body=None,
    *,
    token: str | None = None,
    headers: dict | None = None,
    timeout: float = 30,
) -> tuple[int, bytes, dict]:
    """One HTTP request to 127.0.0.1:port; JSON in (a dict or list) and the raw body out."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        sent = {"Host": "127.0.0.1", **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if token:
            sent["Authorization"] = f"Token {token}"
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def api(method: str, port: int, path: str, body=None, **kwargs) -> tuple[int, object]:
    status, raw, _ = request(method, port, path, body, **kwargs)
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def create_event(port: int, token: str, slug: str, **fields) -> dict:
    body = {
        "slug": slug,
        "title": {"en": f"Production trial {slug}"},
        "starts_at": "2031-07-15T01:00:00Z",
        "ends_at": "2031-07-15T09:00:00Z",
        "timezone": "Asia/Shanghai",
        "status": "open",
        "registration_open": True,
        "delegations": [{"slug": "cn", "name": {"en": "China"}}],
        **fields,
    }
    status, data = api("POST", port, "/api/v1/events/", body, token=token)
    if status != 201:
        raise RuntimeError(f"POST /api/v1/events/ answered {status}: {data}")
    return data


def registration(n: int, **fields) -> dict:
    return {
        "email": f"delegate{n}@example.org",
        "family_name": "Delegate",
        "given_name": f"No. {n}",
        "mode": "online",
        "language": "en",
        **fields,
    }
