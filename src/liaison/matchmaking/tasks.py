"""Matchmaking's background work: scheduling runs, e-mails, reminders, recommendations.

With ``CELERY_BROKER_URL`` set these are Celery tasks (``liaison worker``, beat for the
reminders); without one they run inline once the transaction that caused them commits.
The scheduling run itself solves in a supervised child process
(``liaison.scheduling.supervisor.solve_in_subprocess``), which is safe inside a prefork
worker and dies with it; what the run writes goes through ``services.runs``.
"""

from __future__ import annotations

import logging
import time
import traceback

from celery import shared_task
from django.conf import settings

from liaison.core import outbox

log = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5  # seconds between two progress writes
BEAT_EVERY = 2.0  # seconds between two heartbeats / looks at the cancel flag
AGENDA_BATCH = 2000  # delegates whose agendas are read in one query for their e-mails


def _eager() -> bool:
    return getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True)


def _run(task, *args) -> None:
    """Recorded in the outbox in the caller's transaction, run once it commits (inline
    without a broker, by a worker with one; see ``liaison.core.outbox``)."""
    outbox.enqueue(task.name, *args)


def enqueue_run(run) -> None:
    _run(run_schedule, run.pk)


@shared_task(name="matchmaking.run_schedule", ignore_result=True, acks_late=True)
def run_schedule(run_id: int) -> None:
    """Build the instance, solve it in a supervised subprocess, store the result."""
    from liaison.scheduling.readers import instance_from_dict
    from liaison.scheduling.result import to_dict
    from liaison.scheduling.supervisor import solve_in_subprocess

    from . import instance as instance_doc
    from .services import runs

    run = runs.begin_run(run_id)
    if run is None:
        return
    try:
        doc = instance_doc.build(run.event)
        runs.store_instance(run, doc)
        instance = instance_from_dict(doc)
        keep = None
        if run.base_run_id is not None:
            keep = instance_doc.keep_assignments(
                instance, instance_doc.published_meetings(run.base_run)
            )
        last = {"progress": 0.0, "beat": 0.0, "cancel": False}

        def progress(event) -> None:
            now = time.monotonic()
            if now - last["progress"] >= PROGRESS_EVERY or event.phase == "done":
                last["progress"] = now
                runs.save_progress(run_id, event)

        def cancelled() -> bool:
            now = time.monotonic()
            if now - last["beat"] >= BEAT_EVERY:
                last["beat"] = now
                last["cancel"] = runs.beat(run_id)
            return last["cancel"]

        if instance.meetings:
            result = solve_in_subprocess(
                instance,
                time_limit=run.time_limit,
                progress=progress,
                cancel=cancelled,
                keep=keep,
                workers=int(getattr(settings, "MATCHMAKING_WORKERS", 1)),
            )
            result_doc = to_dict(instance, result)
        else:
            result_doc = {
                "status": "optimal",
                "assignments": [],
                "unscheduled": [],
                "stats": {
                    "weight_scheduled": 0,
                    "weight_upper_bound": 0,
                    "breaks": 0,
                    "breaks_lower_bound": 0,
                    **({"moved": 0, "dropped": len(keep or [])} if keep is not None else {}),
                },
            }
        runs.finish_run(run_id, result_doc)
    except Exception as exc:  # any failure: the run is failed, the published one untouched
        log.exception("scheduling run %s failed", run_id)
        runs.fail_run(run_id, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
        if _eager() and getattr(settings, "MATCHMAKING_RAISE", False):
            raise


@shared_task(name="matchmaking.reap_stale_runs", ignore_result=True)
def reap_stale_runs() -> int:
    from .services import runs

    return runs.reap_stale_runs()


def notify_request(request, kind: str) -> None:
    _run(send_request_email, request.pk, kind)


def notify_agenda(event, registration_ids: list[int], *, first: bool) -> None:
    _run(send_agenda_emails, event.pk, list(registration_ids), first)


@shared_task(name="matchmaking.send_request_email", ignore_result=True)
def send_request_email(request_id: int, kind: str) -> None:
    from . import emails
    from .models import MeetingRequest

    request = (
        MeetingRequest.objects.select_related(
            "event", "requester__person", "recipient__person", "requester__organisation"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is not None:
        emails.request_message(request, kind).send()


@shared_task(name="matchmaking.send_agenda_emails", ignore_result=True)
def send_agenda_emails(event_id: int, registration_ids: list[int], first: bool) -> None:
    from liaison.events.models import Event
    from liaison.registration.models import Registration, RegistrationStatus

    from . import emails, selectors

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    for start in range(0, len(registration_ids), AGENDA_BATCH):
        registrations = list(
            Registration.objects.select_related("event", "person").filter(
                event=event,
                pk__in=registration_ids[start : start + AGENDA_BATCH],
                status=RegistrationStatus.APPROVED,
            )
        )
        agendas = selectors.agendas(event, registrations)  # one query for the batch
        for registration in registrations:
            emails.agenda_message(
                registration, first=first, entries=agendas[registration.pk]
            ).send()


@shared_task(name="matchmaking.send_reminders", ignore_result=True)
def send_reminders() -> int:
    """Beat task (every few minutes): e-mail each delegate their agenda once, before the
    matchmaking block starts (``reminder_minutes`` ahead)."""
    from .services.reminders import send_due_reminders

    return send_due_reminders()


@shared_task(name="matchmaking.refresh_recommendations", ignore_result=True)
def refresh_recommendations(event_id: int) -> None:
    from liaison.events.models import Event

    from .services import refresh_recommendations as refresh

    event = Event.objects.filter(pk=event_id).first()
    if event is not None:
        refresh(event)
