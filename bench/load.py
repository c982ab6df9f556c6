"""A mixed load against Liaison's production stack on this machine, from separate processes.

    PYTHONPATH=src:. .venv/bin/python bench/load.py [--seconds 15] [--clients 16] [--workers 3]

Brings up the stack as README.md says (a fresh PostgreSQL database ``prodstack_bench``, Redis
db 13, `liaison migrate`, `liaison demo` for a realistic seminar, `liaison serve` with
WEB_CONCURRENCY=--workers, `liaison worker`), with one bench-only route added by
``bench.load_settings`` (a bare Django view returning a constant). Then, from client
processes (keep-alive HTTP/1.1, closed loop, ``--clients`` connections):

1. each route alone for ``--seconds``: its peak throughput, and that as a ratio to the
   constant view's on the same stack;
2. all routes at once, mixed as an event's traffic is (mostly ``now`` polling and the
   programme, some registrations, scans and agendas): throughput and p50/p99 per route.

Routes: a registration (POST, the API), the public programme page, ``now`` (GET, the API),
a check-in (POST, the API, staff token, a new scan of a demo badge: 201 the first time, 409
after), a delegate's agenda (GET the delegate's meetings, their token). Registrations go to
an open event made through the API (the demo seminar's registration is closed).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import multiprocessing as mp
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production import stack as st  # noqa: E402

PORT = 8206
DB = "prodstack_bench"
REDIS = "redis://127.0.0.1:6379/13"
SLUG = "chengdu-2021"
MIX = {"now": 60, "programme": 20, "agenda": 10, "checkin": 5, "register": 5}


def route_request(name: str, ctx: dict, n: int):
    """(method, path, body, headers) of request number ``n`` of route ``name``."""
    api = f"/api/v1/events/{SLUG}"
    if name == "constant":
        return "GET", "/bench/constant/", None, {}
    if name == "now":
        return "GET", f"{api}/now/", None, {}
    if name == "programme":
        return "GET", f"/en/{SLUG}/programme/", None, {}
    if name == "agenda":
        return "GET", f"{api}/meetings/", None, {"Authorization": f"Token {ctx['delegate']}"}
    if name == "checkin":
        code = ctx["codes"][n % len(ctx["codes"])]
        body = {"code": code, "client_id": str(uuid.uuid4())}
        return "POST", f"{api}/checkins/", body, {"Authorization": f"Token {ctx['staff']}"}
    if name == "register":
        email = f"load-{ctx['tag']}-{n}@example.org"
        body = {"email": email, "family_name": "Load", "given_name": str(n), "mode": "online"}
        # The demo seminar was held in 2021 (registration closed): an open event.
        return "POST", f"/api/v1/events/{ctx['open']}/registrations/", body, {}
    raise ValueError(name)


def client(names, ctx, seconds, out, seed):
    """One client process: a keep-alive connection, requests back to back for ``seconds``."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    weights = list(itertools.chain.from_iterable([n] * MIX.get(n, 1) for n in names))
    samples = []
    counter = itertools.count(seed * 1_000_000)
    end = time.perf_counter() + seconds
    i = seed
    while time.perf_counter() < end:
        name = weights[i % len(weights)]
        i += 7
        method, path, body, headers = route_request(name, ctx, next(counter))
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Host": "127.0.0.1", **headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        t0 = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            status = 0
        samples.append((name, time.perf_counter() - t0, status))
    out.put(samples)


def run(names, ctx, seconds, clients):
    out = mp.Queue()
    procs = [mp.Process(target=client, args=(names, ctx, seconds, out, k)) for k in range(clients)]
    for p in procs:
        p.start()
    samples = [s for _ in procs for s in out.get()]
    for p in procs:
        p.join()
    table = {}
    for name in names:
        times = sorted(t for n, t, _ in samples if n == name)
        statuses = sorted({s for n, _, s in samples if n == name})
        if not times:
            continue
        table[name] = {
            "requests": len(times),
            "per_second": len(times) / seconds,
            "p50_ms": 1000 * times[len(times) // 2],
            "p99_ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.99))],
            "statuses": statuses,
        }
    return table


def prepare(stack: st.Stack) -> dict:
    import psycopg

    stack.migrate()
    st.say("liaison demo (the Chengdu seminar)")
    stack.liaison("demo")
    st.collect_static(stack)
    with psycopg.connect(stack.database_url) as conn:
        codes = [
            r[0]
            for r in conn.execute(
                "SELECT badge_code FROM registration_registration r JOIN events_event e "
                "ON e.id = r.event_id WHERE e.slug = %s AND r.badge_code <> '' "
                "AND r.status = 'approved' AND r.mode = 'onsite'",
                [SLUG],
            )
        ]
        # A delegate with an account, the one who asked for most meetings.
        delegate = conn.execute(
            "SELECT u.username FROM registration_registration r "
            "JOIN events_person p ON p.id = r.person_id JOIN auth_user u ON u.id = p.user_id "
            "JOIN events_event e ON e.id = r.event_id WHERE e.slug = %s "
            "AND r.status = 'approved' ORDER BY (SELECT count(*) FROM "
            "matchmaking_meetingrequest q WHERE q.requester_id = r.id) DESC LIMIT 1",
            [SLUG],
        ).fetchone()
    staff = stack.superuser_token("benchstaff")
    return {
        "codes": codes,
        "staff": staff,
        "delegate": stack.liaison("token", "create", delegate[0]).stdout.strip(),
        "tag": uuid.uuid4().hex[:6],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3, help="WEB_CONCURRENCY")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import redis

    redis.Redis.from_url(REDIS).flushdb()
    st.recreate_database(DB)
    stack = st.Stack(
        workdir=Path(os.environ.get("TMPDIR", "/tmp")) / "liaison-load",
        database_url=f"{st.PG_ADMIN.rsplit('/', 1)[0]}/{DB}",
        redis_url=REDIS,
        extra_env={"REGISTRATION_RATE_LIMIT": "0/60"},
    )
    try:
        ctx = prepare(stack)
        web = stack.serve(PORT, workers=args.workers, DJANGO_SETTINGS_MODULE="bench.load_settings")
        stack.worker("worker", beat=True)
        st.wait_ready(PORT, timeout=120, proc=web)
        ctx["open"] = st.create_event(PORT, ctx["staff"], "load-open")["slug"]
        for name in ("constant", *MIX):  # warm every worker's imports and caches
            for k in range(args.workers * 2):
                method, path, body, headers = route_request(name, ctx, 10**8 + k)
                st.request(method, PORT, path, body, headers=headers)
        st.say(
            f"{len(ctx['codes'])} badges; {args.clients} client processes, {args.seconds:.0f} s "
            f"per run; gunicorn WEB_CONCURRENCY={args.workers}; {os.cpu_count()} cores"
        )
        alone = {}
        for name in ("constant", *MIX):
            alone[name] = run([name], ctx, args.seconds, args.clients)[name]
            st.say(f"{name} alone: {alone[name]['per_second']:.0f}/s")
        mixed = run(list(MIX), ctx, args.seconds, args.clients)
    finally:
        stack.stop()
        st.drop_database(DB)

    base = alone["constant"]["per_second"]
    print()
    print(
        "| route | alone: req/s | vs constant | p50 ms | p99 ms "
        "| mixed: req/s | p50 ms | p99 ms | statuses |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    labels = {
        "constant": "bare Django view (constant)",
        "now": "GET now (API)",
        "programme": "public programme page",
        "agenda": "a delegate's agenda (API)",
        "checkin": "check-in POST (API)",
        "register": "registration POST (API)",
    }
    for name in ("constant", *MIX):
        a, m = alone[name], mixed.get(name)
        mixed_cells = (
            f"{m['per_second']:.0f} | {m['p50_ms']:.0f} | {m['p99_ms']:.0f}" if m else "- | - | -"
        )
        print(
            f"| {labels[name]} | {a['per_second']:.0f} | {a['per_second'] / base:.2f} | "
            f"{a['p50_ms']:.0f} | {a['p99_ms']:.0f} | {mixed_cells} | "
            f"{','.join(map(str, sorted(set(a['statuses']) | set(m['statuses'] if m else []))))} |"
        )
    total = sum(m["per_second"] for m in mixed.values())
    print(f"\nmixed total: {total:.0f} requests/s")
    if args.json:
        args.json.write_text(json.dumps({"alone": alone, "mixed": mixed}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
