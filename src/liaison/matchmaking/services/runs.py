"""Slots, tables and video rooms; scheduling runs from queued to done or failed; publishing
a run as the event's schedule; repairing it after a change.

A run's life: ``start_run`` (queued; the task is sent once the transaction commits) ->
``begin_run`` (running, by the task) -> ``save_progress``/``beat`` while the solver works
-> ``finish_run`` (done, with its draft meetings) or ``fail_run``. A run whose worker
died stops beating; ``reap_stale_runs`` marks it failed. Publishing never touches the
previously published run's rows except to supersede it, so a failed run leaves the
published schedule as it was.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.audit import record
from liaison.core.errors import Conflict
from liaison.events.models import Event

from .. import instance as instance_doc
from .. import selectors
from ..models import (
    Meeting,
    MeetingSlot,
    RunKind,
    RunStatus,
    ScheduleRun,
    Table,
    VideoRoom,
)
from .profiles import settings_for


def heartbeat_timeout() -> float:
    """Seconds without a heartbeat after which a running run is taken for dead."""
    return float(getattr(settings, "MATCHMAKING_HEARTBEAT_TIMEOUT", 60))


INLINE_REPAIR_CAP = 5.0  # seconds: without a broker a repair holds up the request that caused it


def default_time_limit(kind: str) -> float:
    """A full run's limit is ``MATCHMAKING_TIME_LIMIT``; a repair's is
    ``MATCHMAKING_REPAIR_TIME_LIMIT``, but at most ``INLINE_REPAIR_CAP`` without a broker:
    then the repair runs inline once the change commits, inside the web request that made
    the change (a withdrawal, a cancellation), which answers only when the repair is done
    (the limit plus the solver subprocess's start, a second or two). With Celery the
    request answers at once and a worker repairs."""
    if kind == RunKind.REPAIR:
        limit = float(getattr(settings, "MATCHMAKING_REPAIR_TIME_LIMIT", 10))
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            limit = min(limit, INLINE_REPAIR_CAP)
        return limit
    return float(getattr(settings, "MATCHMAKING_TIME_LIMIT", 30))


# --- Where and when meetings are held --------------------------------------------------------


def _slots_in_use(event: Event) -> bool:
    return Meeting.objects.filter(event=event).exists()


def generate_slots(
    event: Event,
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    minutes: int | None = None,
    gap: int = 0,
    actor=None,
) -> list[MeetingSlot]:
    """Replace the event's slots by back-to-back slots of ``minutes`` (plus ``gap``) from
    ``starts_at`` to ``ends_at``; without times, inside the programme's matchmaking block."""
    minutes = minutes or settings_for(event).meeting_minutes
    if starts_at is None or ends_at is None:
        block = matchmaking_block(event)
        if block is None:
            raise ValidationError(
                {"starts_at": [_("The programme has no matchmaking block: give the times.")]}
            )
        starts_at, ends_at = block.starts_at, block.ends_at
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The end must come after the start.")]})
    if not 5 <= minutes <= 240 or not 0 <= gap <= 120:
        raise ValidationError({"minutes": [_("A meeting lasts between 5 and 240 minutes.")]})
    with transaction.atomic():
        if _slots_in_use(event):
            raise Conflict(_("Meetings have been scheduled in these slots; they cannot change."))
        MeetingSlot.objects.filter(event=event).delete()
        step = timedelta(minutes=minutes)
        slots, at = [], starts_at
        while at + step <= ends_at:
            slots.append(MeetingSlot(event=event, starts_at=at, ends_at=at + step))
            at += step + timedelta(minutes=gap)
        if not slots:
            raise ValidationError({"minutes": [_("Not even one meeting fits in this time.")]})
        MeetingSlot.objects.bulk_create(slots)
        record(
            "matchmaking.slots",
            None,
            actor=actor,
            event=event,
            summary=f"{len(slots)} slots of {minutes} min",
        )
    return list(MeetingSlot.objects.filter(event=event))


def matchmaking_block(event: Event):
    from liaison.programme.models import AgendaItem

    return (
        AgendaItem.objects.filter(event=event, kind=AgendaItem.Kind.MATCHMAKING)
        .order_by("starts_at")
        .first()
    )


def set_tables(event: Event, count: int, *, seats: int = 4, actor=None) -> int:
    """The venue has tables 1..count (unused tables beyond it are removed)."""
    if not 0 <= count <= 1000 or not 2 <= seats <= 50:
        raise ValidationError({"tables": [_("Between 0 and 1000 tables of 2 to 50 seats.")]})
    with transaction.atomic():
        have = set(Table.objects.filter(event=event).values_list("number", flat=True))
        Table.objects.bulk_create(
            [
                Table(event=event, number=n, seats=seats)
                for n in range(1, count + 1)
                if n not in have
            ]
        )
        Table.objects.filter(event=event, number__lte=count).update(seats=seats)
        extra = Table.objects.filter(event=event, number__gt=count)
        if Meeting.objects.filter(table__in=extra).exists():
            raise Conflict(_("Some of these tables hold scheduled meetings."))
        extra.delete()
        record("matchmaking.tables", None, actor=actor, event=event, summary=f"{count} tables")
    return count


def set_video_rooms(event: Event, count: int, *, actor=None) -> int:
    """Video rooms 1..count, each a generated, unguessable Jitsi room."""
    if not 0 <= count <= 1000:
        raise ValidationError({"video_rooms": [_("Between 0 and 1000 video rooms.")]})
    with transaction.atomic():
        have = set(VideoRoom.objects.filter(event=event).values_list("number", flat=True))
        VideoRoom.objects.bulk_create(
            [VideoRoom(event=event, number=n) for n in range(1, count + 1) if n not in have]
        )
        extra = VideoRoom.objects.filter(event=event, number__gt=count)
        if Meeting.objects.filter(video_room__in=extra).exists():
            raise Conflict(_("Some of these video rooms hold scheduled meetings."))
        extra.delete()
        record("matchmaking.rooms", None, actor=actor, event=event, summary=f"{count} rooms")
    return count


# --- Runs -----------------------------------------------------------------------------------


def published_run(event: Event) -> ScheduleRun | None:
    return selectors.published_run(event)


def start_run(
    event: Event,
    *,
    actor=None,
    kind: str = RunKind.FULL,
    time_limit: float | None = None,
    auto_publish: bool = False,
) -> ScheduleRun:
    """Queue a run of the accepted requests (a repair keeps the published schedule where it
    can). One run at a time per event: 409 while another is queued or running."""
    from .. import tasks

    reap_stale_runs(event)
    if kind not in RunKind.values:
        raise ValidationError({"kind": [_("Choose a full run or a repair.")]})
    limit = default_time_limit(kind) if time_limit is None else float(time_limit)
    if not 1 <= limit <= 3600:
        raise ValidationError({"time_limit": [_("A time limit is between 1 and 3600 seconds.")]})
    with transaction.atomic():
        settings_row = settings_for(event)
        type(settings_row).objects.select_for_update().get(pk=settings_row.pk)  # one at a time
        if ScheduleRun.objects.filter(event=event, status__in=["queued", "running"]).exists():
            raise Conflict(_("A scheduling run is already under way for this event."))
        if not MeetingSlot.objects.filter(event=event).exists():
            raise ValidationError(_("Define the meeting slots first."))
        base = published_run(event)
        if kind == RunKind.REPAIR and base is None:
            raise Conflict(_("There is no published schedule to repair."))
        run = ScheduleRun.objects.create(
            event=event,
            kind=kind,
            time_limit=limit,
            auto_publish=auto_publish,
            base_run=base if kind == RunKind.REPAIR else None,
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record("matchmaking.run.start", run, actor=actor, event=event, summary=f"{kind} run")
        tasks.enqueue_run(run)
    return run


def begin_run(run_id: int) -> ScheduleRun | None:
    """The task takes its run: queued -> running. None when the run is not queued any more
    (cancelled, or a task delivered twice)."""
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED:
            return None
        now = timezone.now()
        run.status, run.started_at, run.heartbeat_at = RunStatus.RUNNING, now, now
        run.save(update_fields=["status", "started_at", "heartbeat_at"])
    return run


def store_instance(run: ScheduleRun, doc: dict) -> None:
    ScheduleRun.objects.filter(pk=run.pk).update(
        instance=doc, meetings_requested=len(doc["meetings"]), heartbeat_at=timezone.now()
    )


def save_progress(run_id: int, event) -> None:
    """A solver progress event (``liaison.scheduling.progress.Progress``)."""
    fields = {
        "progress": min(0.99, max(0.0, float(event.fraction))),
        "phase": (event.phase or "")[:40],
        "heartbeat_at": timezone.now(),
    }
    if event.weight is not None:
        fields["weight"] = event.weight
    if event.weight_upper_bound is not None:
        fields["weight_upper_bound"] = event.weight_upper_bound
    if event.breaks is not None:
        fields["breaks"] = event.breaks
    if event.breaks_lower_bound is not None:
        fields["breaks_lower_bound"] = event.breaks_lower_bound
    ScheduleRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(**fields)


def beat(run_id: int) -> bool:
    """The worker is alive; returns True when the organiser asked to cancel."""
    ScheduleRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )
    return ScheduleRun.objects.filter(pk=run_id, cancel_requested=True).exists()


def finish_run(run_id: int, result_doc: dict) -> ScheduleRun | None:
    """Store a run's result (a liaison-schedule-result/1 document) as its draft meetings."""
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RunStatus.RUNNING:
            return None  # reaped meanwhile: it stays failed
        event = run.event
        slots = {
            instance_doc.slot_id(pk): pk for pk in event.meeting_slots.values_list("pk", flat=True)
        }
        tables = {
            f"T{n}": pk for pk, n in Table.objects.filter(event=event).values_list("pk", "number")
        }
        rooms = {
            f"V{n}": pk
            for pk, n in VideoRoom.objects.filter(event=event).values_list("pk", "number")
        }
        meetings = []
        for a in result_doc["assignments"]:
            place = a["location"]
            meetings.append(
                Meeting(
                    run=run,
                    event=event,
                    request_id=instance_doc.pk_of(a["meeting"]),
                    slot_id=slots[a["slot"]],
                    table_id=tables.get(place),
                    video_room_id=rooms.get(place),
                )
            )
        Meeting.objects.bulk_create(meetings)
        stats = result_doc["stats"]
        run.status = RunStatus.DONE
        run.solver_status = result_doc["status"]
        run.progress = 1.0
        run.phase = "done"
        run.weight = stats["weight_scheduled"]
        run.weight_upper_bound = stats["weight_upper_bound"]
        run.breaks = stats["breaks"]
        run.breaks_lower_bound = stats["breaks_lower_bound"]
        run.moved = stats.get("moved")
        run.dropped = stats.get("dropped")
        run.unscheduled = [
            {
                "request": instance_doc.pk_of(u["meeting"]),
                "code": u.get("code", ""),
                "params": u.get("params", {}),
                "text": u["reason"],
            }
            for u in result_doc["unscheduled"]
        ]
        if run.cancel_requested:
            run.error = "cancelled"
        run.finished_at = timezone.now()
        run.save()
        record(
            "matchmaking.run.done",
            run,
            event=event,
            summary=f"{run.solver_status}: {len(meetings)}/{run.meetings_requested} meetings",
        )
        if run.auto_publish and run.solver_status in ("optimal", "feasible"):
            publish_run(run)
        follow_up_repair(event)
    return run


def fail_run(run_id: int, error: str) -> None:
    with transaction.atomic():
        updated = ScheduleRun.objects.filter(
            pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).update(status=RunStatus.FAILED, error=error[:2000], finished_at=timezone.now())
        if updated:
            run = ScheduleRun.objects.get(pk=run_id)
            record("matchmaking.run.failed", run, event=run.event, summary=error[:200])
            follow_up_repair(run.event)


def cancel_run(run: ScheduleRun, *, actor=None) -> ScheduleRun:
    """A queued run never starts; a running one stops and keeps the best schedule found."""
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if run.status == RunStatus.QUEUED:
            run.status, run.error, run.finished_at = RunStatus.FAILED, "cancelled", timezone.now()
        elif run.status == RunStatus.RUNNING:
            run.cancel_requested = True
        else:
            raise Conflict(_("This run has already finished."))
        run.save()
        record("matchmaking.run.cancel", run, actor=actor, event=run.event)
        if run.status == RunStatus.FAILED:
            follow_up_repair(run.event)
    return run


def reap_stale_runs(event: Event | None = None) -> int:
    """Mark failed the runs whose worker is gone: running without a heartbeat for
    ``MATCHMAKING_HEARTBEAT_TIMEOUT`` seconds, or queued for longer than an hour."""
    now = timezone.now()
    runs = ScheduleRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    if event is not None:
        runs = runs.filter(event=event)
    count = 0
    for run in runs:
        if run.status == RunStatus.RUNNING:
            last = run.heartbeat_at or run.started_at or run.created_at
            dead = (now - last).total_seconds() > heartbeat_timeout()
        else:
            dead = (now - run.created_at).total_seconds() > 3600
        if dead:
            fail_run(run.pk, "the worker stopped answering (no heartbeat)")
            count += 1
    return count


# --- Publishing -----------------------------------------------------------------------------


def _agenda_keys(meetings) -> dict[int, set]:
    """registration pk -> {(request, slot, table, room)} of these meetings."""
    out: dict[int, set] = {}
    for m in meetings:
        key = (m.request_id, m.slot_id, m.table_id, m.video_room_id)
        for reg in (m.request.requester_id, m.request.recipient_id):
            out.setdefault(reg, set()).add(key)
    return out


def publish_run(run: ScheduleRun, *, actor=None, notify: bool = True) -> set[int]:
    """Make a finished run the event's schedule. Returns the registrations whose agenda
    changed (everyone with a meeting on a first publication); only they are e-mailed."""
    from .. import tasks

    with transaction.atomic():
        settings_row = settings_for(run.event)
        type(settings_row).objects.select_for_update().get(pk=settings_row.pk)
        run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise Conflict(_("Only a finished run can be published."))
        if run.published_at is not None:
            raise Conflict(_("This run is already published."))
        if run.solver_status not in ("optimal", "feasible"):
            raise Conflict(_("This run found no schedule to publish."))
        previous = published_run(run.event)
        # Everything published before, cancelled since or not: a meeting cancelled after
        # publication is a change its participants hear about with the repair.
        old = (
            _agenda_keys(Meeting.objects.filter(run=previous).select_related("request"))
            if previous
            else {}
        )
        new = _agenda_keys(Meeting.objects.filter(run=run).select_related("request"))
        changed = {reg for reg in set(old) | set(new) if old.get(reg, set()) != new.get(reg, set())}
        run.published_at = timezone.now()
        run.save(update_fields=["published_at"])
        record(
            "matchmaking.run.publish",
            run,
            actor=actor,
            event=run.event,
            summary=f"published; {len(changed)} agendas changed",
            changed=len(changed),
        )
        if notify and changed:
            tasks.notify_agenda(run.event, sorted(changed), first=previous is None)
    return changed


def cancel_meetings_of_request(request, *, actor=None) -> int:
    """Cancel the published meeting of a request (its participants hear of it with the
    repair that follows)."""
    run = published_run(request.event)
    if run is None:
        return 0
    return Meeting.objects.filter(run=run, request=request, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )


def request_repair(event: Event, *, actor=None) -> ScheduleRun | None:
    """After a change to a published schedule: queue a repair that publishes itself, when
    the event repairs automatically. A run already queued or running read the event before
    the change: the event is marked ``repair_pending`` and the repair is queued when that
    run ends (``follow_up_repair``), whichever way it ends."""
    if published_run(event) is None or not settings_for(event).auto_repair:
        return None
    with transaction.atomic():
        conf = settings_for(event)
        conf = type(conf).objects.select_for_update().get(pk=conf.pk)
        if ScheduleRun.objects.filter(event=event, status__in=["queued", "running"]).exists():
            if not conf.repair_pending:
                conf.repair_pending = True
                conf.save(update_fields=["repair_pending"])
            return None
    return start_run(event, actor=actor, kind=RunKind.REPAIR, auto_publish=True)


def follow_up_repair(event: Event) -> ScheduleRun | None:
    """A run ended: when changes arrived meanwhile, queue the repair they are owed."""
    with transaction.atomic():
        conf = settings_for(event)
        conf = type(conf).objects.select_for_update().get(pk=conf.pk)
        if not conf.repair_pending:
            return None
        if ScheduleRun.objects.filter(event=event, status__in=["queued", "running"]).exists():
            return None  # another run is under way; it will follow up when it ends
        conf.repair_pending = False
        conf.save(update_fields=["repair_pending"])
        if published_run(event) is None or not conf.auto_repair:
            return None
        return start_run(event, kind=RunKind.REPAIR, auto_publish=True)
