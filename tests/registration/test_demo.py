"""The demo seminar's registrations (through the services, in realistic states)."""

import pytest
from django.db.models import Count

from liaison.events.demo import load_demo
from liaison.registration.models import Registration

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_registers_every_delegate_in_realistic_states():
    load_demo(seed=2021)
    counts = dict(Registration.objects.values_list("status").annotate(n=Count("id")).order_by())
    assert sum(counts.values()) == 200
    assert counts["approved"] > 150
    assert counts["pending"] >= 5 and counts["waitlisted"] >= 1 and counts["withdrawn"] >= 5
    event = Registration.objects.first().event
    online = Registration.objects.filter(mode="online", status__in=["approved", "pending"])
    assert online.count() <= event.online_capacity
    # Every delegate has an account to sign in with.
    assert not Registration.objects.filter(person__user__isnull=True).exists()
