"""The agenda reminder: once per event, ``reminder_minutes`` before its first meeting."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from liaison.core.audit import record

from ..models import MatchmakingSettings, Meeting
from .runs import published_run


def send_due_reminders(now=None) -> int:
    """E-mail every delegate with meetings of each event whose reminder is due; returns
    how many e-mails went out. Safe to call as often as one likes (once per event)."""
    from .. import emails

    now = now or timezone.now()
    sent = 0
    for conf in MatchmakingSettings.objects.filter(reminders_sent_at__isnull=True).select_related(
        "event"
    ):
        run = published_run(conf.event)
        if run is None:
            continue
        meetings = Meeting.objects.filter(run=run, cancelled_at__isnull=True).select_related(
            "slot", "request__requester", "request__recipient"
        )
        first = min((m.slot.starts_at for m in meetings), default=None)
        if first is None or not (first - timedelta(minutes=conf.reminder_minutes) <= now < first):
            continue
        with transaction.atomic():
            locked = MatchmakingSettings.objects.select_for_update().get(pk=conf.pk)
            if locked.reminders_sent_at is not None:
                continue
            locked.reminders_sent_at = now
            locked.save(update_fields=["reminders_sent_at"])
            people = {}
            for m in meetings:
                for reg in (m.request.requester, m.request.recipient):
                    if reg.status == "approved":
                        people[reg.pk] = reg
            record("matchmaking.reminders", None, event=conf.event, summary=f"{len(people)}")
        for reg in people.values():
            emails.reminder_message(reg).send()
            sent += 1
    return sent
