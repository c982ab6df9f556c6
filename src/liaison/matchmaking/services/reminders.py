"""The agenda reminder: once per event, ``reminder_minutes`` before its first meeting.

``send_due_reminders`` is what the beat task calls every few minutes; ``send_reminders``
sends one event's reminder now (``liaison matchmaking remind EVENT``). Either way an event's
reminder goes out once: ``reminders_sent_at`` is set under a row lock before any e-mail.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.audit import record
from liaison.core.errors import Conflict
from liaison.registration.models import Registration

from .. import selectors
from ..models import MatchmakingSettings, Meeting
from .profiles import settings_for
from .runs import published_run


def _meetings(event):
    run = published_run(event)
    if run is None:
        return []
    return list(
        Meeting.objects.filter(run=run, cancelled_at__isnull=True).select_related(
            "slot", "request__requester", "request__recipient"
        )
    )


def first_meeting_at(event):
    return min((m.slot.starts_at for m in _meetings(event)), default=None)


def send_reminders(event, *, now=None, actor=None, again: bool = False) -> int:
    """E-mail every delegate with a published meeting of ``event`` their agenda, in their
    language; returns how many e-mails went out. Raises ``Conflict`` when the reminder was
    sent already (unless ``again``) or there is nothing to remind of."""

    from .. import emails

    now = now or timezone.now()
    conf = settings_for(event)
    meetings = _meetings(event)
    if not meetings:
        raise Conflict(_("There is no published meeting to remind the delegates of."))
    with transaction.atomic():
        locked = MatchmakingSettings.objects.select_for_update().get(pk=conf.pk)
        if locked.reminders_sent_at is not None and not again:
            raise Conflict(_("The reminder of this event has been sent already."))
        locked.reminders_sent_at = now
        locked.save(update_fields=["reminders_sent_at"])
        people = {}
        for m in meetings:
            for reg in (m.request.requester, m.request.recipient):
                if reg.status == "approved":
                    people[reg.pk] = reg
        record(
            "matchmaking.reminders",
            None,
            actor=actor,
            event=event,
            summary=f"{len(people)} delegates reminded",
        )
    registrations = list(
        Registration.objects.select_related("event", "person").filter(pk__in=list(people))
    )
    agendas = selectors.agendas(event, registrations)  # one query, not one per delegate
    for reg in registrations:
        emails.reminder_message(reg, agendas[reg.pk]).send()
    return len(people)


def reminder_due(conf: MatchmakingSettings, now) -> bool:
    first = first_meeting_at(conf.event)
    return first is not None and first - timedelta(minutes=conf.reminder_minutes) <= now < first


def send_due_reminders(now=None) -> int:
    """E-mail every delegate with meetings of each event whose reminder is due; returns
    how many e-mails went out. Safe to call as often as one likes (once per event)."""
    now = now or timezone.now()
    sent = 0
    for conf in MatchmakingSettings.objects.filter(reminders_sent_at__isnull=True).select_related(
        "event"
    ):
        if not reminder_due(conf, now):
            continue
        try:
            sent += send_reminders(conf.event, now=now)
        except Conflict:
            continue  # another beat sent it meanwhile
    return sent
