"""The outbox's writes (see ``liaison.core.outbox``)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from liaison.core.models import OutboxTask

log = logging.getLogger("liaison.outbox")

EXECUTE = "core.outbox_execute"
LEASE = timedelta(minutes=10)  # a claim older than this is taken for a dead process's
GRACE = timedelta(seconds=5)  # younger rows are being handed over by their web process
MAX_ATTEMPTS = 12
KEEP_DONE = timedelta(days=7)
BATCH = 200


def _eager() -> bool:
    return getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(15 * 2 ** max(attempts - 1, 0), 3600))


def enqueue(task: str, *args) -> OutboxTask:
    """Record ``task(*args)`` in the current transaction; it runs once that commits."""
    row = OutboxTask.objects.create(task=task, args=list(args))
    pk = row.pk
    transaction.on_commit(lambda: dispatch(pk))
    return row


def dispatch(pk: int) -> None:
    """Hand a committed row to the broker (or run it here without one). A broker that does
    not answer leaves the row to the flush: the caller's request is never failed by it."""
    if _eager():
        execute(pk)
        return
    from liaison.celery import app

    try:
        app.send_task(
            EXECUTE,
            args=[pk],
            retry=True,
            retry_policy={
                "max_retries": 1,
                "interval_start": 0,
                "interval_step": 0.2,
                "interval_max": 0.2,
            },
        )
    except Exception as exc:  # any broker failure: the row waits for the flush
        log.warning(
            "outbox %s: the broker did not take it (%s: %s); beat's flush will run it",
            pk,
            type(exc).__name__,
            exc,
        )
        return
    OutboxTask.objects.filter(pk=pk, queued_at__isnull=True).update(queued_at=timezone.now())


def _claim(pk: int) -> OutboxTask | None:
    now = timezone.now()
    claimed = (
        OutboxTask.objects.filter(pk=pk, done_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return OutboxTask.objects.filter(pk=pk).first() if claimed else None


def execute(pk: int) -> bool:
    """Run a row's task in this process unless it is done or claimed; True when it ran."""
    row = _claim(pk)
    if row is None:
        return False
    from liaison.celery import app

    try:
        task = app.tasks[row.task]
        task(*row.args)
    except Exception as exc:  # the task failed: tried again later, its error kept
        log.exception("outbox %s (%s) failed, attempt %s", pk, row.task, row.attempts)
        OutboxTask.objects.filter(pk=pk).update(
            claimed_at=timezone.now() - LEASE + _backoff(row.attempts),
            queued_at=None,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False
    OutboxTask.objects.filter(pk=pk).update(done_at=timezone.now(), args=[], last_error="")
    log.info("outbox %s: %s done", pk, row.task)
    return True


def pending():
    """Rows the flush would run now."""
    now = timezone.now()
    return (
        OutboxTask.objects.filter(
            done_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lt=now - GRACE
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - LEASE))
        .order_by("id")
    )


def flush() -> int:
    """Run what the broker never took, or what a dead worker left (beat, every 15 s);
    forget rows done long ago. Returns how many rows ran."""
    ran = sum(execute(pk) for pk in list(pending().values_list("pk", flat=True)[:BATCH]))
    OutboxTask.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    return ran
