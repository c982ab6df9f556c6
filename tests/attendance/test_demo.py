"""The attendance part of the demo: check-ins and joins for the demo's registrations."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from liaison.attendance.demo import extend_demo
from liaison.attendance.models import CheckIn, OnlineVisit
from liaison.attendance.selectors import attended

from .factories import make_registration

pytestmark = pytest.mark.django_db


def test_without_registrations_the_demo_adds_nothing(event):
    extend_demo(event, SimpleNamespace(rng=random.Random(1)))
    assert CheckIn.objects.count() == 0 and OnlineVisit.objects.count() == 0


def test_the_demo_checks_most_in_and_is_deterministic(event):
    onsite = [make_registration(event) for _ in range(20)]
    online = [make_registration(event, mode="online") for _ in range(5)]
    make_registration(event, status="pending")
    extend_demo(event, SimpleNamespace(rng=random.Random(2021)))
    assert CheckIn.objects.count() == 17
    assert OnlineVisit.objects.count() == 4
    assert attended(event) == 21
    assert all(
        c.scanned_at < event.starts_at + (event.ends_at - event.starts_at)
        for c in CheckIn.objects.all()
    )
    assert {c.registration_id for c in CheckIn.objects.all()} <= {r.pk for r in onsite}
    assert {v.registration_id for v in OnlineVisit.objects.all()} <= {r.pk for r in online}
