"""`liaison serve`: the production web server (gunicorn), never the demo.

Refuses to start with DEBUG on, without SECRET_KEY, or without a PostgreSQL DATABASE_URL
(`--allow-sqlite` for a single-machine trial). Workers from WEB_CONCURRENCY (default: two
per core plus one). Static files are served by whitenoise after `collectstatic`, which this
command runs first (`--no-collectstatic` when they were collected before, e.g. when the
image was built: collecting compresses every file and takes minutes on a small machine).
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Serve Liaison with gunicorn (production)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--allow-sqlite", action="store_true", help="Serve from SQLite (trials only)."
        )
        parser.add_argument("--no-migrate", action="store_true", help="Do not migrate first.")
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Do not collect the static files first (they are in STATIC_ROOT already).",
        )

    def handle(self, *args, bind, allow_sqlite, no_migrate, no_collectstatic, **options):
        if settings.DEBUG:
            raise CommandError("DEBUG is on: `liaison serve` is for production; unset DEBUG.")
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError(
                "DATABASE_URL does not name PostgreSQL; set DATABASE_URL=postgres://... "
                "(or pass --allow-sqlite for a trial on one machine)."
            )
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = os.environ.get("WEB_CONCURRENCY") or str(2 * (os.cpu_count() or 1) + 1)
        argv = [
            "gunicorn",
            "liaison.wsgi:application",
            "--bind",
            bind,
            "--workers",
            workers,
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stdout.write(f"Serving on http://{bind}/ with {workers} workers")
        self.stdout.flush()
        from gunicorn.app.wsgiapp import run

        sys.argv = argv
        run()
