"""Who may do what with an event: the one place that says it.

Every console view, admin page, command and API endpoint asks ``has_perm`` (or one of the
helpers below built on it); none keeps a copy of these rules. A user's part in an event is a
``TeamMember`` row (organiser, staff, chair, editor, publisher); superusers may do
everything. Public visibility is decided here too (``can_view_public``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Event, Organisation, TeamMember, TeamRole

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
    "registration.invite": frozenset({R.ORGANISER}),
    "registration.import": frozenset({R.ORGANISER}),
    "checkin.scan": frozenset({R.ORGANISER, R.STAFF}),
    # the programme and the stage
    "programme.change": frozenset({R.ORGANISER}),
    "programme.advance": frozenset({R.ORGANISER, R.STAFF, R.CHAIR}),
    # the event's news
    "news.write": frozenset({R.ORGANISER, R.EDITOR, R.PUBLISHER}),
    "news.publish": frozenset({R.PUBLISHER}),
    # matchmaking
    "matchmaking.manage": frozenset({R.ORGANISER}),
    # a person's data: export it for them, erase it (see can_manage_personal_data)
    "privacy.manage": frozenset({R.ORGANISER}),
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


def visible_organisations(user) -> QuerySet[Organisation]:
    """The organisations a user may see in the console: those listed with an event whose
    record the user may read (``record.view``); every organisation for a superuser. An
    organisation listed only with other events stays out of sight."""
    if not _active(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    readable = events_for(user, "record.view").order_by().values("pk")
    return Organisation.objects.filter(
        pk__in=Organisation.objects.filter(events__in=readable).values("pk")
    )


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


def can_view_programme(user, event: Event) -> bool:
    """The programme of a public event is public; before that its team reads it."""
    return can_view_public(event) or has_perm(user, "event.view_console", event)


# Roles of the seminar's record that take the floor (and so get the online channel).
SPEAKING_ROLES = frozenset({"speaker", "chair", "video_principal"})


def can_see_online_channel(user, event: Event) -> bool:
    """The online channel's address (the join link): the event's team, approved online
    participants, and speakers (a speaking role in the record or a part in an item).
    Answered once per user and event, then cached on the user object for the request."""
    if not _active(user):
        return False
    if has_perm(user, "event.view_console", event):
        return True
    cache = user.__dict__.setdefault("_liaison_channel", {})
    if event.pk not in cache:
        from liaison.registration.models import Registration, RegistrationStatus

        from .models import AttendanceMode, Role

        person = getattr(user, "person", None) if hasattr(user, "person") else None
        allowed = False
        if person is not None:
            allowed = (
                Registration.objects.filter(
                    event=event,
                    person=person,
                    mode=AttendanceMode.ONLINE,
                    status=RegistrationStatus.APPROVED,
                ).exists()
                or Role.objects.filter(event=event, person=person, kind__in=SPEAKING_ROLES).exists()
                or person.agenda_items.filter(event=event).exists()
            )
        cache[event.pk] = allowed
    return cache[event.pk]


# --- A delegate's own registration ----------------------------------------------------------


def is_registrant(user, registration) -> bool:
    """Is ``user`` the person of ``registration`` (their own account, linked to their Person)?"""
    if not _active(user):
        return False
    person = registration.person
    return person.user_id is not None and person.user_id == user.pk


def can_view_registration(user, registration) -> bool:
    """The event's organisers and staff, and the person themself."""
    return has_perm(user, "registration.view", registration.event) or is_registrant(
        user, registration
    )


def can_withdraw_registration(user, registration) -> bool:
    """The event's organisers, and the person themself."""
    return has_perm(user, "registration.change", registration.event) or is_registrant(
        user, registration
    )


# --- Matchmaking --------------------------------------------------------------------------


def delegate_registration(user, event: Event):
    """The user's approved registration for the event (a delegate), or None. Cached on the
    user object for the request."""
    if not _active(user) or event.pk is None:
        return None
    cache = user.__dict__.setdefault("_liaison_delegate", {})
    if event.pk not in cache:
        from liaison.registration.models import Registration, RegistrationStatus

        cache[event.pk] = (
            Registration.objects.select_related("person", "delegation", "organisation", "event")
            .filter(event=event, person__user=user, status=RegistrationStatus.APPROVED)
            .first()
        )
    return cache[event.pk]


def can_use_matchmaking(user, event: Event) -> bool:
    """The marketplace, profiles and recommendations: approved delegates and organisers."""
    return has_perm(user, "matchmaking.manage", event) or (
        delegate_registration(user, event) is not None
    )


def can_act_for(user, registration) -> bool:
    """May ``user`` act as this delegate in matchmaking (request, answer, record an
    outcome, read their agenda)? The delegate themself while approved, and organisers."""
    if has_perm(user, "matchmaking.manage", registration.event):
        return True
    own = delegate_registration(user, registration.event)
    return own is not None and own.pk == registration.pk


def forget_delegate(user) -> None:
    if user is not None:
        user.__dict__.pop("_liaison_delegate", None)


# --- A person's own data (liaison.privacy) -------------------------------------------------


def is_self(user, person) -> bool:
    """Is ``person`` the user themself (their own account linked to the person)?"""
    return _active(user) and person.user_id is not None and person.user_id == user.pk


def can_manage_personal_data(user, person, event: Event) -> bool:
    """Export or erase ``person``'s data from ``event``'s console: ``privacy.manage`` in that
    event (where the person registered or has a role) and in every other event the person
    is part of, since erasure reaches all of them. Superusers always."""
    if not has_perm(user, "privacy.manage", event):
        return False
    if user.is_superuser:
        return True
    from django.db.models import Q

    ids = set(
        Event.objects.filter(Q(registrations__person=person) | Q(roles__person=person))
        .order_by()
        .values_list("pk", flat=True)
    )
    return event.pk in ids and all(
        has_perm(user, "privacy.manage", e) for e in Event.objects.filter(pk__in=ids)
    )
