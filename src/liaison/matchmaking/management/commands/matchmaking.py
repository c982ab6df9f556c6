"""``liaison matchmaking remind EVENT_SLUG [--again] | remind-due | reap``.

remind       e-mail each delegate of the event their agenda now, in their language (once;
             --again to send it a second time)
remind-due   what the beat task does: every event whose reminder time has come
reap         mark failed the scheduling runs whose worker stopped answering
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from liaison.core.errors import Conflict
from liaison.events.models import Event
from liaison.matchmaking.services import reminders, runs


class Command(BaseCommand):
    help = "Matchmaking chores: agenda reminders, stale scheduling runs."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="e-mail each delegate their agenda now")
        remind.add_argument("event_slug")
        remind.add_argument("--again", action="store_true", help="send it a second time")
        sub.add_parser("remind-due", help="send the reminders whose time has come")
        sub.add_parser("reap", help="mark failed the runs whose worker died")

    def _fail(self, message: str, status: int = 2):
        self.stderr.write(f"liaison matchmaking: {message}")
        sys.exit(status)

    def handle(self, *args, action, **options):
        if action == "remind":
            event = Event.objects.filter(slug=options["event_slug"]).first()
            if event is None:
                self._fail(f"no event {options['event_slug']!r}")
            try:
                sent = reminders.send_reminders(event, again=options["again"])
            except Conflict as exc:
                self._fail(str(exc), 1)
            self.stdout.write(f"{sent} reminders sent for {event.slug}")
        elif action == "remind-due":
            self.stdout.write(f"{reminders.send_due_reminders()} reminders sent")
        else:
            self.stdout.write(f"{runs.reap_stale_runs()} stale runs marked failed")
