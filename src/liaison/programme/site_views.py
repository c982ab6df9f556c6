"""Public programme pages: the programme by time, room or area, one page per item, speaker
pages, the live "now on stage", the calendar and PDF exports. Views translate HTTP into
selector calls and back."""

from __future__ import annotations

from collections import OrderedDict

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from liaison.core.i18n import localize
from liaison.events import rules
from liaison.events.models import Person

from . import exports, selectors, services
from .channels import channel_for
from .zones import COOKIE, viewer_zone


def _event(request, slug: str):
    event = selectors.public_event(slug)
    if event is None:
        raise Http404("No public event with this address.")
    return event


def _context(request, event, **extra) -> dict:
    language = get_language() or "en"
    return {
        "event": event,
        "viewer_zone": viewer_zone(request, event, language),
        "zone_cookie": COOKIE,
        "page": "programme",
        **extra,
    }


def _blocks(items):
    """Items grouped by day (in the event's zone), then into overlapping blocks."""
    blocks = []
    for item in items:
        if blocks and item.starts_at < blocks[-1]["ends_at"]:
            blocks[-1]["items"].append(item)
            blocks[-1]["ends_at"] = max(blocks[-1]["ends_at"], item.ends_at)
        else:
            blocks.append({"starts_at": item.starts_at, "ends_at": item.ends_at, "items": [item]})
    return blocks


def programme(request, slug: str):
    event = _event(request, slug)
    items = list(selectors.programme_items(event))
    view = request.GET.get("by", "time")
    language = get_language() or "en"
    groups = OrderedDict()
    if view == "room":
        for item in items:
            key = localize(item.room, language).text if not item.online_only else ""
            groups.setdefault(key, []).append(item)
    elif view == "area":
        for item in items:
            if item.area_id:
                groups.setdefault(localize(item.area.name, language).text, []).append(item)
    else:
        view = "time"
    state = selectors.now_state(event)
    return render(
        request,
        "programme/programme.html",
        _context(
            request,
            event,
            view=view,
            blocks=_blocks(items) if view == "time" else [],
            groups=list(groups.items()),
            state=state,
            item_count=len(items),
        ),
    )


def item_page(request, slug: str, pk: int):
    event = _event(request, slug)
    item = get_object_or_404(selectors.programme_items(event), pk=pk)
    channel = None
    if rules.can_see_online_channel(request.user, event):
        channel = channel_for(services.stage_of(event), item)
    video = item.video if selectors._has_video(item) else None
    return render(
        request,
        "programme/item.html",
        _context(
            request,
            event,
            item=item,
            video=video,
            video_url=selectors.video_url(item),
            subtitles=selectors.subtitle_urls(item),
            channel=channel,
        ),
    )


def speaker_page(request, slug: str, pk: int):
    event = _event(request, slug)
    person = get_object_or_404(
        Person.objects.select_related("organisation").filter(agenda_items__event=event).distinct(),
        pk=pk,
    )
    items = selectors.programme_items(event).filter(participants__person=person)
    return render(
        request,
        "programme/speaker.html",
        _context(request, event, person=person, items=list(items)),
    )


def speakers(request, slug: str):
    event = _event(request, slug)
    return render(
        request,
        "programme/speakers.html",
        _context(request, event, people=selectors.speakers(event)),
    )


def programme_ics(request, slug: str):
    event = _event(request, slug)
    items = list(selectors.programme_items(event))
    body = exports.calendar(event, items, request, get_language() or "en", join=None)
    return _calendar_response(body, f"{event.slug}-programme.ics")


def my_programme_ics(request, slug: str):
    event = _event(request, slug)
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        raise Http404("Sign in to export your own agenda.")
    items = selectors.person_items(event, person)
    join = None
    if rules.can_see_online_channel(request.user, event):
        join = channel_for(services.stage_of(event))
    online = selectors.attends_online(event, person)
    body = exports.calendar(
        event,
        items,
        request,
        get_language() or "en",
        join=join if online else None,
        stage=services.stage_of(event) if online else None,
    )
    return _calendar_response(body, f"{event.slug}-my-agenda.ics")


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def programme_pdf(request, slug: str):
    event = _event(request, slug)
    items = list(selectors.programme_items(event))
    html = render_to_string(
        "programme/print.html",
        {"event": event, "blocks": _blocks(items), "language": get_language() or "en"},
        request=request,
    )
    pdf = exports.pdf(html, request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{event.slug}-programme-{get_language()}.pdf"'
    )
    return response
