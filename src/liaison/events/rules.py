"""Who may do what with an event: the one place that says it.

Every console view, admin page, command and API endpoint asks ``has_perm`` (or one of the
helpers below built on it); none keeps a copy of these rules. A user's part in an event is a
``TeamMember`` row (organiser, staff, chair, editor, publisher); superusers may do
everything. Public visibility is decided here too (``can_view_public``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Event, TeamMember, TeamRole

R = TeamRole

# permission -> the team roles that hold it. Add a permission here, never a check elsewhere.
PERMISSIONS: dict[str, frozenset[str]] = {
    # the console
    "event.view_console": frozenset(R.values),
    "event.change": frozenset({R.ORGANISER}),
    "event.delete": frozenset({R.ORGANISER}),
    "event.view_audit": frozenset({R.ORGANISER}),
    "team.change": frozenset({R.ORGANISER}),
    # the seminar record: sides, areas, organisations, people and their roles
    "record.view": frozenset({R.ORGANISER, R.STAFF, R.CHAIR, R.EDITOR, R.PUBLISHER}),
    "record.change": frozenset({R.ORGANISER}),
    # registration and the door
    "registration.view": frozenset({R.ORGANISER, R.STAFF}),
    "registration.change": frozenset({R.ORGANISER}),
    "checkin.scan": frozenset({R.ORGANISER, R.STAFF}),
    # the programme and the stage
    "programme.change": frozenset({R.ORGANISER}),
    "programme.advance": frozenset({R.ORGANISER, R.STAFF, R.CHAIR}),
    # the event's news
    "news.write": frozenset({R.ORGANISER, R.EDITOR, R.PUBLISHER}),
    "news.publish": frozenset({R.PUBLISHER}),
    # matchmaking
    "matchmaking.manage": frozenset({R.ORGANISER}),
}

_CACHE_ATTR = "_liaison_team_roles"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def team_roles(user, event: Event) -> frozenset[str]:
    """The user's roles in the event's team (one query per user and event, then cached on
    the user object for the rest of the request)."""
    if not _active(user) or event.pk is None:
        return frozenset()
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if event.pk not in cache:
        cache[event.pk] = frozenset(
            TeamMember.objects.filter(event_id=event.pk, user_id=user.pk).values_list(
                "role", flat=True
            )
        )
    return cache[event.pk]


def forget_roles(user) -> None:
    """Drop the cached roles (after the team changed within one request)."""
    if user is not None:
        user.__dict__.pop(_CACHE_ATTR, None)


def has_perm(user, permission: str, event: Event) -> bool:
    """May ``user`` do ``permission`` for ``event``? Unknown permissions raise (a typo must
    never quietly allow or deny)."""
    allowed = PERMISSIONS[permission]
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(team_roles(user, event) & allowed)


def is_organiser(user, event: Event) -> bool:
    return has_perm(user, "event.change", event)


def events_for(user, permission: str = "event.view_console") -> QuerySet[Event]:
    """The events in which ``user`` holds ``permission``, newest first."""
    allowed = PERMISSIONS[permission]
    if not _active(user):
        return Event.objects.none()
    events = Event.objects.all()
    if not user.is_superuser:
        events = events.filter(team__user=user, team__role__in=allowed).distinct()
    return events.order_by("-starts_at")


def can_use_console(user) -> bool:
    """Signed-in, active users reach the console's list of their events (maybe empty)."""
    return _active(user)


def can_create_event(user) -> bool:
    """Superusers, and staff users given Django's ``events.add_event`` permission."""
    return _active(user) and (
        user.is_superuser or (user.is_staff and user.has_perm("events.add_event"))
    )


def can_use_admin(user) -> bool:
    """The Django admin is for superusers only: it spans every event."""
    return _active(user) and user.is_superuser


def can_view_public(event: Event) -> bool:
    """The public sees an event once it has left the draft stage."""
    return event.status != Event.Status.DRAFT


def public_events() -> QuerySet[Event]:
    """The events ``can_view_public`` allows, as a query (same rule, for lists)."""
    return Event.objects.exclude(status=Event.Status.DRAFT)


def can_get_badge(user, registration) -> bool:
    """A badge PDF: the event's organisers and staff (``registration.view``), and the
    registered person themselves (their account is linked to the registration's person)."""
    if has_perm(user, "registration.view", registration.event):
        return True
    person_user = getattr(registration.person, "user_id", None)
    return _active(user) and person_user is not None and person_user == user.pk


def can_see_online_channel(user, event: Event) -> bool:
    """The online channel's address is for the event's team for now; the programme issue
    extends this to registered online participants and speakers."""
    return has_perm(user, "event.view_console", event)
