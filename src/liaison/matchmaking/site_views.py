"""Delegates' matchmaking pages under ``/{language}/{event}/matchmaking/``: marketplace,
a delegate's profile, recommendations, requests, the personal agenda (.ics too) and
outcomes. Approved delegates and organisers only (``rules.can_use_matchmaking``)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from liaison.core.errors import Conflict
from liaison.events import rules
from liaison.events.models import OrganisationKind
from liaison.site import selectors as site_selectors

from . import selectors, services
from .api import ensure_recommendations
from .models import MeetingRequest, Opportunity, OpportunityKind, OutcomeResult


def _language() -> str:
    code = (get_language() or "en").lower()
    return code if code in ("en", "zh-hans", "ja") else "en"


def _gate(request, slug):
    """(event, own registration or None); sign-in first, then 404 for outsiders."""
    event = site_selectors.public_event(slug)
    if event is None:
        raise Http404("No public event with this address.")
    if not request.user.is_authenticated:
        raise _Login(request)
    if not rules.can_use_matchmaking(request.user, event):
        raise Http404("Matchmaking is for the event's approved delegates.")
    return event, rules.delegate_registration(request.user, event)


class _Login(Exception):  # noqa: N818
    def __init__(self, request):
        self.response = redirect_to_login(
            request.get_full_path(),
            f"/{_language()}/{request.resolver_match.kwargs['slug']}/signin/",
        )


def _guarded(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Login as exc:
            return exc.response

    wrapper.__name__ = view.__name__
    return wrapper


def _ctx(event, own, page, **extra):
    return {"event": event, "own": own, "mm_page": page, **extra}


@_guarded
def marketplace(request, slug):
    event, own = _gate(request, slug)
    filters = {k: request.GET.get(k, "").strip() for k in selectors.MARKET_FILTERS}
    opportunities = Paginator(selectors.marketplace(event, filters), 30).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matchmaking/marketplace.html",
        _ctx(
            event,
            own,
            "market",
            opportunities=opportunities,
            filters=filters,
            query=query.urlencode(),
            areas=event.areas.all(),
            sides=event.delegations.all(),
            kinds=OpportunityKind.choices,
            org_kinds=OrganisationKind.choices,
            language_options=[("en", "English"), ("zh-hans", "中文"), ("ja", "日本語")],
        ),
    )


@_guarded
def delegate(request, slug, pk):
    event, own = _gate(request, slug)
    other = get_object_or_404(selectors.delegates(event), pk=pk)
    profile = selectors.profile_of(other)
    manager = rules.has_perm(request.user, "matchmaking.manage", event)
    is_self = own is not None and own.pk == other.pk
    # contact details only with the delegate's consent (or to themself and organisers)
    show_contact = other.consent_contact or is_self or manager
    return render(
        request,
        "matchmaking/delegate.html",
        _ctx(
            event,
            own,
            "market",
            other=other,
            profile=profile,
            show_contact=show_contact,
            can_request=own is not None and not is_self,
        ),
    )


@_guarded
def recommendations(request, slug):
    event, own = _gate(request, slug)
    if own is None:
        raise Http404("Recommendations are for delegates.")
    ensure_recommendations(event)
    return render(
        request,
        "matchmaking/recommendations.html",
        _ctx(event, own, "recs", items=selectors.recommendations_for(own, _language())),
    )


@_guarded
def requests_page(request, slug):
    event, own = _gate(request, slug)
    if own is None:
        raise Http404("Requests are for delegates.")
    items = list(selectors.requests_of(own))
    return render(
        request,
        "matchmaking/requests.html",
        _ctx(
            event,
            own,
            "requests",
            received=[r for r in items if r.recipient_id == own.pk],
            sent=[r for r in items if r.requester_id == own.pk],
            quota=services.requests.quota_of(own),
            used=services.requests.used_quota(own),
        ),
    )


def _errors(exc) -> str:
    return " ".join(exc.messages if hasattr(exc, "messages") else [str(exc)])


@_guarded
@require_POST
def request_meeting(request, slug, pk):
    event, own = _gate(request, slug)
    if own is None:
        raise Http404()
    other = get_object_or_404(selectors.delegates(event), pk=pk)
    try:
        _req, created = services.request_meeting(
            own, other, message=request.POST.get("message", ""), actor=request.user
        )
    except (ValidationError, Conflict) as exc:
        messages.error(request, _errors(exc))
        return redirect("site:matchmaking-delegate", slug=slug, pk=pk)
    messages.success(request, _("Your request was sent.") if created else _("You asked already."))
    return redirect("site:matchmaking-requests", slug=slug)


@_guarded
@require_POST
def answer(request, slug, pk, action):
    event, own = _gate(request, slug)
    found = get_object_or_404(MeetingRequest, event=event, pk=pk)
    if own is None or own.pk not in found.participant_ids:
        raise Http404()
    if action in ("accept", "decline") and found.recipient_id != own.pk:
        raise Http404()
    fn = {"accept": services.accept, "decline": services.decline, "cancel": services.cancel_request}
    if action not in fn:
        raise Http404()
    try:
        fn[action](found, actor=request.user)
    except (ValidationError, Conflict) as exc:
        messages.error(request, _errors(exc))
    return redirect("site:matchmaking-requests", slug=slug)


@_guarded
def profile_page(request, slug):
    event, own = _gate(request, slug)
    if own is None:
        raise Http404()
    errors = {}
    if request.method == "POST":
        try:
            if request.POST.get("form") == "opportunity":
                services.add_opportunity(
                    own,
                    direction=request.POST.get("direction", ""),
                    kind=request.POST.get("kind", ""),
                    area=request.POST.get("area", ""),
                    title={_language(): request.POST.get("title", "")},
                    description={_language(): request.POST.get("description", "")},
                    actor=request.user,
                )
            elif request.POST.get("form") == "delete":
                found = get_object_or_404(
                    Opportunity, profile__registration=own, pk=request.POST.get("opportunity")
                )
                services.delete_opportunity(found, actor=request.user)
            else:
                pitch = {
                    code: request.POST.get(f"pitch_{code}", "") for code in ("en", "zh-hans", "ja")
                }
                services.save_profile(
                    own,
                    pitch=pitch,
                    languages=request.POST.getlist("languages"),
                    areas=[int(a) for a in request.POST.getlist("areas") if a.isdigit()],
                    phone=request.POST.get("phone", ""),
                    max_back_to_back=request.POST.get("max_back_to_back", "").strip(),
                    actor=request.user,
                )
            messages.success(request, _("Saved."))
            return redirect("site:matchmaking-profile", slug=slug)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    profile = selectors.profile_of(own) or services.profiles.profile_of(own)
    return render(
        request,
        "matchmaking/profile.html",
        _ctx(
            event,
            own,
            "profile",
            profile=profile,
            errors=errors,
            posted=request.POST,
            areas=event.areas.all(),
            kinds=OpportunityKind.choices,
            chosen_areas={a.pk for a in profile.areas.all()},
            pitch=getattr(profile.pitch, "data", {}) or {},
            pitch_zh=(getattr(profile.pitch, "data", {}) or {}).get("zh-hans", ""),
            language_choices=[("en", "English"), ("zh-hans", "中文"), ("ja", "日本語")],
        ),
    )


@_guarded
def agenda(request, slug):
    event, own = _gate(request, slug)
    if own is None:
        raise Http404()
    zone = request.GET.get("tz") or None
    try:
        entries = selectors.agenda(own, zone, language=_language())
    except Exception:  # an unknown zone: the event's
        zone, entries = None, selectors.agenda(own, language=_language())
    outcomes = selectors.outcomes_of(own)
    for e in entries:
        e.outcome = outcomes.get(e.meeting.request_id)
    return render(
        request,
        "matchmaking/agenda.html",
        _ctx(
            event,
            own,
            "agenda",
            entries=entries,
            zone=zone or event.timezone,
            results=OutcomeResult.choices,
        ),
    )


@_guarded
def agenda_ics(request, slug):
    event, own = _gate(request, slug)
    if own is None:
        raise Http404()
    language = _language()
    calendar = Calendar()
    calendar.add("prodid", "-//Liaison//B2B meetings//EN")
    calendar.add("version", "2.0")
    for e in selectors.agenda(own):
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{e.meeting.request_id}@{event.slug}.liaison")
        entry.add("dtstamp", e.meeting.run.published_at or e.meeting.slot.starts_at)
        entry.add("dtstart", e.meeting.slot.starts_at)
        entry.add("dtend", e.meeting.slot.ends_at)
        entry.add("summary", _("Meeting with %(name)s") % {"name": e.counterpart_name})
        entry.add("location", e.video_url or e.place)
        if e.video_url:
            entry.add("url", e.video_url)
        calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-meetings-{language}.ics"'
    return response


@_guarded
def agenda_pdf(request, slug):
    event, own = _gate(request, slug)
    if own is None:
        raise Http404()
    from .pdf import agenda_pdf as render_pdf

    language = _language()
    response = HttpResponse(render_pdf(own, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-meetings-{language}.pdf"'
    return response


@_guarded
@require_POST
def outcome(request, slug, pk):
    event, own = _gate(request, slug)
    found = get_object_or_404(MeetingRequest, event=event, pk=pk)
    if own is None or own.pk not in found.participant_ids:
        raise Http404()
    due = request.POST.get("due_date") or None
    try:
        services.record_outcome(
            found,
            own,
            result=request.POST.get("result", ""),
            next_steps=request.POST.get("next_steps", ""),
            follow_up_owner=request.POST.get("follow_up_owner", ""),
            due_date=date.fromisoformat(due) if due else None,
            actor=request.user,
        )
        messages.success(request, _("Saved."))
    except (ValidationError, ValueError) as exc:
        messages.error(
            request,
            _errors(exc)
            if isinstance(exc, ValidationError)
            else _("Give the due date as YYYY-MM-DD."),
        )
    return redirect("site:matchmaking-agenda", slug=slug)
