"""Read queries of matchmaking (no writes): delegates, marketplace, recommendations with
their reasons in the reader's language, requests, runs, agendas, pipeline, statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import override

from liaison.core.i18n import localize
from liaison.registration.models import Registration, RegistrationStatus

from .models import (
    LEAD_RESULTS,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Opportunity,
    Outcome,
    Profile,
    Recommendation,
    RequestStatus,
    ScheduleRun,
)
from .recommender import Delegate, cross_sides, fold
from .recommender import Opportunity as Opp


def _texts(value) -> str:
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return " ".join(str(v) for v in data.values() if v)
    return str(data or "")


def tr(value, language: str, fallback: str = "en") -> str:
    return localize(value, language, fallback).text


# --- Delegates and the marketplace -----------------------------------------------------------


def delegates(event):
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .select_related("person", "organisation", "delegation")
        .order_by("id")
    )


def recommender_input(event) -> list[Delegate]:
    regs = list(delegates(event).prefetch_related("areas"))
    profiles = {
        p.registration_id: p
        for p in Profile.objects.filter(event=event).prefetch_related("areas", "opportunities")
    }
    out = []
    for reg in regs:
        profile = profiles.get(reg.pk)
        areas = {a.pk for a in (profile.areas.all() if profile else reg.areas.all())}
        org = reg.organisation
        text = " ".join(
            t
            for t in (_texts(profile.pitch) if profile else "", _texts(org.name) if org else "")
            if t
        )
        opps = [
            Opp(
                o.pk,
                o.direction,
                o.kind,
                o.area_id,
                _texts(o.title) + " " + _texts(o.description),
            )
            for o in (profile.opportunities.all() if profile else [])
        ]
        out.append(
            Delegate(
                reg.pk,
                reg.delegation.code if reg.delegation_id else None,
                frozenset(areas),
                text,
                opps,
            )
        )
    return out


def may_meet_rule(event):
    from .services.profiles import settings_for

    rules = [tuple(p) for p in settings_for(event).side_rules or []]
    if not rules:
        return lambda r, c: cross_sides(r.side, c.side)
    allowed = set(rules)
    return lambda r, c: (r.side, c.side) in allowed


MARKET_FILTERS = ("q", "area", "side", "kind", "direction", "org_kind", "language")


def marketplace(event, filters: dict | None = None):
    """Opportunities of approved delegates, newest first, narrowed by ``filters``."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    qs = (
        Opportunity.objects.filter(
            event=event, profile__registration__status=RegistrationStatus.APPROVED
        )
        .select_related(
            "area",
            "profile__registration__person",
            "profile__registration__organisation",
            "profile__registration__delegation",
        )
        .order_by("-created_at", "-id")
    )
    if "area" in filters:
        qs = qs.filter(area__slug=filters["area"])
    if "side" in filters:
        qs = qs.filter(profile__registration__delegation__code=filters["side"])
    if "kind" in filters:
        qs = qs.filter(kind=filters["kind"])
    if "direction" in filters:
        qs = qs.filter(direction=filters["direction"])
    if "org_kind" in filters:
        qs = qs.filter(profile__registration__organisation__kind=filters["org_kind"])
    if "language" in filters:
        qs = qs.filter(profile__languages__icontains=f'"{filters["language"]}"')
    if "q" in filters:
        for word in fold(filters["q"]).split():
            qs = qs.filter(Q(search_text__contains=word) | Q(profile__search_text__contains=word))
    return qs


def profile_of(registration) -> Profile | None:
    return (
        Profile.objects.filter(registration=registration)
        .prefetch_related("areas", "opportunities__area")
        .first()
    )


# --- Recommendations ---------------------------------------------------------------------------


@dataclass
class Recommended:
    registration: Registration
    score: float
    reason: str
    rank: int


def reason_text(code: str, params: dict, language: str, opportunities: dict, areas: dict) -> str:
    with override(language):
        area = areas.get(params.get("area"))
        area_name = tr(area.name, language) if area else ""
        if code == "their_offer" and params.get("offer") in opportunities:
            return _("their offer “%(offer)s” meets your need in %(area)s") % {
                "offer": tr(opportunities[params["offer"]].title, language),
                "area": area_name,
            }
        if code == "your_offer" and params.get("need") in opportunities:
            return _("their need “%(need)s” matches your offer in %(area)s") % {
                "need": tr(opportunities[params["need"]].title, language),
                "area": area_name,
            }
        if code == "shared_areas" and params.get("areas"):
            names = [tr(areas[a].name, language) for a in params["areas"] if a in areas]
            return _("you both work in %(areas)s") % {"areas": _(", ").join(names)}
        return _("your profiles and opportunities are close")


def recommendations_for(registration, language: str) -> list[Recommended]:
    """The delegate's stored recommendations, counterparts still approved, best first."""
    rows = list(
        Recommendation.objects.filter(
            registration=registration, counterpart__status=RegistrationStatus.APPROVED
        )
        .select_related(
            "counterpart__person", "counterpart__organisation", "counterpart__delegation"
        )
        .order_by("rank")
    )
    opp_ids = {r.reason_params.get(k) for r in rows for k in ("offer", "need")} - {None}
    opportunities = {o.pk: o for o in Opportunity.objects.filter(pk__in=opp_ids)}
    areas = {a.pk: a for a in registration.event.areas.all()}
    return [
        Recommended(
            r.counterpart,
            r.score,
            reason_text(r.reason_code, r.reason_params, language, opportunities, areas),
            r.rank,
        )
        for r in rows
    ]


def recommendations_stale(event) -> bool:
    from .services.profiles import settings_for

    at = settings_for(event).recommendations_at
    if at is None:
        return True
    return (
        Profile.objects.filter(event=event, updated_at__gt=at).exists()
        or Opportunity.objects.filter(event=event, created_at__gt=at).exists()
        or Registration.objects.filter(event=event, updated_at__gt=at).exists()
    )


# --- Requests ------------------------------------------------------------------------------------


def requests_of(registration):
    return (
        MeetingRequest.objects.filter(Q(requester=registration) | Q(recipient=registration))
        .select_related(
            "requester__person",
            "recipient__person",
            "requester__organisation",
            "recipient__organisation",
            "requester__delegation",
            "recipient__delegation",
        )
        .order_by("-created_at", "-id")
    )


def requests(event):
    return MeetingRequest.objects.filter(event=event).select_related(
        "requester__person", "recipient__person"
    )


# --- Runs and meetings ---------------------------------------------------------------------------


def phase_label(phase: str) -> str:
    """The solver's phase (``liaison.scheduling.progress``) in the reader's language."""
    labels = {
        "": "",
        "start": _("starting"),
        "bounds": _("proving a bound"),
        "construction": _("building a first schedule"),
        "weight search": _("fitting in more meetings"),
        "breaks search": _("closing idle breaks"),
        "check": _("checking the schedule"),
        "done": _("finished"),
    }
    return labels.get(phase, phase)


# A run's ``instance`` (the whole liaison-schedule/1 document) and ``unscheduled`` list
# grow with the event (about 1 MB together for 2,000 delegates): lists and the published
# run's lookups, which every agenda page and e-mail makes, leave them in the database.
HEAVY_RUN_FIELDS = ("instance", "unscheduled")


def runs(event):
    return (
        ScheduleRun.objects.filter(event=event)
        .defer("instance")  # the run list shows the reasons (``unscheduled``), never this
        .order_by("-created_at", "-id")
    )


def published_run(event) -> ScheduleRun | None:
    return (
        ScheduleRun.objects.filter(event=event, published_at__isnull=False)
        .defer(*HEAVY_RUN_FIELDS)
        .order_by("-published_at", "-id")
        .first()
    )


def _meetings(qs):
    return qs.select_related(
        "slot",
        "table",
        "video_room",
        "request__requester__person",
        "request__recipient__person",
        "request__requester__organisation",
        "request__recipient__organisation",
        "request__requester__delegation",
        "request__recipient__delegation",
    ).order_by("slot__starts_at", "id")


def run_meetings(run):
    return _meetings(Meeting.objects.filter(run=run))


def schedule(event):
    """The published schedule's meetings still on (none before publication)."""
    run = published_run(event)
    if run is None:
        return Meeting.objects.none()
    return _meetings(Meeting.objects.filter(run=run, cancelled_at__isnull=True))


def meetings_of(registration):
    return schedule(registration.event).filter(
        Q(request__requester=registration) | Q(request__recipient=registration)
    )


@dataclass
class AgendaEntry:
    meeting: Meeting
    counterpart: Registration
    counterpart_name: str
    local_start: datetime
    local_end: datetime
    event_start: datetime
    event_end: datetime
    place: str
    video_url: str | None
    table: int | None
    consent: bool


def agenda(
    registration, viewer_zone: str | None = None, *, language: str | None = None
) -> list[AgendaEntry]:
    """The delegate's published meetings; places said in ``language`` (theirs by default)."""
    return agendas(registration.event, [registration], viewer_zone, language=language)[
        registration.pk
    ]


def agendas(
    event, registrations, viewer_zone: str | None = None, *, language: str | None = None
) -> dict[int, list[AgendaEntry]]:
    """The published meetings of several delegates of ``event`` in one query (the agenda
    e-mails of a publication, the reminders): registration pk -> entries, each delegate's
    places in ``language`` or else their own."""
    event_zone = ZoneInfo(event.timezone)
    zone = ZoneInfo(viewer_zone) if viewer_zone else event_zone
    readers = {r.pk: r for r in registrations}
    out: dict[int, list[AgendaEntry]] = {pk: [] for pk in readers}
    if not readers:
        return out
    ids = list(readers)
    meetings = schedule(event).filter(Q(request__requester__in=ids) | Q(request__recipient__in=ids))
    for m in meetings:
        for own, other in (
            (m.request.requester, m.request.recipient),
            (m.request.recipient, m.request.requester),
        ):
            if own.pk not in readers:
                continue
            reader_language = language or readers[own.pk].language
            with override(reader_language):
                if m.table_id:
                    place = _("Table %(n)d") % {"n": m.table.number}
                else:
                    place = _("Video room %(n)d") % {"n": m.video_room.number}
            out[own.pk].append(
                AgendaEntry(
                    m,
                    other,
                    other.person.name_for(reader_language),
                    m.slot.starts_at.astimezone(zone),
                    m.slot.ends_at.astimezone(zone),
                    m.slot.starts_at.astimezone(event_zone),
                    m.slot.ends_at.astimezone(event_zone),
                    place,
                    m.video_room.url if m.video_room_id else None,
                    m.table.number if m.table_id else None,
                    other.consent_contact,
                )
            )
    return out


def slot_label(event, slot_ids: list[str]) -> str:
    zone = ZoneInfo(event.timezone)
    pks = [int(s[1:]) for s in slot_ids if s[1:].isdigit()]
    slots = MeetingSlot.objects.filter(pk__in=pks).order_by("starts_at")
    return ", ".join(f"{s.starts_at.astimezone(zone):%H:%M}" for s in slots)


def unscheduled_reasons(run, language: str) -> list[dict]:
    """The run's unscheduled meetings with the scheduler's reasons said in ``language``."""
    names = {
        r.pk: r.person.name_for(language)
        for r in Registration.objects.filter(
            pk__in={int(p[1:]) for u in run.unscheduled for p in _participants(u)}
        ).select_related("person")
    }
    requests = {
        q.pk: q
        for q in MeetingRequest.objects.filter(
            pk__in=[u["request"] for u in run.unscheduled]
        ).select_related("requester__person", "recipient__person")
    }
    out = []
    for u in run.unscheduled:
        who = [names.get(int(p[1:]), p) for p in _participants(u)]
        request = requests.get(u["request"])
        out.append(
            {
                "request": u["request"],
                "code": u.get("code", ""),
                "params": u.get("params", {}),
                "reason": scheduler_reason(run.event, u, who, language),
                "pair": (
                    f"{request.requester.person.name_for(language)} — "
                    f"{request.recipient.person.name_for(language)}"
                    if request
                    else ""
                ),
            }
        )
    return out


def _participants(u) -> list[str]:
    params = u.get("params") or {}
    found = list(params.get("participants") or [])
    if params.get("participant"):
        found.append(params["participant"])
    return [p for p in found if isinstance(p, str) and p[1:].isdigit()]


def scheduler_reason(event, u: dict, who: list[str], language: str) -> str:
    """One of the scheduler's reason codes (explain.CODES) said in ``language``."""
    code, params = u.get("code", ""), u.get("params") or {}
    with override(language):
        both = _(" and ").join(who) if who else _("its participants")
        place = _("video room") if params.get("mode") == "online" else _("table")
        slots = slot_label(event, params.get("slots") or params.get("busy_slots") or [])
        texts = {
            "no_location_of_mode": _("the event has no %(place)s for this meeting")
            % {"place": place},
            "no_table_large_enough": _("no %(place)s seats %(n)s people")
            % {"place": place, "n": params.get("size", "")},
            "no_common_free_slot": _("%(who)s have no free slot in common") % {"who": both},
            "max_meetings_reached": _("%(who)s has reached the most meetings allowed")
            % {"who": both},
            "max_consecutive_reached": _(
                "a limit on meetings in a row, asked for by a participant, rules out every "
                "slot %(who)s share (%(slots)s)"
            )
            % {"who": both, "slots": slots},
            "locations_taken": _("every %(place)s is taken in the slots %(who)s share (%(slots)s)")
            % {"place": place, "who": both, "slots": slots},
            "participants_busy": _(
                "in every slot %(who)s share, one of them already has a meeting of higher "
                "or equal priority"
            )
            % {"who": both},
            "busy_or_full": _(
                "in the slots %(who)s share, one of them is busy or every %(place)s is taken"
            )
            % {"who": both, "place": place},
            "fairness_or_priority": _(
                "holding it would displace meetings of higher priority or leave someone "
                "with too many idle breaks"
            ),
            "infeasible": _("no schedule can hold every meeting under the rules"),
            "no_schedule": _("no schedule was found within the time limit"),
            "cancelled": _("the run was cancelled before a schedule was found"),
            "fixed_slot_unavailable": _("a participant cannot attend its fixed slot"),
            "fixed_slot_outside_session": _("its fixed slot is outside its session"),
            "no_interpreter_of_pair": _("no interpreter for its languages is available"),
            "interpreters_taken": _("every interpreter for its languages is taken"),
            "after_other_meetings": _(
                "it must come after other meetings and no later slot has room"
            ),
            "before_other_meetings": _(
                "it must come before other meetings and no earlier slot has room"
            ),
        }
        # An unknown code: the scheduler's English sentence ("reason" in its result).
        return texts.get(code) or u.get("reason") or u.get("text", "")


def per_delegate_counts(run, language: str) -> list[tuple[str, int]]:
    counts: Counter = Counter()
    names = {}
    for m in run_meetings(run):
        for reg in (m.request.requester, m.request.recipient):
            counts[reg.pk] += 1
            names[reg.pk] = reg.person.name_for(language)
    return sorted(((names[k], v) for k, v in counts.items()), key=lambda x: (-x[1], x[0]))


# --- Outcomes, pipeline, statistics ------------------------------------------------------------


def outcomes_of(registration) -> dict[int, Outcome]:
    return {o.request_id: o for o in Outcome.objects.filter(registration=registration)}


def pipeline(event, filters: dict | None = None):
    """Cooperation leads: outcomes that promise more (follow-up, MoU, project)."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    qs = (
        Outcome.objects.filter(event=event, result__in=LEAD_RESULTS)
        .select_related(
            "registration__person",
            "registration__delegation",
            "registration__organisation",
            "request__requester__person",
            "request__recipient__person",
            "request__requester__organisation",
            "request__recipient__organisation",
        )
        .prefetch_related(
            Prefetch("request__meetings", queryset=Meeting.objects.select_related("slot")),
            "request__requester__areas",
            "request__recipient__areas",
        )
        .order_by("due_date", "id")
    )
    if "side" in filters:
        qs = qs.filter(registration__delegation__code=filters["side"])
    if "area" in filters:
        qs = qs.filter(
            Q(request__requester__areas__slug=filters["area"])
            | Q(request__recipient__areas__slug=filters["area"])
        ).distinct()
    return qs


def lead_area(outcome, language: str) -> str:
    regs = (outcome.request.requester, outcome.request.recipient)
    shared = set(regs[0].areas.all()) & set(regs[1].areas.all())
    with override(language):
        comma = _(", ")
    return comma.join(tr(a.name, language) for a in sorted(shared, key=lambda a: a.position))


def statistics(event) -> dict:
    reqs = list(
        MeetingRequest.objects.filter(event=event).values(
            "status", "requester__delegation__code", "recipient__delegation__code"
        )
    )
    by_status = Counter(r["status"] for r in reqs)
    decided = by_status[RequestStatus.ACCEPTED] + by_status[RequestStatus.DECLINED]
    held = list(
        schedule(event).values(
            "request__requester__delegation__code", "request__recipient__delegation__code"
        )
    )
    area_counts: Counter = Counter()
    for m in schedule(event).prefetch_related(
        "request__requester__areas", "request__recipient__areas"
    ):
        shared = {a.slug for a in m.request.requester.areas.all()} & {
            a.slug for a in m.request.recipient.areas.all()
        }
        for slug in shared or {"-"}:
            area_counts[slug] += 1
    sides: Counter = Counter()
    for m in held:
        for key in ("request__requester__delegation__code", "request__recipient__delegation__code"):
            sides[m[key] or "-"] += 1
    outcomes = Counter(Outcome.objects.filter(event=event).values_list("result", flat=True))
    return {
        "requests": len(reqs),
        "by_status": dict(by_status),
        "acceptance_rate": (by_status[RequestStatus.ACCEPTED] / decided) if decided else None,
        "meetings": len(held),
        "by_area": dict(area_counts),
        "by_side": dict(sides),
        "no_shows": outcomes.get("no_show", 0),
        "outcomes": dict(outcomes),
        "per_side_requests": dict(Counter(r["requester__delegation__code"] or "-" for r in reqs)),
    }
