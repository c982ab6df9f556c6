"""500 concurrent registrations at a 200-seat event, through the REST API, on PostgreSQL.

Every request is a real ``POST /api/v1/events/{slug}/registrations/`` handled by Django
(DRF's test client, one thread and one database connection per worker), anonymous, with the
rate limit turned off for the run. Afterwards 50 seat holders withdraw at once and the
waiting list must fill exactly the freed seats. Printed beside the figures they must equal.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME \\
        PYTHONPATH=src python bench/registration.py [--requests 500] [--seats 200] [--workers 32]

The database is migrated first; the bench's event (slug ``bench-registration-<time>``) is
deleted at the end with its registrations (the people and accounts stay).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from statistics import median

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-in-production")
os.environ.setdefault("NEWSROOM_SEAL_KEY", "bench-only-seal-key-never-used-in-production")
os.environ.setdefault("HTTPS", "0")  # the bench talks plain HTTP in process
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ["REGISTRATION_RATE_LIMIT"] = "0/60"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seats", type=int, default=200)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--withdraw", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from rest_framework.test import APIClient

    if connection.vendor != "postgresql":
        print("bench/registration.py needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    call_command("migrate", verbosity=0)

    from liaison.events import services as event_services
    from liaison.events.models import Event
    from liaison.registration import services
    from liaison.registration.models import Registration

    for stale in Event.objects.filter(slug__startswith="bench-registration-"):
        event_services.delete_event(stale)  # left by an interrupted run
    stamp = int(time.time())
    slug = f"bench-registration-{stamp}"
    start = datetime(2027, 7, 15, 6, tzinfo=UTC)
    event = event_services.create_event(
        slug=slug,
        title={"en": "Registration bench"},
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        timezone="Asia/Shanghai",
        venue={"en": "Hall"},
        status="open",
        registration_open=True,
        onsite_capacity=args.seats,
    )
    url = f"/api/v1/events/{slug}/registrations/"

    def register(n: int):
        client = APIClient()
        began = time.perf_counter()
        try:
            response = client.post(
                url,
                {
                    "email": f"bench{stamp}-{n}@example.org",
                    "family_name": "王",
                    "given_name": f"测{n}",
                    "family_name_latin": "Wang",
                    "given_name_latin": f"Ce{n}",
                    "mode": "onsite",
                    "language": "zh-hans",
                },
                format="json",
                secure=True,  # production settings redirect plain HTTP to HTTPS
            )
            return response.status_code, response.json().get("status"), time.perf_counter() - began
        finally:
            connections.close_all()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(register, range(args.requests)))
    elapsed = time.perf_counter() - began

    codes = {code: sum(1 for c, _s, _t in results if c == code) for code, _s, _t in results}
    taken = services.seats_taken(event, "onsite")
    waitlisted = Registration.objects.filter(event=event, status="waitlisted").count()
    expected_wait = max(args.requests - args.seats, 0)
    latencies = sorted(t for _c, _s, t in results)
    print(f"{args.requests} concurrent registrations, {args.workers} workers, {args.seats} seats")
    print(f"  HTTP status counts: {codes}")
    print(f"  seats taken: {taken}   (must be {min(args.seats, args.requests)})")
    print(f"  waitlisted:  {waitlisted}   (must be {expected_wait})")
    print(
        f"  time: {elapsed:.2f} s in all, {args.requests / elapsed:.0f} registrations/s; "
        f"per request median {median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms"
    )

    holders = list(Registration.objects.filter(event=event, status="approved")[: args.withdraw])

    def withdraw(registration):
        try:
            services.withdraw(registration)
        finally:
            connections.close_all()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(args.workers, len(holders) or 1)) as pool:
        list(pool.map(withdraw, holders))
    withdrawn_time = time.perf_counter() - began
    taken_after = services.seats_taken(event, "onsite")
    waitlisted_after = Registration.objects.filter(event=event, status="waitlisted").count()
    print(f"{len(holders)} concurrent withdrawals ({withdrawn_time:.2f} s)")
    print(f"  seats taken: {taken_after}   (must be {min(args.seats, args.requests)})")
    print(f"  waitlisted:  {waitlisted_after}   (must be {max(expected_wait - len(holders), 0)})")
    ok = (
        taken == min(args.seats, args.requests)
        and waitlisted == expected_wait
        and taken_after == taken
        and waitlisted_after == max(expected_wait - len(holders), 0)
    )
    event_services.delete_event(event)
    print("OK: no overbooking" if ok else "FAILED: the counts differ")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
