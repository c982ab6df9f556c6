"""Signing in, the list of one's events, an event's overview, its settings, a new event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from liaison.console import rules
from liaison.console.fields import missing_translations
from liaison.console.forms import EventCreateForm, EventSettingsForm, add_service_errors
from liaison.console.selectors import dashboard_counts
from liaison.core import ratelimit
from liaison.core.i18n import CONTENT_LANGUAGES
from liaison.core.ratelimit import limit_posts
from liaison.events import services

from .base import ConsoleLoginRequired, EventPage, ServiceFormView


@method_decorator(limit_posts(ratelimit.LOGIN), name="dispatch")
class LoginView(auth_views.LoginView):
    """Sign-in; more than ``ratelimit.LOGIN`` attempts from one address get 429."""

    template_name = "console/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class EventListView(ConsoleLoginRequired, TemplateView):
    template_name = "console/events.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            events=list(rules.manageable_events(self.request.user)),
            can_create=rules.can_create_event(self.request.user),
            **kwargs,
        )


class DashboardView(EventPage):
    template_name = "console/dashboard.html"
    section = "dashboard"

    def get_context_data(self, **kwargs):
        return super().get_context_data(counts=dashboard_counts(self.event), **kwargs)


class EventSettingsView(ServiceFormView):
    template_name = "console/event_settings.html"
    form_class = EventSettingsForm
    permission = "event.change"
    section = "settings"
    success_message = _("The event was saved.")

    def get_initial(self):
        return EventSettingsForm.initial_for(self.event)

    def perform(self, form):
        return services.update_event(self.event, actor=self.request.user, **form.service_kwargs())

    def get_success_url(self, result=None):
        return self.event_url("console:settings")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["missing"] = missing_translations(context["form"])
        return context


class EventCreateView(ConsoleLoginRequired, FormView):
    """A new event; its creator becomes its first organiser."""

    template_name = "console/event_new.html"
    form_class = EventCreateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not rules.can_create_event(request.user):
            raise PermissionDenied("Only administrators create events.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "languages": list(CONTENT_LANGUAGES)}

    def form_valid(self, form):
        try:
            event = services.create_event(actor=self.request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The event was created; you are its organiser."))
        return redirect(reverse("console:dashboard", args=[event.slug]))
