"""``liaison newsroom draft EVENT_SLUG | publish RELEASE_SLUG --user USERNAME | verify |
publish-due`` (api.md, "Newsroom")."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from liaison.core.errors import Conflict
from liaison.events.models import Event
from liaison.newsroom import selectors, services
from liaison.newsroom.models import Release


def _messages(exc) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


class Command(BaseCommand):
    help = "Draft, publish and verify news releases."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        draft = sub.add_parser("draft", help="draft a release of an event from its record")
        draft.add_argument("event_slug")
        draft.add_argument("--user", help="the user drafting (default: the system)")
        publish = sub.add_parser("publish", help="publish a release as a publisher")
        publish.add_argument("release_slug")
        publish.add_argument("--user", required=True)
        publish.add_argument(
            "--confirm-flag",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="confirm this spam flag (repeat for each)",
        )
        sub.add_parser("verify", help="check the seal of every published revision")
        sub.add_parser("publish-due", help="publish the releases whose scheduled time has come")

    def _fail(self, message: str, status: int = 2):
        self.stderr.write(f"liaison newsroom: {message}")
        sys.exit(status)

    def _user(self, username):
        if not username:
            return None
        User = get_user_model()
        user = User.objects.filter(username=username).first() or (
            User.objects.filter(email__iexact=username).first()
        )
        if user is None:
            self._fail(f"no user {username!r}")
        return user

    def handle(self, *args, action, **options):
        if action == "draft":
            event = Event.objects.filter(slug=options["event_slug"]).first()
            if event is None:
                self._fail(f"no event {options['event_slug']!r}")
            try:
                release = services.draft_release(event, actor=self._user(options.get("user")))
            except (ValidationError, PermissionDenied) as exc:
                self._fail(_messages(exc))
            self.stdout.write(release.slug)
        elif action == "publish":
            release = Release.objects.filter(slug=options["release_slug"]).first()
            if release is None:
                self._fail(f"no release {options['release_slug']!r}")
            user = self._user(options["user"])
            try:
                revision = services.publish(release, actor=user, confirm=options["confirm_flag"])
            except PermissionDenied as exc:
                self._fail(f"{user.get_username()} is not a publisher of this release: {exc}")
            except (ValidationError, Conflict) as exc:
                self._fail(_messages(exc))
            self.stdout.write(f"published {release.slug} (revision {revision.number})")
        elif action == "verify":
            verified, failures = selectors.verify_all()
            for release, numbers in failures:
                services.report_altered(release, [r for r in release.sealed if r.number in numbers])
                detail = (
                    f"revision(s) {', '.join(str(n) for n in numbers)} no longer match their seal"
                    if numbers
                    else "published without a sealed revision"
                )
                self.stdout.write(f"FAILED {release.slug}: {detail}")
            if failures:
                self.stdout.write(f"{verified} verified, {len(failures)} release(s) failed")
                sys.exit(1)
            self.stdout.write(f"{verified} verified")
        elif action == "publish-due":
            for slug, result in services.publish_due():
                self.stdout.write(f"{slug}: {result}")
        else:  # argparse refuses other actions already
            raise CommandError(action)
