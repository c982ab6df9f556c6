"""`liaison token create USER`: print a new API key for a user (a username or an e-mail)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from liaison.core.services import create_token


class Command(BaseCommand):
    help = "Create a new API token for a user (by username or e-mail) and print its key."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("user", help="username or e-mail address")

    def handle(self, *args, action, user, **options):
        users = get_user_model().objects.filter(Q(username=user) | Q(email__iexact=user))
        found = list(users[:2])
        if len(found) != 1:
            raise CommandError(
                f"no user named {user!r}" if not found else f"{user!r} names several users",
                returncode=2,
            )
        self.stdout.write(create_token(found[0]).key)
