"""Public event site. Views translate HTTP into selector calls and back; nothing else."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from liaison.site import selectors


def _event_or_404(slug: str):
    event = selectors.public_event(slug)
    if event is None:
        raise Http404("No public event with this address.")
    return event


def _event_home(request: HttpRequest, event) -> HttpResponse:
    figures = selectors.key_figures(event)
    context = {
        "event": event,
        "hosts": list(event.hosts.all()),
        "supporters": list(event.supporters.all()),
        "areas": list(event.areas.all()),
        "figures": figures,
        "other_zones": selectors.audience_zones(event, [s.delegation for s in figures.sides]),
        "programme": selectors.programme_outline(event),
        "page": "home",
    }
    return render(request, "site/event_home.html", context)


def index(request: HttpRequest) -> HttpResponse:
    event = selectors.current_event()
    if event is None:
        return render(request, "site/no_event.html")
    return _event_home(request, event)


def event_home(request: HttpRequest, slug: str) -> HttpResponse:
    return _event_home(request, _event_or_404(slug))


def organisations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    sides = selectors.sides_with_organisations(event)
    hosts, supporters = list(event.hosts.all()), list(event.supporters.all())
    taking_part = {e.organisation.pk for s in sides for e in s.organisations}
    context = {
        "event": event,
        "hosts": hosts,
        "supporters": supporters,
        "sides": sides,
        "organisation_total": len(taking_part | {o.pk for o in hosts + supporters}),
        "page": "organisations",
    }
    return render(request, "site/organisations.html", context)
