"""The outbox: background work recorded with the write that caused it, never lost when the
broker is down, run once when handed over twice, tried again after a failure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from liaison.celery import app
from liaison.core import outbox
from liaison.core.models import OutboxTask
from liaison.core.outbox import services as outbox_services
from liaison.registration import tasks as registration_tasks
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(db):
    from liaison.registration import services
    from liaison.registration.services import Applicant

    event = EventFactory(slug="outbox-2027", registration_open=True)
    return services.register(
        event,
        Applicant(email="ana@example.org", family_name="Silva", given_name="Ana", mode="online"),
        actor=None,
        notify=False,
    )


def _age(rows, seconds=60):
    OutboxTask.objects.filter(pk__in=[r.pk for r in rows]).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_without_a_broker_the_email_is_sent_once_the_write_commits(
    registration, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        registration_tasks.notify(registration, "registered")
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    row = OutboxTask.objects.get()
    assert row.done_at is not None and row.args == [] and row.attempts == 1


def test_a_broker_that_refuses_leaves_the_row_to_the_flush(
    registration, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(app, "send_task", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        registration_tasks.notify(registration, "registered", sign_in_token="tok")
    row = OutboxTask.objects.get()
    assert row.queued_at is None and row.done_at is None and mail.outbox == []

    assert outbox.flush() == 0  # too young: its web process may still be handing it over
    _age([row])
    assert outbox.flush() == 1
    assert len(mail.outbox) == 1
    assert outbox.flush() == 0  # done once, never again
    assert len(mail.outbox) == 1


def test_a_row_handed_over_twice_runs_once(
    registration, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args, **kw: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox.enqueue(
            registration_tasks.send_registration_email.name, registration.pk, "registered"
        )
    assert sent == [[row.pk]]
    assert OutboxTask.objects.get().queued_at is not None
    assert outbox.execute(row.pk) is True
    assert outbox.execute(row.pk) is False  # the same message delivered again
    assert len(mail.outbox) == 1


def test_a_failing_task_is_tried_again_later_with_its_error_kept(
    registration, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("mail server refused")
        return registration_tasks.send_registration_email.run(*args)

    monkeypatch.setitem(
        app.tasks, "test.broken", type("T", (), {"__call__": lambda self, *a: broken(*a)})()
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = outbox.enqueue("test.broken", registration.pk, "registered", None)
    row.refresh_from_db()
    assert row.done_at is None and "mail server refused" in row.last_error
    _age([row])
    assert outbox.flush() == 0  # backing off
    OutboxTask.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - outbox_services.LEASE - timedelta(seconds=20)
    )
    assert outbox.flush() == 1
    row.refresh_from_db()
    assert row.done_at is not None and row.attempts == 2 and len(mail.outbox) == 1
