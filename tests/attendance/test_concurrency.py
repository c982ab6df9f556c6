"""Two desks scanning one badge at the same moment, on PostgreSQL: one check-in."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import pytest
from django.db import connection, connections

from liaison.attendance import services
from liaison.attendance.models import CheckIn
from liaison.attendance.services import Outcome
from tests.factories import EventFactory

from .factories import make_registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(event, code, client_ids) -> Counter:
    start = threading.Barrier(len(client_ids))
    outcomes: list[Outcome] = []

    def desk(client_id):
        try:
            start.wait()
            outcomes.append(services.check_in(event, code, client_id=client_id).outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk, args=(cid,)) for cid in client_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(outcomes)


def test_many_desks_one_badge_one_check_in():
    event = EventFactory(slug="race")
    registration = make_registration(event)
    outcomes = race(event, registration.badge_code, [uuid.uuid4() for _ in range(12)])
    assert outcomes == Counter({Outcome.CHECKED_IN: 1, Outcome.ALREADY: 11})
    assert CheckIn.objects.filter(registration=registration).count() == 1


def test_one_scan_sent_many_times_at_once_counts_once():
    event = EventFactory(slug="race")
    registration = make_registration(event)
    scan_id = uuid.uuid4()
    outcomes = race(event, registration.badge_code, [scan_id] * 8)
    assert outcomes == Counter({Outcome.CHECKED_IN: 1, Outcome.REPEAT: 7})
    assert CheckIn.objects.count() == 1
