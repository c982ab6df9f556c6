"""Read queries of the newsroom: the attendance figure, what the public may be served, the
console's lists. No writes here (``services.py`` keeps them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Prefetch

from liaison.events.models import Event, Role

from . import seal
from .models import IntegrityAlert, Release, Revision


def attendance_figure(event: Event) -> tuple[int | None, str]:
    """How many representatives attended, and where the figure comes from: the approved
    registrations when the event takes registrations, else its delegates on record; None
    when the record has neither (the draft then leaves a gap)."""
    if apps.is_installed("liaison.registration"):
        from liaison.registration.models import Registration, RegistrationStatus

        registrations = Registration.objects.filter(event=event)
        if registrations.exists():
            return (
                registrations.filter(status=RegistrationStatus.APPROVED).count(),
                "registrations",
            )
    delegates = Role.objects.filter(event=event, kind=Role.Kind.DELEGATE).count()
    return (delegates or None), "roles"


def about(n: int) -> tuple[int, bool]:
    """The figure as a release gives it, and whether it is rounded ("about"): exact below
    20, then to the nearest 10 below 100, 50 below 1,000, 100 below 10,000, else 1,000."""
    if n < 20:
        return n, False
    step = 10 if n < 100 else 50 if n < 1000 else 100 if n < 10000 else 1000
    rounded = int((n + step / 2) // step * step)
    return rounded, True


def sealed_revisions(release: Release) -> list[Revision]:
    """The release's sealed revisions, newest first (prefetched when listed)."""
    cached = getattr(release, "sealed", None)
    if cached is not None:
        return cached
    return list(release.revisions.exclude(seal="").select_related("release").order_by("-number"))


@dataclass(frozen=True)
class Served:
    """What a reader gets of a release: the newest sealed revision that verifies (None when
    none does) and the sealed revisions found altered on the way."""

    revision: Revision | None
    altered: list[Revision]


def served(release: Release) -> Served:
    altered = []
    for revision in sealed_revisions(release):
        if seal.verifies(revision):
            return Served(revision, altered)
        altered.append(revision)
    return Served(None, altered)


def public_releases():
    """Published releases with their sealed revisions, newest first, in one more query."""
    return (
        Release.objects.filter(state=Release.State.PUBLISHED)
        .select_related("newsroom", "event")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=Revision.objects.exclude(seal="")
                .select_related("release")
                .order_by("-number"),
                to_attr="sealed",
            )
        )
        .order_by("-published_at", "-id")
    )


def public_release(slug: str) -> Release | None:
    return public_releases().filter(slug=slug).first()


def latest_revision(release: Release) -> Revision | None:
    return release.revisions.select_related("author").order_by("-number").first()


def open_alerts(releases=None):
    alerts = IntegrityAlert.objects.filter(resolved_at__isnull=True).select_related(
        "release", "revision"
    )
    if releases is not None:
        alerts = alerts.filter(release__in=releases)
    return alerts


def verify_all() -> tuple[int, list[tuple[Release, list[int]]]]:
    """Check the seal of every published revision of every published release: the number
    that verify, and each failing release with the numbers of its altered revisions (an
    empty list: published, yet no sealed revision at all)."""
    verified = 0
    failures = []
    for release in public_releases():
        bad = []
        revisions = sealed_revisions(release)
        for revision in revisions:
            if seal.verifies(revision):
                verified += 1
            else:
                bad.append(revision.number)
        if bad or not revisions:
            failures.append((release, bad))
    return verified, failures
