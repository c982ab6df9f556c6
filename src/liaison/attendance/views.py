"""Console pages of attendance (the check-in desk, the dashboard, badge sheets) and the
public join link. Views only translate HTTP: rules decide, services write, selectors read.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView

from liaison.console.views import EventOrganiserMixin
from liaison.core.errors import Conflict
from liaison.events import rules
from liaison.registration.models import Registration

from . import services
from .badges import badge_sheets_pdf
from .charts import bars
from .models import OnlineVisit
from .selectors import dashboard_figures, desk_search

# What the desk needs to open without the network, cached by its service worker.
DESK_ASSETS = ("liaison/liaison.css", "attendance/desk.css", "attendance/desk.js")


@lru_cache(maxsize=1)
def _assets_version() -> str:
    """Changes whenever a cached file changes, so that desks fetch the new ones."""
    digest = hashlib.sha256()
    for name in DESK_ASSETS:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


def desk_strings() -> dict:
    """The desk's words, translated on the server and kept with the cached page so that
    the desk speaks the user's language offline too."""
    return {
        "online": _("Online"),
        "offline": _("Offline: scans are kept on this device"),
        "waiting": _("waiting to sync"),
        "saved_offline": _("Saved on this device: waiting to sync"),
        "sending": _("Sending…"),
        "synced": _("Synced"),
        "sign_in": _("Your session has ended: sign in again to send the waiting scans."),
        "server_error": _("The server did not answer; the scan is kept and will be sent again."),
        "search_offline": _("Name search needs the network. Scanning badges works offline."),
        "no_match": _("Nobody registered for this event matches “%(q)s”."),
        "matches": _("People matching “%(q)s”"),
        "check_in": _("Check in"),
        "checked_in_at": _("Checked in at %(time)s"),
        "needs": _("Special needs"),
        "role": _("Role"),
        "organisation": _("Organisation"),
        "delegation": _("Delegation"),
        "pending_none": _("Nothing is waiting: every scan has reached the server."),
        "scanned": _("Scanned %(time)s"),
        "empty": _("Scan a badge, or type a name in any script and press Enter."),
        "status": _("Status"),
    }


class CheckInDesk(EventOrganiserMixin, TemplateView):
    """The door: one input takes a scanner's code + Enter, or a name to search."""

    template_name = "attendance/desk.html"
    permission = "checkin.scan"

    def get_context_data(self, **kwargs):
        slug = self.event.slug
        return super().get_context_data(
            strings=desk_strings(),
            api_url=f"/api/v1/events/{slug}/checkins/",
            **kwargs,
        )


class DeskSearch(EventOrganiserMixin, View):
    permission = "checkin.scan"

    def get(self, request, slug):
        query = request.GET.get("q", "")[:100]
        return JsonResponse({"query": query, "results": desk_search(self.event, query)})


class DeskServiceWorker(EventOrganiserMixin, View):
    """The desk's service worker, served from the desk's own path so that its scope is
    the desk (no CDN, nothing outside the project)."""

    permission = "checkin.scan"

    def get(self, request, slug):
        from django.urls import reverse

        page = reverse("console:attendance:checkin", args=[slug])
        script = render_to_string(
            "attendance/desk-sw.js",
            {
                "slug": slug,
                "version": _assets_version(),
                "page": page,
                "assets": [static(name) for name in DESK_ASSETS],
            },
        )
        response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        return response


def _figures_context(event) -> dict:
    figures = dashboard_figures(event)
    return {
        "event": event,
        "figures": figures,
        "chart": bars(figures.by_delegation),
        "tables": [
            (_("By delegation"), figures.by_delegation),
            (_("By kind of organisation"), figures.by_kind),
            (_("By mode"), figures.by_mode),
            (_("By cooperation area"), figures.by_area),
        ],
    }


class AttendanceDashboard(EventOrganiserMixin, TemplateView):
    template_name = "attendance/dashboard.html"
    permission = "registration.view"

    def get_context_data(self, **kwargs):
        context = _figures_context(self.event)
        context.pop("event")
        return super().get_context_data(**context, **kwargs)


class AttendanceFigures(EventOrganiserMixin, View):
    """The dashboard's figures and chart as JSON, polled while the event runs."""

    permission = "registration.view"

    def get(self, request, slug):
        context = _figures_context(self.event)
        data = context["figures"].as_dict()
        data["html"] = render_to_string("attendance/_figures.html", context, request=request)
        response = JsonResponse(data)
        response["Cache-Control"] = "no-store"
        return response


class BadgeSheets(EventOrganiserMixin, View):
    """Every approved on-site participant's badge, four to an A4 sheet."""

    permission = "registration.view"

    def get(self, request, slug):
        try:
            pdf = badge_sheets_pdf(self.event)
        except ValidationError as error:
            return render(
                request,
                "attendance/no_badges.html",
                {"event": self.event, "message": error.messages[0]},
                status=404,
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="badges-{slug}.pdf"'
        return response


# The public join link ----------------------------------------------------------------------


def _registration_by_token(slug: str, token: str) -> Registration:
    registration = (
        Registration.objects.select_related("event", "person")
        .filter(event__slug=slug, join_token=token)
        .first()
    )
    if registration is None or not rules.can_view_public(registration.event):
        raise Http404(_("This join link is not known."))
    return registration


@require_http_methods(["GET", "POST"])
def join(request, slug, token):
    """A participant's personal join link. Opening it records the join (the page posts to
    itself as soon as it loads, so that a mail scanner fetching the link records nothing)
    and offers the online channel; the page then stays open beside the channel to say the
    participant is still there (a heartbeat a minute) and when they leave. Without
    JavaScript, its button posts and forwards straight to the channel."""
    registration = _registration_by_token(slug, token)
    event = registration.event
    context = {"event": event, "registration": registration, "channel": event.online_url}
    if request.method == "POST":
        try:
            visit = services.record_join(registration)
        except Conflict as refused:
            if _wants_json(request):
                return JsonResponse({"errors": {"non_field_errors": [str(refused)]}}, status=409)
            return render(
                request, "attendance/join.html", context | {"refused": str(refused)}, status=409
            )
        if _wants_json(request):
            return JsonResponse(
                {
                    "visit": visit.pk,
                    "joined_at": visit.joined_at.isoformat(),
                    "channel": event.online_url,
                }
            )
        if event.online_url:
            return redirect(event.online_url)
        return render(request, "attendance/join.html", context | {"visit": visit})
    try:
        services.check_joinable(registration)
    except Conflict as refused:
        return render(
            request, "attendance/join.html", context | {"refused": str(refused)}, status=409
        )
    return render(request, "attendance/join.html", context)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def presence(request, slug, token):
    """The join page's heartbeat (``leaving=1`` when the page is closed)."""
    registration = _registration_by_token(slug, token)
    visit = get_object_or_404(
        OnlineVisit, pk=request.POST.get("visit") or 0, registration=registration
    )
    visit = services.record_presence(visit, leaving=request.POST.get("leaving") == "1")
    return JsonResponse(
        {"visit": visit.pk, "left": visit.left_at is not None},
        status=200,
    )
