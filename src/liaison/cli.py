"""The `liaison` console command.

liaison run [--port 8000]     migrate, load the demo seminar if the database is empty, serve
liaison demo                  load the demo seminar (does nothing on a non-empty database)
liaison reindex               rewrite every search document from the records
liaison schedule INSTANCE     schedule B2B meetings (no database needed)
liaison <django command>      any Django management command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import os
import sys


def _fail(message: str, status: int = 2) -> int:
    print(f"liaison: error: {message}", file=sys.stderr)
    return status


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    import django

    django.setup()


def _check_database() -> None:
    from django.db import connection

    connection.ensure_connection()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "schedule":
        # The scheduler is a pure library: no settings, no database.
        from liaison.scheduling.command import main as schedule_main

        return schedule_main(argv[1:])

    if not argv or argv[0] in ("-h", "--help", "help"):
        # Help needs no settings, no key and no database.
        print(__doc__)
        return 0

    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        _setup_django()
        if argv and argv[0] in ("run", "demo", "migrate", "backup", "restore"):
            _check_database()
    except ImproperlyConfigured as exc:
        return _fail(str(exc))
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return _fail(f"cannot reach the database named by DATABASE_URL: {first_line}")

    from django.core.management import execute_from_command_line

    execute_from_command_line(["liaison", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
