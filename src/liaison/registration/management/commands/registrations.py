"""`liaison registrations import EVENT FILE [--dry-run]`: all or nothing (api.md)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from liaison.events.models import Event
from liaison.registration import importing, services


class Command(BaseCommand):
    help = (
        "Import registrations from a CSV (UTF-8, UTF-8 with BOM, GBK, Shift-JIS) or XLSX "
        "file. On any bad row nothing is written, every problem is printed as "
        "'row N, column NAME: message', and the exit status is 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"])
        parser.add_argument("event", help="the event's slug")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check and roll back")

    def handle(self, *args, action, event, file, dry_run, **options):
        found = Event.objects.filter(slug=event).first()
        if found is None:
            raise CommandError(f"no event with the slug {event!r}", returncode=2)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no file {file}", returncode=2)
        if path.stat().st_size > importing.MAX_BYTES:
            raise CommandError(
                f"{file} is larger than {importing.MAX_BYTES // (1024 * 1024)} MB; split it",
                returncode=2,
            )
        try:
            table = importing.read_table(path.name, path.read_bytes())
        except importing.FileProblem as exc:
            raise CommandError(str(exc), returncode=2) from None
        checked = importing.check(found, table)
        try:
            made = services.import_registrations(found, checked, dry_run=dry_run)
        except ValidationError as exc:
            for message in exc.messages:
                self.stdout.write(message)
            raise CommandError(
                f"{len(exc.messages)} problem(s); nothing was imported", returncode=2
            ) from None
        encoding = f", {table.encoding}" if table.encoding else ""
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{verb} {len(made)} registrations into {found.slug} ({table.format}{encoding})"
        )
