"""check_in: the one write path of the door."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.attendance import services
from liaison.attendance.models import CheckIn
from liaison.attendance.services import Outcome
from liaison.core.models import AuditEntry
from liaison.registration.models import Registration

from .factories import make_registration

pytestmark = pytest.mark.django_db


def scan(event, code, client_id=None, **kwargs):
    return services.check_in(event, code, client_id=client_id or uuid.uuid4(), **kwargs)


def test_a_scan_checks_in_once_and_the_same_scan_again_changes_nothing(event, wang, staff):
    scan_id = uuid.uuid4()
    scanned = timezone.now() - timedelta(minutes=12)

    first = services.check_in(
        event, wang.badge_code, client_id=scan_id, scanned_at=scanned, by=staff
    )
    again = services.check_in(event, wang.badge_code, client_id=str(scan_id), by=staff)

    assert first.outcome == Outcome.CHECKED_IN
    assert again.outcome == Outcome.REPEAT
    assert CheckIn.objects.filter(registration=wang).count() == 1
    wang.refresh_from_db()
    assert wang.checked_in_at == scanned  # the scan's time, not the time it arrived
    checkin = CheckIn.objects.get()
    assert checkin.by == staff and checkin.client_id == scan_id
    assert AuditEntry.objects.filter(action="attendance.check_in").count() == 1


def test_a_second_scan_of_a_used_badge_is_refused_and_names_the_first(event, wang):
    scan(event, wang.badge_code)
    second = scan(event, wang.badge_code)
    assert second.outcome == Outcome.ALREADY
    assert second.checkin.registration == wang
    assert "already" in second.message
    assert CheckIn.objects.count() == 1


def test_what_a_scanner_types_is_normalised(event, wang):
    result = scan(event, f"  {wang.badge_code.lower()}\n")
    assert result.outcome == Outcome.CHECKED_IN


@pytest.mark.parametrize(
    ("status", "mode", "outcome"),
    [
        (Registration.Status.WITHDRAWN, "onsite", Outcome.WITHDRAWN),
        (Registration.Status.REJECTED, "onsite", Outcome.REJECTED),
        (Registration.Status.PENDING, "onsite", Outcome.NOT_APPROVED),
        (Registration.Status.WAITLISTED, "onsite", Outcome.NOT_APPROVED),
        (Registration.Status.APPROVED, "online", Outcome.ONLINE),
    ],
)
def test_refusals_write_nothing(event, status, mode, outcome):
    registration = make_registration(event, status=status, mode=mode)
    result = scan(event, registration.badge_code)
    assert result.outcome == outcome
    assert not result.accepted
    assert CheckIn.objects.count() == 0
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_unknown_and_other_event_codes_are_told_apart(event, other_event):
    elsewhere = make_registration(other_event)
    assert scan(event, "0123456789ABCDEF0123").outcome == Outcome.UNKNOWN
    result = scan(event, elsewhere.badge_code)
    assert result.outcome == Outcome.OTHER_EVENT
    assert result.registration is None  # nothing of the other event is shown


def test_a_scan_id_used_for_another_badge_is_bad_input(event, wang):
    other = make_registration(event)
    scan_id = uuid.uuid4()
    scan(event, wang.badge_code, scan_id)
    with pytest.raises(ValidationError) as error:
        scan(event, other.badge_code, scan_id)
    assert "client_id" in error.value.message_dict


@pytest.mark.parametrize(
    ("code", "client_id", "when", "field"),
    [
        ("", None, None, "code"),
        ("   ", None, None, "code"),
        ("X" * 65, None, None, "code"),
        ("ABC", "not-a-uuid", None, "client_id"),
        ("ABC", None, timedelta(hours=1), "scanned_at"),
    ],
)
def test_bad_input_is_named(event, code, client_id, when, field):
    with pytest.raises(ValidationError) as error:
        services.check_in(
            event,
            code,
            client_id=client_id or uuid.uuid4(),
            scanned_at=timezone.now() + when if when else None,
        )
    assert field in error.value.message_dict


def test_the_database_holds_one_check_in_per_registration(event, wang):
    from django.db import IntegrityError, transaction

    scan(event, wang.badge_code)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(registration=wang, client_id=uuid.uuid4(), scanned_at=timezone.now())


def test_join_and_leave_online(event):
    online = make_registration(event, mode="online")
    visit = services.record_join(online)
    online.refresh_from_db()
    assert online.joined_at == visit.joined_at and online.left_at is None

    later = visit.joined_at + timedelta(minutes=40)
    services.record_presence(visit, at=later)
    services.record_presence(visit, leaving=True, at=later + timedelta(minutes=1))
    online.refresh_from_db()
    assert online.left_at == later + timedelta(minutes=1)
    # A second visit keeps the first join time.
    services.record_join(online)
    online.refresh_from_db()
    assert online.joined_at == visit.joined_at and online.left_at is None


@pytest.mark.parametrize(
    ("mode", "status"),
    [("onsite", "approved"), ("online", "pending"), ("online", "withdrawn")],
)
def test_join_link_refused(event, mode, status):
    from liaison.core.errors import Conflict

    registration = make_registration(event, mode=mode, status=status)
    with pytest.raises(Conflict):
        services.record_join(registration)


def test_a_late_resend_of_a_scan_is_a_repeat_even_after_a_withdrawal(event, wang):
    scan_id = uuid.uuid4()
    scan(event, wang.badge_code, scan_id)
    Registration.objects.filter(pk=wang.pk).update(status="withdrawn")
    assert scan(event, wang.badge_code, scan_id).outcome == Outcome.REPEAT
    assert scan(event, wang.badge_code).outcome == Outcome.WITHDRAWN
