"""`liaison worker`: run background tasks from CELERY_BROKER_URL (Celery), with the beat
scheduler for periodic tasks (scheduled publication, reminders) unless --no-beat."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the Celery worker (and beat) on CELERY_BROKER_URL."

    def add_arguments(self, parser):
        parser.add_argument("--no-beat", action="store_true", help="Do not run beat here.")
        parser.add_argument("--concurrency", type=int, default=None)
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument(
            "--hostname", default=None, help="This worker's node name (several on one machine)."
        )

    def handle(self, *args, no_beat, concurrency, loglevel, hostname, **options):
        if not settings.CELERY_BROKER_URL:
            raise CommandError(
                "CELERY_BROKER_URL is not set: without a broker tasks run inline in the web "
                "process and no worker is needed (e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0)."
            )
        from liaison.celery import app

        Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent.mkdir(parents=True, exist_ok=True)

        argv = ["worker", f"--loglevel={loglevel}"]
        if not no_beat:
            argv.append("--beat")
        if concurrency:
            argv.append(f"--concurrency={concurrency}")
        if hostname:
            argv.append(f"--hostname={hostname}")
        app.worker_main(argv)
