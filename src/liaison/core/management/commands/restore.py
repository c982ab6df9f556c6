"""`liaison restore FILE`: the database and media files back from an archive (into an empty,
migrated database)."""

from django.core.management.base import BaseCommand, CommandError

from liaison.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore an archive written by liaison backup into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            manifest = restore(file)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Restored {rows} rows of {len(manifest['rows'])} models and "
            f"{manifest['media_files']} media files ({manifest['format']}) from {file}"
        )
