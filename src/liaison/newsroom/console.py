"""The newsroom's console pages under /console/news/: releases and drafting, the release
editor (rich text, images, flags, external links, workflow) and revision history with a
diff of any two revisions. Views translate HTTP; ``rules`` decide, ``services`` write."""

from __future__ import annotations

import difflib
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liaison.core.errors import Conflict
from liaison.events.models import Event

from . import rules, selectors, services
from .models import Release
from .sanitise import external_links, text_of

LANGUAGES = settings.LANGUAGES


def _release(request, slug: str, action: str = "view") -> Release:
    release = get_object_or_404(Release.objects.select_related("newsroom", "event"), slug=slug)
    if not rules.may(request.user, "view", release):
        raise Http404("No release of yours has this address.")
    if not rules.may(request.user, action, release):
        raise PermissionDenied(_("Your part in this newsroom does not allow this."))
    return release


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return "\n".join(exc.messages)
    return str(exc)


@login_required
def release_list(request):
    releases = list(
        rules.releases_for(request.user)
        .select_related("newsroom", "event")
        .prefetch_related("revisions")
        .order_by("-updated_at")
    )
    rows = []
    for release in releases:
        revisions = sorted(release.revisions.all(), key=lambda r: -r.number)
        rows.append({"release": release, "latest": revisions[0] if revisions else None})
    return render(
        request,
        "newsroom/console/list.html",
        {
            "rows": rows,
            "alerts": list(selectors.open_alerts(releases)),
            "events": list(rules.events_to_draft(request.user)),
        },
    )


@login_required
@require_POST
def draft(request, event_slug: str):
    event = get_object_or_404(Event, slug=event_slug)
    if not rules.may_draft(request.user, event, services.newsroom_for_event(event)):
        raise Http404("No event of yours has this address.")
    try:
        release = services.draft_release(event, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
        return HttpResponseRedirect(reverse("console:news:list"))
    messages.success(
        request, _("The release was drafted from the record. Fill the gaps marked [[…]].")
    )
    return HttpResponseRedirect(reverse("console:news:edit", args=[release.slug]))


def _editor_context(request, release, latest, values=None, error=""):
    fields = []
    for code, name in LANGUAGES:
        source = values or {
            "title": latest.title if latest else {},
            "summary": latest.summary if latest else {},
            "body": latest.body if latest else {},
        }
        fields.append(
            {
                "code": code,
                "name": name,
                "title": source["title"].get(code, ""),
                "summary": source["summary"].get(code, ""),
                "body": source["body"].get(code, ""),
                "required": code == release.default_language,
            }
        )
    links = []
    for code, _name in LANGUAGES:
        for href in external_links((latest.body if latest else {}).get(code, "")):
            links.append({"language": code, "href": href})
    flags = list(latest.flags.all()) if latest else []
    served = (
        selectors.served(release).revision if release.state == Release.State.PUBLISHED else None
    )
    return {
        "release": release,
        "latest": latest,
        "fields": fields,
        "links": links,
        "flags": flags,
        "open_flags": [f for f in flags if f.is_open],
        "served": served,
        "gaps": any("[[" in text_of(f["body"]) + f["title"] + f["summary"] for f in fields),
        "alerts": list(selectors.open_alerts([release])),
        "error": error,
        "may": {a: rules.may(request.user, a, release) for a in rules.ACTIONS},
        "images": list(release.images.all()),
    }


@login_required
def edit(request, slug: str):
    release = _release(request, slug)
    latest = selectors.latest_revision(release)
    if request.method == "POST":
        release = _release(request, slug, "write")
        values = {
            field: {code: request.POST.get(f"{field}-{code}", "") for code, _n in LANGUAGES}
            for field in ("title", "summary", "body")
        }
        based_on = request.POST.get("based_on") or None
        try:
            services.save_revision(
                release,
                title=values["title"],
                summary=values["summary"],
                body=values["body"],
                author=request.user,
                based_on=int(based_on) if based_on else None,
                note=request.POST.get("note", "")[:200],
            )
        except (ValidationError, Conflict) as exc:
            # Nothing lost: the writer's text comes back with the message.
            context = _editor_context(request, release, latest, values, _error_text(exc))
            return render(
                request,
                "newsroom/console/edit.html",
                context,
                status=409 if isinstance(exc, Conflict) else 400,
            )
        messages.success(request, _("Saved as a new revision."))
        return HttpResponseRedirect(reverse("console:news:edit", args=[release.slug]))
    return render(request, "newsroom/console/edit.html", _editor_context(request, release, latest))


WORKFLOW = {
    "submit": ("submit", services.submit, gettext_lazy("Submitted for review.")),
    "approve": ("approve", services.approve, gettext_lazy("Approved.")),
    "return": ("approve", services.return_to_draft, gettext_lazy("Returned to draft.")),
    "withdraw": (
        "withdraw",
        services.withdraw,
        gettext_lazy("Withdrawn from the public newsroom."),
    ),
    "resolve": ("publish", services.resolve_alerts, gettext_lazy("Alerts marked as handled.")),
}


@login_required
@require_POST
def workflow(request, slug: str):
    action = request.POST.get("action", "")
    release = _release(request, slug)
    back = HttpResponseRedirect(reverse("console:news:edit", args=[release.slug]))
    try:
        if action == "publish":
            _release(request, slug, "publish")
            confirm = [int(i) for i in request.POST.getlist("confirm") if i.isdigit()]
            services.publish(release, actor=request.user, confirm=confirm)
            messages.success(request, _("Published."))
        elif action == "schedule":
            _release(request, slug, "publish")
            raw = request.POST.get("publish_at", "")
            try:
                when = timezone.make_aware(datetime.fromisoformat(raw))
            except ValueError:
                raise ValidationError(_("Give the publication time as a date and time.")) from None
            services.schedule(release, actor=request.user, when=when)
            messages.success(request, _("Scheduled for publication."))
        elif action in WORKFLOW:
            permission, run, done = WORKFLOW[action]
            _release(request, slug, permission)
            run(release, actor=request.user)
            messages.success(request, str(done))
        else:
            raise ValidationError(_("Unknown action."))
    except (ValidationError, Conflict) as exc:
        messages.error(request, _error_text(exc))
    return back


@login_required
@require_POST
def add_image(request, slug: str):
    release = _release(request, slug, "write")
    upload = request.FILES.get("file")
    back = HttpResponseRedirect(reverse("console:news:edit", args=[release.slug]) + "#images")
    if upload is None:
        messages.error(request, _("Choose an image file."))
        return back
    code = release.default_language
    try:
        based_on = request.POST.get("based_on")
        services.add_image(
            release,
            upload,
            caption={c: request.POST.get(f"caption-{c}", "") for c, _n in LANGUAGES},
            alt={c: request.POST.get(f"alt-{c}", "") for c, _n in LANGUAGES} or {code: ""},
            actor=request.user,
            based_on=int(based_on) if based_on else None,
        )
        messages.success(request, _("Image added."))
    except (ValidationError, Conflict) as exc:
        messages.error(request, _error_text(exc))
    return back


def _lines(value: str) -> list[str]:
    text = value.replace("</p>", "</p>\n").replace("<br>", "<br>\n").replace("</li>", "</li>\n")
    return [line for line in text.splitlines() if line.strip()]


FIELD_NAMES = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "body": gettext_lazy("Text"),
}


def diff(a, b) -> list[dict]:
    """The changes from revision ``a`` to ``b``, per field and language (difflib)."""
    out = []
    for field in ("title", "summary", "body"):
        for code, name in LANGUAGES:
            old = _lines((getattr(a, field) or {}).get(code, ""))
            new = _lines((getattr(b, field) or {}).get(code, ""))
            if old == new:
                continue
            lines = []
            for line in difflib.unified_diff(old, new, lineterm="", n=1):
                if line.startswith(("---", "+++")):
                    continue
                kind = (
                    "hunk"
                    if line.startswith("@@")
                    else "add"
                    if line[:1] == "+"
                    else "del"
                    if line[:1] == "-"
                    else "same"
                )
                lines.append({"kind": kind, "text": line})
            out.append({"field": FIELD_NAMES[field], "language": name, "lines": lines})
    return out


@login_required
def history(request, slug: str):
    release = _release(request, slug)
    revisions = list(release.revisions.select_related("author", "sealed_by").order_by("-number"))
    by_number = {r.number: r for r in revisions}
    changes = None
    a = b = None
    if revisions:
        try:
            a = by_number.get(int(request.GET.get("a", "")))
            b = by_number.get(int(request.GET.get("b", "")))
        except ValueError:
            a = b = None
        if a is None or b is None:
            b = revisions[0]
            a = revisions[1] if len(revisions) > 1 else revisions[0]
        changes = diff(a, b)
    return render(
        request,
        "newsroom/console/history.html",
        {"release": release, "revisions": revisions, "a": a, "b": b, "changes": changes},
    )


app_name = "news"
urlpatterns = [
    path("", release_list, name="list"),
    path("draft/<slug:event_slug>/", draft, name="draft"),
    path("<slug:slug>/", edit, name="edit"),
    path("<slug:slug>/workflow/", workflow, name="workflow"),
    path("<slug:slug>/images/", add_image, name="images"),
    path("<slug:slug>/history/", history, name="history"),
]
