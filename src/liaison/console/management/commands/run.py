"""`liaison run`: migrate, load the demo seminar into an empty database, and serve."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from liaison.events.demo import ORGANISER_USERNAME, login_file


class Command(BaseCommand):
    help = "Migrate, load the demo seminar if the database is empty, and serve on a port."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up and stop.")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        call_command("demo")
        host, _, port = addrport.rpartition(":")
        base = f"http://{host or '127.0.0.1'}:{port}/"
        self._print_login(base)
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"Serving on {base}"))
        call_command("runserver", addrport, use_reloader=False)

    def _print_login(self, base: str) -> None:
        """The demo organiser's login, every time, so that nobody has to hunt for it."""
        if not get_user_model().objects.filter(username=ORGANISER_USERNAME).exists():
            return
        path = login_file()
        password = ""
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition(":")
                if key.strip() == "password":
                    password = value.strip()
        shown = password or f"(not on this machine: {path} is missing)"
        self.stdout.write(
            f"Organiser console: {base}console/  user: {ORGANISER_USERNAME}  password: {shown}"
        )
