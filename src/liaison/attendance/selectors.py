"""Read queries of attendance: what the desk shows of a registration, the desk's name
search, and the figures of the attendance dashboard (with the one figure a release quotes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from liaison.core.i18n import localize
from liaison.events.models import Event, Organisation, Person, Role, _is_cjk
from liaison.registration.models import Registration, RegistrationStatus
from liaison.search.index import search

from .models import OnlineVisit
from .services import PRESENCE_TIMEOUT

SEARCH_LIMIT = 12


def _language() -> str:
    return get_language() or "en"


def registrations_for_desk(event: Event) -> QuerySet[Registration]:
    """Registrations with everything a desk card shows, in a fixed number of queries."""
    return (
        Registration.objects.filter(event=event)
        .select_related("person", "organisation", "delegation", "event")
        .prefetch_related(
            Prefetch(
                "person__roles",
                queryset=Role.objects.filter(event=event).order_by("kind", "position"),
                to_attr="event_roles",
            )
        )
    )


def _roles(registration: Registration) -> str:
    person = registration.person
    roles = getattr(person, "event_roles", None)
    if roles is None:
        roles = list(Role.objects.filter(event_id=registration.event_id, person=person))
    labels = []
    for role in roles:
        label = str(role.get_kind_display())
        if label not in labels:
            labels.append(label)
    return ", ".join(labels) or _("Participant")


def name_lang(registration: Registration) -> str:
    """The language of the name in its own script, so that pages and badges draw it with
    that language's glyph forms (Japanese and Chinese write some characters differently):
    kana or a Japanese person or side say ``ja``, other CJK names ``zh-Hans``."""
    person = registration.person
    written = person.family_name + person.given_name
    if not _is_cjk(written):
        return "en"
    if any("\u3040" <= ch <= "\u30ff" for ch in written):
        return "ja"
    side_country = registration.delegation.country if registration.delegation_id else ""
    if person.preferred_language == "ja" or side_country == "JP":
        return "ja"
    return "zh-Hans"


def card(registration: Registration, *, with_code: bool = False) -> dict:
    """A registration as the check-in desk shows it, in the active language: the name in
    the person's own script and in Latin letters, organisation, delegation, role and any
    special need."""
    language = _language()
    fallback = registration.event.default_language
    person: Person = registration.person
    native = person.native_name
    latin = person.latin_name
    if not native and not latin:
        native = localize(person.known_as, language, fallback).text
    data = {
        "id": registration.pk,
        "name": native or latin,
        "name_latin": latin if native and latin != native else "",
        "name_lang": name_lang(registration) if native else "en",
        "title": localize(person.title, language, fallback).text,
        "organisation": (
            localize(registration.organisation.name, language, fallback).text
            if registration.organisation_id
            else ""
        ),
        "delegation": (
            localize(registration.delegation.name, language, fallback).text
            if registration.delegation_id
            else ""
        ),
        "role": _roles(registration),
        "needs": registration.needs,
        "mode": registration.mode,
        "mode_label": str(registration.get_mode_display()),
        "status": registration.status,
        "status_label": str(registration.get_status_display()),
        "checked_in_at": (
            registration.checked_in_at.isoformat() if registration.checked_in_at else None
        ),
    }
    if with_code:
        data["badge_code"] = registration.badge_code
    return data


def desk_search(event: Event, query: str) -> list[dict]:
    """Registrations of ``event`` whose person matches ``query`` in any script ("Wang",
    "王", "Higashi", "東原"), at most ``SEARCH_LIMIT``, with their badge codes (the desk
    checks them in from the list)."""
    query = (query or "").strip()
    if not query:
        return []
    people = search(Person.objects.all(), query)
    registrations = registrations_for_desk(event).filter(person__in=people)
    registrations = registrations.order_by(
        "person__family_name_latin", "person__given_name_latin", "person__family_name", "pk"
    )
    return [card(r, with_code=True) for r in registrations[:SEARCH_LIMIT]]


# The dashboard ---------------------------------------------------------------------------

S = RegistrationStatus
ONSITE, ONLINE = Registration.Mode.ONSITE, Registration.Mode.ONLINE

# The measures of every row of the dashboard, each a filter over registrations.
MEASURES = {
    "registered": ~Q(status__in=[S.WITHDRAWN, S.REJECTED]),
    "approved": Q(status=S.APPROVED),
    "pending": Q(status=S.PENDING),
    "waitlisted": Q(status=S.WAITLISTED),
    "checked_in": Q(checked_in_at__isnull=False, mode=ONSITE, status=S.APPROVED),
    "joined": Q(joined_at__isnull=False, mode=ONLINE, status=S.APPROVED),
}


def _aggregates(prefix: str = "") -> dict:
    return {
        name: Count(f"{prefix}pk", filter=_prefixed(condition, prefix), distinct=bool(prefix))
        for name, condition in MEASURES.items()
    }


def _prefixed(condition: Q, prefix: str) -> Q:
    if not prefix:
        return condition
    out = Q()
    out.connector, out.negated = condition.connector, condition.negated
    out.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in condition.children
    ]
    return out


def attended(event: Event) -> int:
    """THE attendance figure of an event, defined once: approved on-site registrations
    that were checked in at the door, plus approved online registrations that followed
    their join link at least once. Pending, waitlisted, withdrawn and rejected
    registrations never count, whatever was scanned."""
    counts = Registration.objects.filter(event=event).aggregate(
        checked_in=Count("pk", filter=MEASURES["checked_in"]),
        joined=Count("pk", filter=MEASURES["joined"]),
    )
    return counts["checked_in"] + counts["joined"]


def release_round(n: int) -> int:
    """How a press release rounds a head count: exact below 20 ("12 representatives");
    to the nearest ten up to 1,000 (203 -> 200, 187 -> 190, 45 -> 50); to the nearest
    hundred from 1,000 (1,234 -> 1,200). Halves round up, never to zero."""
    if n < 20:
        return n
    step = 10 if n < 1000 else 100
    return max(step, (n + step // 2) // step * step)


def release_figure(n: int) -> str:
    """The sentence a release would quote, in the active language."""
    rounded = release_round(n)
    if rounded == n:
        return ngettext("%(n)s representative attended", "%(n)s representatives attended", n) % {
            "n": f"{n:,}"
        }
    return ngettext(
        "about %(n)s representative attended", "about %(n)s representatives attended", rounded
    ) % {"n": f"{rounded:,}"}


@dataclass
class Row:
    key: str
    label: str
    registered: int = 0
    approved: int = 0
    pending: int = 0
    waitlisted: int = 0
    checked_in: int = 0
    joined: int = 0

    @property
    def attended(self) -> int:
        return self.checked_in + self.joined

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            **{name: getattr(self, name) for name in MEASURES},
            "attended": self.attended,
        }


@dataclass
class Figures:
    totals: Row
    online_now: int
    attended: int
    release: str
    by_delegation: list[Row] = field(default_factory=list)
    by_kind: list[Row] = field(default_factory=list)
    by_mode: list[Row] = field(default_factory=list)
    by_area: list[Row] = field(default_factory=list)
    updated_at: str = ""

    def as_dict(self) -> dict:
        return {
            "totals": self.totals.as_dict(),
            "online_now": self.online_now,
            "attended": self.attended,
            "release_rounded": release_round(self.attended),
            "release": self.release,
            "by_delegation": [r.as_dict() for r in self.by_delegation],
            "by_kind": [r.as_dict() for r in self.by_kind],
            "by_mode": [r.as_dict() for r in self.by_mode],
            "by_area": [r.as_dict() for r in self.by_area],
            "updated_at": self.updated_at,
        }


def _rows(values, key_field: str, labels: dict, order: list) -> list[Row]:
    found = {v[key_field]: v for v in values}
    rows = []
    for key in order + [k for k in found if k not in order]:
        v = found.get(key, {})
        rows.append(
            Row(
                key=str(key) if key is not None else "",
                label=labels.get(key, _("None")),
                **{name: v.get(name, 0) for name in MEASURES},
            )
        )
    return rows


def dashboard_figures(event: Event) -> Figures:
    """Every figure of the attendance dashboard, in eight queries whatever the size."""
    language = _language()
    fallback = event.default_language
    registrations = Registration.objects.filter(event=event)
    totals = Row("all", _("All registrations"), **registrations.aggregate(**_aggregates()))

    delegations = list(event.delegations.order_by("position", "code"))
    by_delegation = _rows(
        registrations.order_by().values("delegation_id").annotate(**_aggregates()),
        "delegation_id",
        {d.pk: localize(d.name, language, fallback).text for d in delegations}
        | {None: _("No delegation")},
        [d.pk for d in delegations],
    )
    by_delegation = [r for r in by_delegation if r.registered or r.key]

    kinds = dict(Organisation.Kind.choices) | {None: _("No organisation")}
    by_kind = _rows(
        registrations.order_by().values("organisation__kind").annotate(**_aggregates()),
        "organisation__kind",
        {k: str(v) for k, v in kinds.items()},
        list(Organisation.Kind.values),
    )
    by_kind = [r for r in by_kind if r.registered or r.key]

    by_mode = _rows(
        registrations.order_by().values("mode").annotate(**_aggregates()),
        "mode",
        {k: str(v) for k, v in Registration.Mode.choices},
        list(Registration.Mode.values),
    )

    areas = list(event.areas.order_by("position", "slug"))
    area_values = (
        event.areas.values("pk")
        .annotate(**_aggregates("registrations__"))
        .order_by("position", "slug")
    )
    by_area = _rows(
        area_values,
        "pk",
        {a.pk: localize(a.name, language, fallback).text for a in areas},
        [a.pk for a in areas],
    )

    now = timezone.now()
    online_now = (
        OnlineVisit.objects.filter(
            registration__event=event,
            left_at__isnull=True,
            last_seen_at__gte=now - PRESENCE_TIMEOUT,
        )
        .values("registration_id")
        .distinct()
        .count()
    )
    count = totals.checked_in + totals.joined
    return Figures(
        totals=totals,
        online_now=online_now,
        attended=count,
        release=release_figure(count),
        by_delegation=by_delegation,
        by_kind=by_kind,
        by_mode=by_mode,
        by_area=by_area,
        updated_at=now.isoformat(),
    )
