"""Check-in at the door, measured on PostgreSQL: 1,000 badge scans in a row.

Targets (issue 11): median server time per scan under 20 ms, and 1,000 scans in a row
under 30 s. Three runs over the same database, each on a fresh event of 1,000 approved
on-site registrations:

- ``api``: POST /api/v1/events/{slug}/checkins/ through Django's whole stack in process
  (middleware, token auth, DRF, the rules, the service): the server's time per scan,
  without the network;
- ``service``: ``liaison.attendance.services.check_in`` alone (row lock, idempotency
  check, constraint-guarded insert, audit record);
- ``baseline``: the least a check-in can be, one INSERT and one UPDATE per scan, in
  autocommit, with no lock, no audit and no idempotency: what the safety costs.

Usage: ``python bench/checkin.py [--scans 1000]`` with DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/regdoor_bench; the database is made if missing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regdoor_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-in-production")
os.environ.setdefault("NEWSROOM_SEAL_KEY", "bench-only-seal-key-never-used-in-production")
os.environ.setdefault("HTTPS", "0")  # the bench talks plain HTTP in process
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")

TARGET_MEDIAN_MS = 20.0
TARGET_TOTAL_S = 30.0


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("postgresql"):
        return
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if found.fetchone() is None:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def make_event(label: str, scans: int):
    from datetime import UTC, datetime

    from liaison.events import services as event_services
    from liaison.events.models import Event, Person
    from liaison.registration.models import Registration

    slug = f"bench-{label}-{uuid.uuid4().hex[:8]}"
    event = event_services.create_event(
        slug=slug,
        title={"en": f"Check-in bench {label}"},
        starts_at=datetime(2021, 7, 15, 6, tzinfo=UTC),
        ends_at=datetime(2021, 7, 15, 9, 30, tzinfo=UTC),
        timezone="Asia/Shanghai",
        languages=["en"],
        status=Event.Status.OPEN,
    )
    people = Person.objects.bulk_create(
        Person(family_name_latin=f"Bench{i}", given_name_latin=label, email=f"{slug}-{i}@x.org")
        for i in range(scans)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            person=person,
            email=person.email,
            mode=Registration.Mode.ONSITE,
            status=Registration.Status.APPROVED,
        )
        for person in people
    )
    codes = list(
        Registration.objects.filter(event=event).order_by("pk").values_list("badge_code", flat=True)
    )
    return event, codes


def drop(event) -> None:
    from liaison.events.models import Person

    people = list(Person.objects.filter(registrations__event=event).values_list("pk", flat=True))
    event.delete()
    Person.objects.filter(pk__in=people).delete()


def run_api(event, codes, user) -> list[float]:
    from django.test import Client
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=user)[0].key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = f"/api/v1/events/{event.slug}/checkins/"
    times = []
    for code in codes:
        body = {"code": code, "client_id": str(uuid.uuid4())}
        start, cpu = time.perf_counter(), time.process_time()
        response = client.post(url, body, content_type="application/json")
        times.append((time.perf_counter() - start, time.process_time() - cpu))
        assert response.status_code == 201, response.content
    return times


def run_service(event, codes, user) -> list[float]:
    from liaison.attendance import services

    times = []
    for code in codes:
        start, cpu = time.perf_counter(), time.process_time()
        result = services.check_in(event, code, client_id=uuid.uuid4(), by=user)
        times.append((time.perf_counter() - start, time.process_time() - cpu))
        assert result.outcome == services.Outcome.CHECKED_IN
    return times


def run_baseline(event, codes, user) -> list[float]:
    from django.utils import timezone

    from liaison.attendance.models import CheckIn
    from liaison.registration.models import Registration

    times = []
    for code in codes:
        start, cpu = time.perf_counter(), time.process_time()
        registration = Registration.objects.only("pk").get(event=event, badge_code=code)
        now = timezone.now()
        CheckIn.objects.create(
            registration=registration, client_id=uuid.uuid4(), scanned_at=now, by=user
        )
        Registration.objects.filter(pk=registration.pk).update(checked_in_at=now)
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


def report(label: str, times: list[tuple[float, float]]) -> tuple[float, float]:
    """Wall-clock figures, and the median CPU time of this process (Python's own work,
    without the database's), which tells a loaded machine from a slow code path."""
    ms = sorted(wall * 1000 for wall, _cpu in times)
    cpu = statistics.median(c * 1000 for _wall, c in times)
    median = statistics.median(ms)
    p95 = ms[int(len(ms) * 0.95) - 1]
    total = sum(wall for wall, _cpu in times)
    print(
        f"{label:<9} {len(ms):>6} {median:>10.2f} {p95:>9.2f} {ms[-1]:>9.2f} {total:>10.2f}"
        f" {cpu:>11.2f}",
        flush=True,
    )
    return median, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=1000)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-door", defaults={"is_superuser": True}
    )
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        "load average at start:",
        " ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"({os.cpu_count()} cores)",
    )
    print(f"{args.scans} scans in a row per run, a fresh event of {args.scans} registrations each")
    print(
        f"{'run':<9} {'scans':>6} {'median ms':>10} {'p95 ms':>9} {'max ms':>9} {'total s':>10}",
        f"{'cpu med ms':>11}",
    )
    results = {}
    for label, run in (("api", run_api), ("service", run_service), ("baseline", run_baseline)):
        event, codes = make_event(label, args.scans)
        try:
            run(event, codes[:5], user)  # warm-up: connections, caches, imports
            results[label] = report(label, run(event, codes[5:], user))
        finally:
            drop(event)
    median, total = results["api"]
    scale = args.scans / max(args.scans - 5, 1)
    print(
        f"target    median < {TARGET_MEDIAN_MS:.0f} ms: {median:.2f} ms through the API "
        f"({'met' if median < TARGET_MEDIAN_MS else 'MISSED'}); "
        f"{args.scans} scans < {TARGET_TOTAL_S:.0f} s: {total * scale:.2f} s "
        f"({'met' if total * scale < TARGET_TOTAL_S else 'MISSED'})"
    )
    base_median = results["baseline"][0]
    print(
        f"baseline  the safe check-in costs {results['service'][0] - base_median:+.2f} ms "
        f"(service) and {median - base_median:+.2f} ms (API) per scan over the bare "
        f"INSERT+UPDATE ({base_median:.2f} ms)"
    )
    return 0 if median < TARGET_MEDIAN_MS and total * scale < TARGET_TOTAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
