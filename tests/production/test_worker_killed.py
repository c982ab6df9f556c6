"""Fault: the worker running a scheduling run is killed (SIGKILL to its whole process group,
as the OOM killer or a lost machine would). Printed: what was done and what was lost.

- the solver process dies with it (PR_SET_PDEATHSIG): no solver process is left;
- the run stops beating and is marked failed within MATCHMAKING_HEARTBEAT_TIMEOUT (5 s
  here) by the next status poll (the reaper also runs on beat, every minute);
- the published schedule keeps the very same meeting rows;
- the killed task delivered again (the broker's redelivery of an acks_late task, or the
  outbox's flush once its lease ran out) does nothing to the failed run;
- a new run started afterwards on a fresh worker completes ``done``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from . import stack as st

DB = "workerkill_fault"
REDIS = "redis://127.0.0.1:6379/15"
PORT = 8230
SLUG = "killed"
SIDE = 30  # delegates per side: 600 accepted requests for 6 slots, the solver never idles

SETUP = """
from datetime import datetime, UTC
from liaison.events.models import Event
from liaison.matchmaking import services
from liaison.matchmaking.models import MeetingRequest
from liaison.programme import services as programme
from liaison.registration import services as registration

event = Event.objects.get(slug={slug!r})
programme.create_item(
    event, kind="matchmaking", title={{"en": "B2B meetings"}},
    starts_at=datetime(2031, 7, 15, 6, tzinfo=UTC), ends_at=datetime(2031, 7, 15, 8, tzinfo=UTC),
)
regs = {{}}
for side in ("jp", "cn"):
    for n in range({side}):
        regs[side, n] = registration.register(event, registration.Applicant(
            email=f"{{side}}{{n}}@example.org", family_name=side.upper(), given_name=f"No. {{n}}",
            organisation=f"{{side.upper()}} Company {{n}}", delegation=side, mode="onsite",
            language="en",
        ), notify=False)
services.generate_slots(event, minutes=20)
services.set_tables(event, 10)
for n in range({side}):
    for k in range(10):
        a, _ = services.request_meeting(regs["jp", n], regs["cn", (n + k) % {side}])
        b, _ = services.request_meeting(regs["cn", n], regs["jp", (n + 10 + k) % {side}])
for request in MeetingRequest.objects.filter(event=event, status="pending"):
    services.accept(request)
run = services.start_run(event, time_limit=5)  # inline: this shell has no broker
run.refresh_from_db()
assert run.status == "done", (run.status, run.error)
services.publish_run(run, notify=False)
print("PUBLISHED", run.pk, MeetingRequest.objects.filter(event=event, status="accepted").count())
"""

REDELIVER = """
from liaison.celery import app
app.send_task("core.outbox_execute", args=[{pk}])
print("SENT")
"""


def _solver_processes(group: int) -> set[int]:
    """The scheduler's supervised children of the worker whose process group is ``group``
    (argv: python -m liaison.scheduling.supervisor PARENT), and every process in their own
    groups (the exact solver's helpers)."""
    worker_pids, solvers, by_group = set(), set(), {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            continue  # dead, waiting to be reaped
        pid, pgid = int(entry.name), int(fields[2])
        by_group.setdefault(pgid, set()).add(pid)
        if pgid == group:
            worker_pids.add(pid)
        args = [a for a in argv if a]
        if b"liaison.scheduling.supervisor" in args:
            solvers.add((pid, args[-1]))
    ours = {pid for pid, parent in solvers if parent.isdigit() and int(parent) in worker_pids}
    return ours | {p for pid in ours for p in by_group.get(pid, ())}


def _alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left


def _meetings(run_id: int) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{st.PG_ADMIN.rsplit('/', 1)[0]}/{DB}") as conn:
        return conn.execute(
            "SELECT id, request_id, slot_id, table_id, video_room_id, cancelled_at "
            "FROM matchmaking_meeting WHERE run_id = %s ORDER BY id",
            [run_id],
        ).fetchall()


def _sql(query: str, args=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{st.PG_ADMIN.rsplit('/', 1)[0]}/{DB}") as conn:
        cursor = conn.execute(query, args)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def deployment(tmp_path):
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    st.recreate_database(DB)
    stack = st.Stack(
        workdir=tmp_path / "stack",
        database_url=f"{st.PG_ADMIN.rsplit('/', 1)[0]}/{DB}",
        redis_url=REDIS,
        extra_env={"MATCHMAKING_HEARTBEAT_TIMEOUT": "5"},
    )
    try:
        stack.migrate()
        st.collect_static(stack)
        yield stack
    finally:
        stack.stop()
        st.drop_database(DB)
        redis.Redis.from_url(REDIS).flushdb()


def test_a_worker_killed_during_a_scheduling_run(deployment):
    stack = deployment
    began = time.monotonic()
    web = stack.serve(PORT, workers=1)
    worker = stack.worker("worker1", beat=False)
    st.wait_ready(PORT, timeout=120, proc=web)
    token = stack.superuser_token()
    st.create_event(
        PORT,
        token,
        SLUG,
        delegations=[
            {"slug": "jp", "name": {"en": "Japan"}},
            {"slug": "cn", "name": {"en": "China"}},
        ],
        venue={"en": "Chengdu"},
    )
    out = stack.liaison("shell", "-c", SETUP.format(slug=SLUG, side=SIDE), CELERY_BROKER_URL="")
    published, requests = next(
        map(int, line.split()[1:])
        for line in out.stdout.splitlines()
        if line.startswith("PUBLISHED")
    )
    before = _meetings(published)
    assert before
    print(
        f"published run {published}: {len(before)} meetings of {requests} accepted requests "
        f"({time.monotonic() - began:.0f} s to set up)"
    )

    base = f"/api/v1/events/{SLUG}"
    status, run = st.api("POST", PORT, f"{base}/schedule-runs/", {"time_limit": 600}, token=token)
    assert status == 202, run

    def running():
        body = st.api("GET", PORT, f"{base}/schedule-runs/{run['id']}/", token=token)[1]
        assert body["status"] in ("queued", "running"), body
        return body if body["status"] == "running" and body["progress"] > 0 else None

    seen = st.wait_for(running, 60, "the run to be running with progress")
    solvers = st.wait_for(lambda: _solver_processes(worker.popen.pid), 10, "the solver process")
    print(
        f"run {run['id']} running on worker1 (progress {seen['progress']:.2g}, "
        f"phase {seen['phase']!r}); solver processes {sorted(solvers)}"
    )

    worker.signal(9)  # SIGKILL to the worker's whole process group
    worker.popen.wait(10)
    killed_at = time.monotonic()
    st.wait_for(lambda: not _alive(solvers), 5, "the solver processes to die with the worker")
    print(
        f"worker1 killed (SIGKILL to its group); solver processes left: {sorted(_alive(solvers))}"
    )

    def failed():
        body = st.api("GET", PORT, f"{base}/schedule-runs/{run['id']}/", token=token)[1]
        return body if body["status"] == "failed" else None

    body = st.wait_for(failed, 30, "the run to be marked failed")
    print(
        f"run {run['id']} failed {time.monotonic() - killed_at:.1f} s after the kill: "
        f"{body['error']!r}"
    )
    assert "heartbeat" in body["error"]
    assert _meetings(run["id"]) == []
    assert _meetings(published) == before
    status, listed = st.api("GET", PORT, f"{base}/meetings/", token=token)
    assert status == 200 and listed["count"] == len(before)

    # The killed task, delivered again to a fresh worker: first while the outbox row is still
    # claimed by the dead worker, then as the flush would once that claim ran out.
    fresh = stack.worker("worker2", beat=True)
    [(row,)] = _sql(
        "SELECT id FROM core_outboxtask WHERE task = 'matchmaking.run_schedule' "
        "AND args = %s::jsonb",
        [f"[{run['id']}]"],
    )
    stack.liaison("shell", "-c", REDELIVER.format(pk=row))
    taken = re.compile(r"Task core\.outbox_execute\[[^]]+\] succeeded")
    st.wait_for(lambda: taken.search(fresh.text()), 60, "worker2 to take the redelivered task")
    assert _sql("SELECT done_at FROM core_outboxtask WHERE id = %s", [row]) == [(None,)]
    _sql(
        "UPDATE core_outboxtask SET claimed_at = claimed_at - interval '1 hour', "
        "queued_at = queued_at - interval '1 hour' WHERE id = %s",
        [row],
    )
    stack.liaison("shell", "-c", REDELIVER.format(pk=row))
    st.wait_for(
        lambda: f"outbox {row}: matchmaking.run_schedule done" in fresh.text(),
        60,
        "the task run again once its claim ran out",
    )
    body = st.api("GET", PORT, f"{base}/schedule-runs/{run['id']}/", token=token)[1]
    assert body["status"] == "failed" and "heartbeat" in body["error"], body
    assert _meetings(run["id"]) == [] and _meetings(published) == before
    print(
        f"the killed task (outbox row {row}) delivered twice more to worker2: the run stays "
        "failed, no meeting written, the published schedule unchanged"
    )

    # A new run, started again, completes on the fresh worker.
    status, again = st.api("POST", PORT, f"{base}/schedule-runs/", {"time_limit": 5}, token=token)
    assert status == 202, again

    def finished():
        body = st.api("GET", PORT, f"{base}/schedule-runs/{again['id']}/", token=token)[1]
        return body if body["status"] in ("done", "failed") else None

    done = st.wait_for(finished, 60, "the new run to finish")
    assert done["status"] == "done", done
    drafts = _meetings(again["id"])
    assert drafts and _meetings(published) == before
    status, listed = st.api("GET", PORT, f"{base}/meetings/", token=token)
    assert listed["count"] == len(before)
    assert not _alive(_solver_processes(fresh.popen.pid))
    print(
        f"run {again['id']} started again: done on worker2 ({done['solver_status']}, "
        f"{len(drafts)} draft meetings); published run {published} still has its "
        f"{len(before)} meetings, same rows. Lost: nothing (the killed run's work is redone "
        f"by the new run). Total {time.monotonic() - began:.0f} s"
    )
