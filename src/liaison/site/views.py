"""Public event site. Views translate HTTP into selector calls and back; nothing else."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation

from liaison.core.i18n import offered_languages
from liaison.events import rules
from liaison.site import selectors


def _event_or_404(slug: str):
    event = selectors.public_event(slug)
    if event is None:
        raise Http404("No public event with this address.")
    return event


def _in_another_language(request: HttpRequest, event) -> HttpResponse | None:
    """An event is read in the languages it offers: another language's address leads to
    the same page in the event's default language."""
    if translation.get_language() in offered_languages(event):
        return None
    return redirect(translate_url(request.get_full_path(), event.default_language))


def index(request: HttpRequest) -> HttpResponse:
    events = list(selectors.event_list())
    if not events:
        return render(request, "site/no_event.html")
    return render(request, "site/index.html", {"events": events, "page": "index"})


def event_home(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    if response := _in_another_language(request, event):
        return response
    figures = selectors.key_figures(event)
    context = {
        "event": event,
        "hosts": list(event.hosts.all()),
        "supporters": list(event.supporters.all()),
        "areas": list(event.areas.all()),
        "figures": figures,
        "other_zones": selectors.audience_zones(event, [s.delegation for s in figures.sides]),
        "programme": selectors.programme_outline(event),
        "show_online_address": rules.can_see_online_channel(request.user, event),
        "page": "home",
    }
    return render(request, "site/event_home.html", context)


def organisations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    if response := _in_another_language(request, event):
        return response
    context = {
        "event": event,
        "hosts": list(event.hosts.all()),
        "supporters": list(event.supporters.all()),
        "sides": selectors.sides_with_organisations(event),
        "organisation_total": selectors.organisation_count(event),
        "page": "organisations",
    }
    return render(request, "site/organisations.html", context)
