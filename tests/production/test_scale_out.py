"""Stateless scale-out: two `liaison serve` processes and two `liaison worker` processes on
one PostgreSQL database and one Redis. What one web process writes, the other serves at
once: a registration, the item on stage, a rate-limit counter, a badge scan."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from . import stack as st
from .conftest import agenda_items

DB = "prodstack_scale"
REDIS = "redis://127.0.0.1:6379/13"
A, B = 8201, 8202


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    st.recreate_database(DB)
    stack = st.Stack(
        workdir=tmp_path_factory.mktemp("scale"),
        database_url=f"{st.PG_ADMIN.rsplit('/', 1)[0]}/{DB}",
        redis_url=REDIS,
        extra_env={"REGISTRATION_RATE_LIMIT": "3/600"},
    )
    try:
        stack.migrate()
        st.collect_static(stack)
        webs = [stack.serve(A, workers=1), stack.serve(B, workers=1)]
        workers = [stack.worker("worker1", beat=True), stack.worker("worker2", beat=False)]
        for port, web in zip((A, B), webs):
            st.wait_ready(port, timeout=120, proc=web)
        token = stack.superuser_token()
        st.create_event(A, token, "scale", onsite_capacity=100)
        items = agenda_items(stack, "scale")
        yield stack, token, items, workers
    finally:
        stack.stop()
        st.drop_database(DB)
        redis.Redis.from_url(REDIS).flushdb()


def test_what_one_web_process_writes_the_other_serves_at_once(deployment):
    stack, token, items, workers = deployment
    base = "/api/v1/events/scale"

    # A registration made through A is listed by B.
    status, made = st.api("POST", A, f"{base}/registrations/", st.registration(1))
    assert status == 201, made
    status, listed = st.api("GET", B, f"{base}/registrations/", token=token)
    assert status == 200 and [r["id"] for r in listed["results"]] == [made["id"]]
    print(f"registration {made['id']} written through :{A}, listed by :{B}")

    # The item on stage: B has cached the answer, A changes it, B serves the change.
    status, raw, headers = st.request("GET", B, f"{base}/now/")
    assert status == 200 and json.loads(raw)["now"] is None
    for item in items:
        status, body = st.api("PUT", A, f"{base}/now/", {"item": item}, token=token)
        assert status == 200 and body["now"]["id"] == item, body
        status, raw, _ = st.request("GET", B, f"{base}/now/")
        assert json.loads(raw)["now"]["id"] == item
        status, _, _ = st.request("GET", B, f"{base}/now/", headers={"If-None-Match": "x"})
        print(f"item {item} put on stage through :{A}, on stage at :{B}")
    # ... and the ETag that B hands out is the one A hands out.
    etags = {st.request("GET", port, f"{base}/now/")[2]["ETag"] for port in (A, B)}
    assert len(etags) == 1

    # The rate limit (3 per 10 minutes here) is counted together: two more through A, the
    # fourth through B is refused.
    for n in (2, 3):
        assert st.api("POST", A, f"{base}/registrations/", st.registration(n))[0] == 201
    status, raw, headers = st.request("POST", B, f"{base}/registrations/", st.registration(4))
    assert status == 429 and int(headers["Retry-After"]) > 0
    print(f"3 registrations through :{A}; the 4th through :{B} answered 429")

    # A badge scanned at one door and sent again (the desk's sync) through the other is the
    # same check-in, not a second one.
    status, onsite = st.api(
        "POST", A, f"{base}/registrations/", st.registration(5, mode="onsite"), token=token
    )
    assert status == 201 and onsite["badge_code"], onsite
    scan = {"code": onsite["badge_code"], "client_id": str(uuid.uuid4())}
    assert st.api("POST", A, f"{base}/checkins/", scan, token=token)[0] == 201
    assert st.api("POST", B, f"{base}/checkins/", scan, token=token)[0] == 200
    again = {**scan, "client_id": str(uuid.uuid4())}
    assert st.api("POST", B, f"{base}/checkins/", again, token=token)[0] == 409
    print(f"badge scanned through :{A}; the same scan through :{B}: 200, another scan: 409")

    # Every confirmation e-mail was sent by a worker, each exactly once.
    def sent():
        files = [p.read_text(errors="replace") for p in stack.mail_dir.glob("*.log")]
        return len(files) >= 4 and files

    files = st.wait_for(sent, 60, "4 confirmation e-mails")
    for n in (1, 2, 3, 5):
        assert sum(f"delegate{n}@example.org" in text for text in files) == 1
    done = re.compile(r"outbox \d+: registration.send_registration_email done")
    by_worker = [len(done.findall(w.text())) for w in workers]
    assert sum(by_worker) == 4
    print(f"4 e-mails, sent by the workers ({by_worker[0]} and {by_worker[1]})")
