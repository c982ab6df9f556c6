"""`liaison run`: migrate, load the demo seminar into an empty database, and serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load the demo seminar if the database is empty, and serve on a port."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up and stop.")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        call_command("demo")
        if no_serve:
            return
        host, _, port = addrport.rpartition(":")
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{host or '127.0.0.1'}:{port}/"))
        call_command("runserver", addrport, use_reloader=False)
