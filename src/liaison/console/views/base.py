"""What every console page shares: who may open it (asked of ``rules`` once per page), the
event's navigation, forms whose writes go through a service, and pagination.

Anonymous visitors go to the login page; users outside an event's team get a 404 (they are
not told that it exists); team members whose part does not allow the page get a 403.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView, TemplateView

from liaison.console import rules
from liaison.console.forms import add_service_errors
from liaison.core.i18n import CONTENT_LANGUAGES
from liaison.events.models import Event

PAGE_SIZE = 25

# The event's pages in the console's navigation: (section, url name, label, permission).
SECTIONS = [
    ("dashboard", "console:dashboard", _("Overview"), "event.view_console"),
    ("settings", "console:settings", _("Event"), "event.change"),
    ("delegations", "console:delegations", _("Delegations"), "record.view"),
    ("areas", "console:areas", _("Areas"), "record.view"),
    ("organisations", "console:organisations", _("Organisations"), "record.view"),
    ("people", "console:people", pgettext_lazy("console page", "People"), "record.view"),
    ("registrations", "console:registrations", _("Registrations"), "registration.view"),
    ("checkin", "console:attendance:checkin", _("Check-in desk"), "checkin.scan"),
    ("attendance", "console:attendance:dashboard", _("Attendance"), "registration.view"),
    ("programme", "console:programme", _("Programme"), "programme.change"),
    ("stage", "console:programme-stage", _("Stage"), "programme.advance"),
    ("matchmaking", "console:matchmaking", _("Matchmaking"), "matchmaking.manage"),
    ("team", "console:team", _("Team"), "team.change"),
    ("audit", "console:audit", _("Audit log"), "event.view_audit"),
]


class ConsoleLoginRequired(LoginRequiredMixin):
    """Anonymous visitors are sent to the console login, then back."""


class EventOrganiserMixin(ConsoleLoginRequired):
    """Loads ``self.event`` from the URL's slug and asks ``rules`` for ``permission``."""

    event: Event
    permission = "event.view_console"
    section = "dashboard"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.event = get_object_or_404(Event, slug=kwargs["slug"])
        if not rules.has_perm(request.user, "event.view_console", self.event):
            raise Http404("No event of yours has this address.")
        if not rules.has_perm(request.user, self.permission, self.event):
            raise PermissionDenied("Your part in this event's team does not allow this.")
        return super().dispatch(request, *args, **kwargs)

    def can(self, permission: str) -> bool:
        return rules.has_perm(self.request.user, permission, self.event)

    def event_url(self, name: str, *args) -> str:
        return reverse(name, args=[self.event.slug, *args])

    def get_context_data(self, **kwargs):
        user = self.request.user
        nav = [
            {
                "url": self.event_url(url_name),
                "label": label,
                "current": section == self.section,
            }
            for section, url_name, label, permission in SECTIONS
            if rules.has_perm(user, permission, self.event)
        ]
        can = {
            name.replace(".", "_"): rules.has_perm(user, name, self.event)
            for name in ("record.change", "event.change", "team.change", "event.view_audit")
        }
        return super().get_context_data(
            event=self.event,
            languages=self.event.languages,
            console_nav=nav,
            section=self.section,
            can=can,
            **kwargs,
        )


class EventPage(EventOrganiserMixin, TemplateView):
    pass


class ServiceFormView(EventOrganiserMixin, FormView):
    """A form whose ``perform(form)`` calls a service; the service's ``ValidationError``
    messages land on the form's fields and nothing the user typed is lost."""

    permission = "record.change"
    success_message = _("Saved.")
    rename_errors: dict[str, str] = {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "languages": event_languages(self.event)}

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error, self.rename_errors)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(result))

    def get_success_url(self, result=None):
        return super().get_success_url()


class ConfirmView(EventOrganiserMixin, TemplateView):
    """A page asking to confirm a removal; the POST calls ``perform()`` (a service)."""

    permission = "record.change"
    template_name = "console/confirm.html"
    success_message = _("Removed.")
    question = ""
    button = _("Remove")

    def get_object(self):
        raise NotImplementedError

    def perform(self, obj):
        raise NotImplementedError

    def back_url(self, obj) -> str:
        raise NotImplementedError

    def done_url(self, obj) -> str:
        return self.back_url(obj)

    def get_context_data(self, **kwargs):
        obj = self.get_object()
        return super().get_context_data(
            object=obj,
            question=self.get_question(obj),
            button=self.button,
            back_url=self.back_url(obj),
            **kwargs,
        )

    def get_question(self, obj) -> str:
        return self.question

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.perform(obj)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.back_url(obj))
        messages.success(request, self.success_message)
        return redirect(self.done_url(obj))


def event_languages(event: Event) -> list[str]:
    """The languages the event offers, in the site's order (the columns of its forms)."""
    offered = [code for code in CONTENT_LANGUAGES if code in (event.languages or ())]
    return offered or list(CONTENT_LANGUAGES)


def paginate(request, queryset, size: int = PAGE_SIZE):
    """The requested page of ``queryset`` (the last one for a page number too high) and the
    query string of the other parameters, for the page links."""
    paginator = Paginator(queryset, size)
    page = paginator.get_page(request.GET.get("page"))
    others = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return page, others
