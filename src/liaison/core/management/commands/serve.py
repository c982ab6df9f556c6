"""`liaison serve`: the production web server (gunicorn), never the demo.

Refuses to start with DEBUG on, without SECRET_KEY, or without a PostgreSQL DATABASE_URL
(`--allow-sqlite` for a single-machine trial). Threaded workers (gunicorn's ``gthread``):
WEB_CONCURRENCY processes (default: one per core plus one) of WEB_THREADS threads each
(default 8); they keep connections alive, which serves many light requests (thousands of
viewers polling ``now``) with less CPU than one process per request. On 2 cores
bench/now_on_stage.py measured 3 x 8 threads against 5 sync workers: see README.md. Any
gunicorn option, the worker class included, can still be set in GUNICORN_CMD_ARGS.
Static files are served by whitenoise after `collectstatic`, which this
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
        # The database cache table (the shared cache when REDIS_URL is unset); a no-op otherwise.
        call_command("createcachetable", verbosity=0)
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = os.environ.get("WEB_CONCURRENCY") or str((os.cpu_count() or 1) + 1)
        threads = os.environ.get("WEB_THREADS") or "8"
        # Defaults go first in GUNICORN_CMD_ARGS so that the operator's own options there
        # (read after them) win; options on gunicorn's command line would override them.
        os.environ["GUNICORN_CMD_ARGS"] = " ".join(
            [f"--worker-class gthread --threads {threads}", os.environ.get("GUNICORN_CMD_ARGS", "")]
        ).strip()
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
        self.stdout.write(f"Serving on http://{bind}/ with {workers} workers of {threads} threads")
        self.stdout.flush()
        from gunicorn.app.wsgiapp import run

        sys.argv = argv
        run()
