"""Celery tasks of the outbox (``liaison.core.outbox``)."""

from __future__ import annotations

from celery import shared_task

from .outbox import execute, flush


@shared_task(name="core.outbox_execute", ignore_result=True, acks_late=True)
def outbox_execute(pk: int) -> bool:
    return execute(pk)


@shared_task(name="core.outbox_flush", ignore_result=True)
def outbox_flush() -> int:
    return flush()
