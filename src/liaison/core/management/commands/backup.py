"""`liaison backup FILE`: the database and media files into one archive."""

from django.core.management.base import BaseCommand, CommandError

from liaison.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database and media files to one archive."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            manifest = backup(file)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Backed up {rows} rows of {len(manifest['rows'])} models and "
            f"{manifest['media_files']} media files ({manifest['format']}) to {file}"
        )
