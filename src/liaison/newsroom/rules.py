"""Who may do what in the newsroom: the one place that says it for releases.

A user's part in a newsroom is a ``NewsroomMember`` row (writer, editor, publisher). The
event's own team counts too, through ``liaison.events.rules`` (``news.write`` lets a member
of the event's team write and submit the event's releases, ``news.publish`` approve and
publish them). Superusers may do everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from liaison.events import rules as event_rules
from liaison.events.models import Event

from .models import Newsroom, NewsroomMember, NewsroomRole, Release

W, E, P = NewsroomRole.WRITER, NewsroomRole.EDITOR, NewsroomRole.PUBLISHER

# action -> (newsroom roles that hold it, the event permission that also grants it)
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "view": (frozenset({W, E, P}), "news.write"),
    "write": (frozenset({W, E, P}), "news.write"),
    "submit": (frozenset({W, E, P}), "news.write"),
    "approve": (frozenset({E, P}), "news.publish"),
    "publish": (frozenset({P}), "news.publish"),
    "withdraw": (frozenset({P}), "news.publish"),
}

_CACHE_ATTR = "_liaison_newsroom_roles"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def newsroom_roles(user, newsroom: Newsroom) -> frozenset[str]:
    if not _active(user) or newsroom.pk is None:
        return frozenset()
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if newsroom.pk not in cache:
        cache[newsroom.pk] = frozenset(
            NewsroomMember.objects.filter(newsroom_id=newsroom.pk, user_id=user.pk).values_list(
                "role", flat=True
            )
        )
    return cache[newsroom.pk]


def forget_roles(user) -> None:
    if user is not None:
        user.__dict__.pop(_CACHE_ATTR, None)


def may(user, action: str, release: Release) -> bool:
    """May ``user`` do ``action`` ("write", "approve", "publish", ...) with ``release``?
    Unknown actions raise."""
    roles, event_perm = ACTIONS[action]
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if newsroom_roles(user, release.newsroom) & roles:
        return True
    return release.event is not None and event_rules.has_perm(user, event_perm, release.event)


def may_draft(user, event, newsroom: Newsroom | None) -> bool:
    """Drafting a release of ``event``: its team's writers, or the newsroom's."""
    if not _active(user):
        return False
    if user.is_superuser or event_rules.has_perm(user, "news.write", event):
        return True
    return newsroom is not None and bool(newsroom_roles(user, newsroom))


def may_use_newsroom_console(user) -> bool:
    return _active(user)


def releases_for(user) -> QuerySet[Release]:
    """The releases ``user`` may open in the console."""
    if not _active(user):
        return Release.objects.none()
    releases = Release.objects.all()
    if not user.is_superuser:
        events = event_rules.events_for(user, "news.write").values("pk")
        releases = releases.filter(Q(newsroom__members__user=user) | Q(event__in=events)).distinct()
    return releases


def events_to_draft(user) -> list:
    """The events ``user`` may draft a release of (``may_draft``): those whose team lets
    them write news, and those whose newsroom (``services.newsroom_for_event``) they are a
    member of."""
    from .services import newsroom_for_event  # services import these rules

    own = list(event_rules.events_for(user, "news.write"))
    if not _active(user) or user.is_superuser:
        return own
    rooms = set(NewsroomMember.objects.filter(user=user).values_list("newsroom_id", flat=True))
    if not rooms:
        return own
    seen = {e.pk for e in own}
    candidates = (
        Event.objects.filter(Q(supporters__newsrooms__in=rooms) | Q(hosts__newsrooms__in=rooms))
        .exclude(pk__in=seen)
        .distinct()
        .order_by("-starts_at")
    )
    for event in candidates:
        newsroom = newsroom_for_event(event)
        if newsroom is not None and newsroom.pk in rooms:
            own.append(event)
    return own


def alert_recipients(release: Release) -> list[str]:
    """The e-mail addresses told when a release's seal fails: the newsroom's editors and
    publishers, and the event team's members who may publish its news."""
    users = [
        m.user
        for m in NewsroomMember.objects.filter(
            newsroom=release.newsroom, role__in=[E, P]
        ).select_related("user")
    ]
    if release.event is not None:
        allowed = event_rules.PERMISSIONS["news.publish"] | event_rules.PERMISSIONS["news.write"]
        users += [
            t.user for t in release.event.team.filter(role__in=allowed).select_related("user")
        ]
    return sorted({u.email for u in users if u.email and u.is_active})
