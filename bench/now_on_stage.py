"""Benchmark of ``GET /api/v1/events/{slug}/now/`` served as in production; every figure is
measured in the run that prints it.

The server is ``liaison serve`` (gunicorn) on PostgreSQL with the Redis cache, started by
this script in its own process group with ``DJANGO_SETTINGS_MODULE=bench.now_settings``
(``liaison.settings`` whose URLconf adds the bench-only ``/bench/constant/``: a bare Django
view returning a constant, the baseline, which goes through the whole middleware stack;
the ``now`` read is answered by ``liaison.programme.middleware.NowMiddleware`` after the
security headers, as in production). The load comes from this process (asyncio, a
minimal HTTP/1.1 client from the standard library), never from the server's processes.

For each gunicorn setting (``--configs``, e.g. ``gthread:3x8,gthread:2x4,sync:5``):

1. Viewers (open loop): ``--viewers`` viewers poll ``now`` once per ``--interval`` seconds
   with jittered starts (2,000 / 5 s = 400 requests per second offered), each on a new
   connection, with the ETag of its previous answer in ``If-None-Match`` (so 304 after the
   first poll), for ``--duration`` seconds. Latency of a poll = from the time it was due
   to its last byte (a late client start counts against the figure: no coordinated
   omission). Target: p99 < 50 ms.
2. Peak throughput (closed loop): ``--concurrency`` connections ask as fast as they can,
   keep-alive when the server allows it; ``now`` (with If-None-Match, as viewers ask) and
   the constant view alternate in ``--rounds`` windows of ``--peak-seconds`` each, so that
   the shared machine's load falls on both alike. Target: now / constant >= 0.8.

Server CPU per request (the workers' user + system time over the requests answered) is
printed too: unlike throughput it hardly depends on what else runs on the machine.

    PYTHONPATH=src:. .venv/bin/python bench/now_on_stage.py \\
        --database-url postgres://postgres@127.0.0.1:5432/liaison_bench \\
        --redis-url redis://127.0.0.1:6379/9 [--port 8170] [--viewers 2000] [--interval 5]
        [--duration 40] [--peak-seconds 5] [--rounds 3] [--concurrency 32]
        [--configs gthread:3x8,gthread:2x4,sync:5] [--json FILE]

The database gets the demo seminar (``liaison demo``) if it holds no event, and the
seminar's first item goes on stage; a database holding other events is refused. Only
127.0.0.1 is ever asked; the script stops by itself and kills the gunicorn process group
on exit, on an error and on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only host this script ever connects to
DEMO_SLUG = "chengdu-2021"
CONSTANT_PATH = "/bench/constant/"
P99_TARGET_MS = 50.0
RATIO_TARGET = 0.8


def now_path(slug: str) -> str:
    return f"/api/v1/events/{slug}/now/"


# --- statistics -----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between the closest ranks
    (NumPy's default); NaN for no values."""
    if not values:
        return math.nan
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0 and 100, not {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(latencies: list[float]) -> dict:
    """Count, p50, p90, p99 and max of latencies in seconds, as milliseconds."""
    return {
        "count": len(latencies),
        "p50_ms": percentile(latencies, 50) * 1000,
        "p90_ms": percentile(latencies, 90) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies) * 1000 if latencies else math.nan,
    }


# --- a minimal HTTP/1.1 client (asyncio streams) --------------------------------------------


class HttpError(Exception):
    pass


@dataclass
class Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def close(self) -> None:
        self.writer.close()


async def connect(port: int) -> Connection:
    reader, writer = await asyncio.open_connection(HOST, port)
    return Connection(reader, writer)


async def get(
    conn: Connection, port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes, bool]:
    """GET ``path`` on ``conn``: (status, headers in lower case, body, keep-alive)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}", "Accept-Language: en"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    conn.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    head = await conn.reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise HttpError(f"not an HTTP/1.x answer: {status_line!r}")
    status = int(parts[1])
    found = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            found[name.strip().lower()] = value.strip()
    if status in (204, 304) or 100 <= status < 200:
        body = b""
    elif "content-length" in found:
        body = await conn.reader.readexactly(int(found["content-length"]))
    elif found.get("transfer-encoding", "").lower() == "chunked":
        raise HttpError("chunked answers are not expected here")
    else:
        body = await conn.reader.read()  # until the server closes
        return status, found, body, False
    closing = found.get("connection", "").lower() == "close"
    closing = closing or "connection: close" in "\r\n".join(lines).lower()
    return status, found, body, not closing


# --- phase 1: viewers polling (open loop) ---------------------------------------------------


@dataclass
class OpenLoopResult:
    latencies: list[float] = field(default_factory=list)  # due -> last byte, seconds
    start_lags: list[float] = field(default_factory=list)  # due -> request sent, seconds
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    offered: int = 0
    seconds: float = 0.0


async def open_loop(
    port: int,
    path: str,
    *,
    viewers: int,
    interval: float,
    duration: float,
    timeout: float = 10.0,
    seed: int = 0,
) -> OpenLoopResult:
    """``viewers`` viewers each poll ``path`` every ``interval`` s (first poll at a random
    moment of the first interval) until ``duration`` s have passed; a new connection per
    poll; If-None-Match with the last ETag seen."""
    rng = random.Random(seed)
    result = OpenLoopResult()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    end = start + duration

    async def viewer(offset: float) -> None:
        etag = None
        due = start + offset
        while due < end:
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            result.offered += 1
            sent = loop.time()
            result.start_lags.append(sent - due)
            conn = None
            try:
                async with asyncio.timeout(timeout):
                    conn = await connect(port)
                    headers = {"Connection": "close"}
                    if etag:
                        headers["If-None-Match"] = etag
                    status, found, _body, _keep = await get(conn, port, path, headers)
                done = loop.time()
                result.statuses[status] += 1
                if status in (200, 304):
                    result.latencies.append(done - due)
                    etag = found.get("etag", etag)
                else:
                    result.errors[f"HTTP {status}"] += 1
            except (TimeoutError, OSError, asyncio.IncompleteReadError, HttpError) as exc:
                result.errors[type(exc).__name__] += 1
            finally:
                if conn is not None:
                    conn.close()
            # A viewer whose poll took longer than the interval asks again at once.
            due = max(due + interval, loop.time())

    tasks = [asyncio.create_task(viewer(rng.uniform(0, interval))) for _ in range(viewers)]
    await asyncio.gather(*tasks)
    result.seconds = loop.time() - start
    return result


# --- phase 2: peak throughput (closed loop) -------------------------------------------------


@dataclass
class ClosedLoopResult:
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    connections: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def closed_loop(
    port: int,
    path: str,
    *,
    concurrency: int,
    seconds: float,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> ClosedLoopResult:
    """``concurrency`` clients ask ``path`` back to back for ``seconds``; a connection is
    reused while the server keeps it alive. Counts 200 and 304 answers only."""
    result = ClosedLoopResult()
    loop = asyncio.get_running_loop()
    start = loop.time()
    end = start + seconds

    async def client() -> None:
        conn = None
        while loop.time() < end:
            try:
                async with asyncio.timeout(timeout):
                    if conn is None:
                        conn = await connect(port)
                        result.connections += 1
                    status, _found, _body, keep = await get(conn, port, path, headers)
                result.statuses[status] += 1
                if status in (200, 304):
                    result.requests += 1
                else:
                    result.errors[f"HTTP {status}"] += 1
            except (TimeoutError, OSError, asyncio.IncompleteReadError, HttpError) as exc:
                result.errors[type(exc).__name__] += 1
                keep = False
            if not keep and conn is not None:
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    result.seconds = loop.time() - start
    return result


# --- the server: `liaison serve` in its own process group -----------------------------------


@dataclass(frozen=True)
class ServerConfig:
    """A gunicorn setting: ``sync:5`` (5 sync workers) or ``gthread:2x4`` (2 workers of 4
    threads)."""

    worker_class: str
    workers: int
    threads: int = 1

    @classmethod
    def parse(cls, text: str) -> ServerConfig:
        kind, _, count = text.partition(":")
        try:
            if kind == "sync":
                return cls("sync", int(count))
            if kind == "gthread":
                workers, _, threads = count.partition("x")
                return cls("gthread", int(workers), int(threads or 1))
        except ValueError:
            pass
        raise argparse.ArgumentTypeError(
            f"not a gunicorn setting: {text!r} (use sync:WORKERS or gthread:WORKERSxTHREADS)"
        )

    @property
    def label(self) -> str:
        if self.worker_class == "gthread":
            return f"gthread {self.workers}x{self.threads}"
        return f"sync {self.workers}"

    def gunicorn_args(self) -> str:
        # `liaison serve` passes --workers (WEB_CONCURRENCY) itself; the worker class and
        # threads come through gunicorn's own GUNICORN_CMD_ARGS.
        if self.worker_class == "gthread":
            return f"--worker-class gthread --threads {self.threads}"
        return "--worker-class sync"


def python() -> str:
    return sys.executable


def base_env(args, tmp: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "GUNICORN_CMD_ARGS", "DJANGO_SETTINGS_MODULE", "LIAISON_TESTING")
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="bench.now_settings",
        SECRET_KEY=secrets.token_urlsafe(32),
        NEWSROOM_SEAL_KEY=secrets.token_hex(32),
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        HTTPS="0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LIAISON_VAR_DIR=str(tmp / "var"),
        LOG_LEVEL="WARNING",
    )
    return env


def start_server(config: ServerConfig, port: int, env: dict, log: Path) -> subprocess.Popen:
    env = dict(env, WEB_CONCURRENCY=str(config.workers), GUNICORN_CMD_ARGS=config.gunicorn_args())
    with open(log, "ab") as out:
        return subprocess.Popen(
            [
                python(),
                "-m",
                "liaison.cli",
                "serve",
                "--bind",
                f"{HOST}:{port}",
                "--no-migrate",
                "--no-collectstatic",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as one
        )


def stop_server(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM to the server's process group (gunicorn stops its workers), SIGKILL to what is
    left after ``grace`` seconds."""
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()
            if not _group_alive(pgid):
                return
            time.sleep(0.05)
    proc.poll()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Zombies of the group count as gone.
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


async def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {proc.returncode}); see its log")
        try:
            conn = await connect(port)
            try:
                status, *_ = await get(conn, port, "/healthz", {"Connection": "close"})
            finally:
                conn.close()
            if status == 200:
                return
        except (OSError, asyncio.IncompleteReadError, HttpError):
            pass
        await asyncio.sleep(0.25)
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")


def server_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of the live processes of the group (the gunicorn workers
    and their master)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


# --- set-up: the demo seminar and an item on stage (a Django subprocess) --------------------


def setup_database() -> dict:
    """Runs in a subprocess with Django: migrate, the demo seminar if the database is empty,
    its first item on stage, collectstatic. Returns {"slug", "item", "collectstatic_s"}."""
    import django

    django.setup()
    from django.core.management import call_command

    from liaison.events.demo import load_demo
    from liaison.events.models import Event
    from liaison.programme import services
    from liaison.programme.models import AgendaItem

    call_command("migrate", interactive=False, verbosity=0)
    slugs = set(Event.objects.values_list("slug", flat=True))
    if not slugs:
        load_demo(seed=2021, stdout=open(os.devnull, "w"))  # noqa: SIM115
    elif slugs != {DEMO_SLUG}:
        raise SystemExit(
            "the database holds events other than the demo seminar; give the bench a "
            "database of its own (--database-url)"
        )
    event = Event.objects.get(slug=DEMO_SLUG)
    items = list(AgendaItem.objects.filter(event=event).order_by("starts_at", "position", "id"))
    sequence = services.stage_sequence(items)
    if not sequence:
        raise SystemExit("the demo seminar has no programme to put on stage")
    services.set_now(event, sequence[0])
    # Once for every setting: the servers start with --no-collectstatic.
    started = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    return {
        "slug": event.slug,
        "item": sequence[0].pk,
        "collectstatic_s": round(time.monotonic() - started, 1),
    }


def run_setup(env: dict) -> dict:
    done = subprocess.run(
        [python(), str(Path(__file__).resolve()), "--setup"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"set-up failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- one gunicorn setting, both phases ------------------------------------------------------


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


async def warm_up(port: int, paths: list[str], concurrency: int) -> None:
    for path in paths:
        await closed_loop(port, path, concurrency=concurrency, seconds=1.0)


async def bench_config(config: ServerConfig, args, env: dict, slug: str, log: Path) -> dict:
    path = now_path(slug)
    proc = start_server(config, args.port, env, log)
    try:
        started = time.monotonic()
        await wait_ready(args.port, proc)
        pgid = os.getpgid(proc.pid)
        boot = time.monotonic() - started
        await warm_up(args.port, [path, CONSTANT_PATH], min(args.concurrency, 16))
        # The answer the viewers get, and its ETag for the peak phase.
        conn = await connect(args.port)
        try:
            status, found, body, _ = await get(conn, args.port, path, {"Connection": "close"})
        finally:
            conn.close()
        if status != 200 or "etag" not in found:
            raise RuntimeError(f"{path} answered {status} without an ETag: {body[:200]!r}")
        etag = found["etag"]

        load_before = _load()
        cpu0, client0 = server_cpu_seconds(pgid), time.process_time()
        viewers = await open_loop(
            args.port,
            path,
            viewers=args.viewers,
            interval=args.interval,
            duration=args.duration,
            seed=args.seed,
        )
        cpu1, client1 = server_cpu_seconds(pgid), time.process_time()
        answered = sum(viewers.statuses.values())

        peaks: dict[str, ClosedLoopResult] = {
            "now": ClosedLoopResult(),
            "constant": ClosedLoopResult(),
        }
        cpu: dict[str, float] = {"now": 0.0, "constant": 0.0}
        targets = {
            "now": (path, {"If-None-Match": etag}),
            "constant": (CONSTANT_PATH, None),
        }
        order = ["constant", "now"]
        for round_ in range(args.rounds):
            for name in order if round_ % 2 == 0 else order[::-1]:
                target, headers = targets[name]
                c0 = server_cpu_seconds(pgid)
                part = await closed_loop(
                    args.port,
                    target,
                    concurrency=args.concurrency,
                    seconds=args.peak_seconds,
                    headers=headers,
                )
                cpu[name] += server_cpu_seconds(pgid) - c0
                total = peaks[name]
                total.requests += part.requests
                total.seconds += part.seconds
                total.statuses.update(part.statuses)
                total.errors.update(part.errors)
                total.connections += part.connections
        lat = summarize(viewers.latencies)
        return {
            "config": config.label,
            "workers": config.workers,
            "threads": config.threads,
            "boot_s": boot,
            "load_at_start": load_before,
            "load_at_end": _load(),
            "viewers": {
                **lat,
                "offered": viewers.offered,
                "offered_per_s": viewers.offered / viewers.seconds,
                "statuses": dict(viewers.statuses),
                "errors": dict(viewers.errors),
                "start_lag_p99_ms": percentile(viewers.start_lags, 99) * 1000,
                "server_cpu_ms_per_req": 1000 * (cpu1 - cpu0) / max(answered, 1),
                "client_cpu_s": client1 - client0,
                "seconds": viewers.seconds,
            },
            "peak": {
                name: {
                    "requests": r.requests,
                    "seconds": r.seconds,
                    "rate": r.rate,
                    "statuses": dict(r.statuses),
                    "errors": dict(r.errors),
                    "connections": r.connections,
                    "server_cpu_ms_per_req": 1000 * cpu[name] / max(r.requests, 1),
                }
                for name, r in peaks.items()
            },
            "ratio": peaks["now"].rate / peaks["constant"].rate if peaks["constant"].rate else 0,
        }
    finally:
        stop_server(proc)


# --- report ---------------------------------------------------------------------------------


def _ok(passed: bool) -> str:
    return "yes" if passed else "NO"


def report(results: list[dict], args, facts: dict) -> str:
    lines = [
        f"now on stage: GET {now_path(facts['slug'])} (item {facts['item']} on stage)",
        f"machine: {facts['cores']} cores, Python {facts['python']}, gunicorn "
        f"{facts['gunicorn']}, PostgreSQL + Redis on 127.0.0.1; load average (1/5/15 min) "
        f"at start {facts['load_start']}, at end {facts['load_end']}",
        f"viewers: {args.viewers} polling every {args.interval:g} s with If-None-Match, "
        f"{args.duration:g} s, new connection per poll; peak: {args.concurrency} connections, "
        f"{args.rounds} x {args.peak_seconds:g} s per view, alternating",
        "",
        "| gunicorn | polls | offered/s | p50 ms | p99 ms (target < 50) | errors | "
        "now peak/s | constant peak/s (baseline) | ratio (target >= 0.8) | "
        "server CPU ms/req now / constant | load 1 min |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        v, p = r["viewers"], r["peak"]
        errors = sum(v["errors"].values()) + sum(sum(x["errors"].values()) for x in p.values())
        lines.append(
            f"| {r['config']} | {v['count']:,} | {v['offered_per_s']:.0f} | "
            f"{v['p50_ms']:.1f} | {v['p99_ms']:.1f} ({_ok(v['p99_ms'] < P99_TARGET_MS)}) | "
            f"{errors} | {p['now']['rate']:,.0f} | {p['constant']['rate']:,.0f} | "
            f"{r['ratio']:.2f} ({_ok(r['ratio'] >= RATIO_TARGET)}) | "
            f"{p['now']['server_cpu_ms_per_req']:.2f} / "
            f"{p['constant']['server_cpu_ms_per_req']:.2f} | "
            f"{r['load_at_start'].split('/')[0]} |"
        )
    lines.append("")
    for r in results:
        v = r["viewers"]
        lines.append(
            f"{r['config']}: boot {r['boot_s']:.1f} s; viewers' statuses {v['statuses']}, "
            f"errors {v['errors'] or 'none'}, p90 {v['p90_ms']:.1f} ms, max "
            f"{v['max_ms']:.1f} ms, client start lag p99 {v['start_lag_p99_ms']:.1f} ms, "
            f"server CPU {v['server_cpu_ms_per_req']:.2f} ms/poll; peak statuses now "
            f"{r['peak']['now']['statuses']}, constant {r['peak']['constant']['statuses']}"
        )
    best = best_config(results)
    if best is not None:
        lines.append(
            f"best setting: {best['config']} (the highest `now` peak among those meeting "
            "the p99 target, else the lowest p99)"
        )
    return "\n".join(lines)


def best_config(results: list[dict]) -> dict | None:
    if not results:
        return None
    meeting = [r for r in results if r["viewers"]["p99_ms"] < P99_TARGET_MS]
    if meeting:
        return max(meeting, key=lambda r: r["peak"]["now"]["rate"])
    return min(results, key=lambda r: r["viewers"]["p99_ms"])


# --- main -----------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--viewers", type=int, default=2000)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--peak-seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--configs",
        type=lambda s: [ServerConfig.parse(x) for x in s.split(",") if x],
        default=[ServerConfig.parse(x) for x in ("gthread:3x8", "gthread:2x4", "sync:5")],
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.setup:
        return args
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url postgres://... is required (a database of the bench's own)")
    if not args.redis_url.startswith("redis://"):
        parser.error("--redis-url redis://... is required (`now` is cached in Redis)")
    limits = [
        (args.viewers, 1, 20000, "--viewers"),
        (args.duration, 1, 600, "--duration"),
        (args.peak_seconds, 0.5, 120, "--peak-seconds"),
        (args.rounds, 1, 20, "--rounds"),
        (args.concurrency, 1, 1000, "--concurrency"),
    ]
    for value, low, high, name in limits:
        if not low <= value <= high:
            parser.error(f"{name} must be within {low} and {high}")
    return args


def _raise_fd_limit(need: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))


async def amain(args) -> int:
    import importlib.metadata

    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    _raise_fd_limit(args.viewers + args.concurrency + 256)
    with tempfile.TemporaryDirectory(prefix="bench-now-") as tmp_name:
        tmp = Path(tmp_name)
        env = base_env(args, tmp)
        load_start = _load()
        facts = run_setup(env)
        facts.update(
            cores=os.cpu_count(),
            python=sys.version.split()[0],
            gunicorn=importlib.metadata.version("gunicorn"),
            load_start=load_start,
        )
        log = tmp / "server.log"
        results = []
        for config in args.configs:
            print(f"... {config.label} (load {_load()})", file=sys.stderr, flush=True)
            try:
                results.append(await bench_config(config, args, env, facts["slug"], log))
            except RuntimeError as exc:
                tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
                print(f"{config.label}: {exc}\n{tail}", file=sys.stderr)
                return 1
        facts["load_end"] = _load()
    print(report(results, args, facts))
    if args.json:
        args.json.write_text(json.dumps({"facts": facts, "results": results}, indent=2))
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.setup:
        print(json.dumps(setup_database()))
        return 0
    # Ctrl-C and SIGTERM cancel the run, which unwinds through bench_config's `finally`:
    # that kills the server's process group.
    try:
        return asyncio.run(amain(args))
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("interrupted; the server was stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
