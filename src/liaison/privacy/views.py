"""A person's data: on the delegate's own pages (``/{lang}/{event}/me/data/``) and in the
console (``/console/{event}/people/{pk}/data/``). Views translate HTTP; ``rules`` decide,
``services`` export and erase."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from liaison.console.views import EventOrganiserMixin
from liaison.events import rules
from liaison.events.models import Person
from liaison.registration import selectors as registration_selectors
from liaison.site import selectors as site_selectors

from . import services
from .selectors import holdings


def _download(person, actor) -> HttpResponse:
    response = HttpResponse(
        services.export_json(person, actor=actor), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


def _summary(person) -> list[tuple[str, int]]:
    h = holdings(person)
    ids = h.registration_ids
    return [
        (_("Registrations"), len(ids)),
        (_("Check-ins"), h.checkins(ids).count()),
        (_("Meeting requests"), h.requests(ids).count()),
        (_("Meetings"), h.meetings(ids).count()),
        (_("Audit entries about you"), h.audit_entries(ids).count()),
    ]


# --- The delegate's own pages -------------------------------------------------------------


def _own(request, slug):
    event = site_selectors.public_event(slug)
    if event is None:
        raise Http404("No public event with this address.")
    registration = registration_selectors.registration_of(request.user, event)
    if registration is None or not rules.is_self(request.user, registration.person):
        return event, None
    return event, registration


def my_data(request, slug):
    event, registration = _own(request, slug)
    if registration is None:
        return redirect("site:registration-signin", slug=event.slug)
    context = {
        "event": event,
        "registration": registration,
        "summary": _summary(registration.person),
        "page": "me",
        "error": "",
    }
    return render(request, "privacy/my_data.html", context)


def my_data_export(request, slug):
    event, registration = _own(request, slug)
    if registration is None:
        return redirect("site:registration-signin", slug=event.slug)
    return _download(registration.person, request.user)


@require_POST
def my_data_erase(request, slug):
    event, registration = _own(request, slug)
    if registration is None:
        raise Http404("No registration of yours here.")
    person = registration.person
    typed = (request.POST.get("email") or "").strip().lower()
    if request.POST.get("confirm") != "yes" or typed not in holdings(person).emails():
        context = {
            "event": event,
            "registration": registration,
            "summary": _summary(person),
            "page": "me",
            "error": _(
                "To erase your data, tick the box and type the e-mail address you registered with."
            ),
        }
        return render(request, "privacy/my_data.html", context, status=400)
    services.erase_person(person, actor=request.user)
    logout(request)
    messages.success(request, _("Your personal data has been erased. Thank you for taking part."))
    return redirect("site:event", slug=event.slug)


# --- The console ----------------------------------------------------------------------------


class PersonDataView(EventOrganiserMixin, TemplateView):
    """What is held about one person of the event; export it, or erase it."""

    permission = "privacy.manage"
    section = "people"
    template_name = "privacy/console_person.html"

    def person(self) -> Person:
        of_event = Q(registrations__event=self.event) | Q(roles__event=self.event)
        return get_object_or_404(Person.objects.filter(of_event).distinct(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        person = self.person()
        if self.kwargs.get("export"):
            if not self._allowed(person):
                raise PermissionDenied("This person takes part in events you do not organise.")
            return _download(person, request.user)
        return super().get(request, *args, **kwargs)

    def _allowed(self, person) -> bool:
        return rules.can_manage_personal_data(self.request.user, person, self.event)

    def get_context_data(self, **kwargs):
        person = self.person()
        return super().get_context_data(
            person=person,
            summary=_summary(person),
            may_erase=self._allowed(person),
            erased=person.user_id is None and not person.email and not person.family_name_latin,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        person = self.person()
        if not self._allowed(person):
            messages.error(
                request,
                _(
                    "This person also takes part in events you do not organise: only a "
                    "superuser may erase their data."
                ),
            )
        elif request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            services.erase_person(person, actor=request.user)
            messages.success(request, _("The person's personal data has been erased."))
        return redirect(reverse("console:person-data", args=[self.event.slug, person.pk]))
