"""No overbooking under concurrency: many registrations at once at a nearly full event.

Runs on PostgreSQL only (each thread has its own connection and transaction, and the event's
row lock is what serialises them). SQLite has one writer at a time for the whole database
and Django's test SQLite database is in memory per connection, so the race cannot be staged
there; the capacity rule itself is tested on both in test_services.py.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from liaison.core.errors import Conflict
from liaison.registration import services
from liaison.registration.models import Registration
from tests.factories import EventFactory

from .helpers import applicant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent transactions on separate connections "
        "(SQLite's in-memory test database is one connection, one writer)",
    ),
]


def _register_many(event, numbers, mode="onsite"):
    def one(n):
        try:
            return services.register(event, applicant(n, mode=mode, delegation="", areas=()))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(one, numbers))


def test_many_concurrent_registrations_never_overbook_and_withdrawals_promote():
    event = EventFactory(slug="rush", registration_open=True, onsite_capacity=25)
    _register_many(event, range(1000, 1020))  # 20 of 25 seats taken
    assert services.seats_taken(event, "onsite") == 20

    results = _register_many(event, range(1, 61))  # 60 at once for the last 5 seats

    assert sum(r.status == "approved" for r in results) == 5
    assert sum(r.status == "waitlisted" for r in results) == 55
    assert services.seats_taken(event, "onsite") == 25

    # Withdraw 10 seat holders at once: 10 promoted from the waiting list, never more.
    holders = list(Registration.objects.filter(event=event, status="approved")[:10])

    def withdraw(registration):
        try:
            return services.withdraw(registration)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(withdraw, holders))
    assert services.seats_taken(event, "onsite") == 25
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 45
    assert Registration.objects.filter(event=event, status="withdrawn").count() == 10


def test_the_same_email_at_once_registers_once():
    event = EventFactory(slug="twice", registration_open=True)

    def one(_n):
        try:
            return services.register(event, applicant(7, delegation="", areas=()))
        except Conflict:
            return None
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(8)))
    assert sum(r is not None for r in results) == 1
    assert Registration.objects.filter(event=event).count() == 1
