"""Organiser console. Every page asks ``rules`` through ``EventOrganiserMixin`` or
``ConsoleLoginRequired``; anonymous visitors go to the login page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from liaison.console import rules
from liaison.console.selectors import dashboard_counts
from liaison.core import ratelimit
from liaison.core.ratelimit import limit_posts
from liaison.events.models import Event


class ConsoleLoginRequired(LoginRequiredMixin):
    """Anonymous visitors are sent to the console login, then back."""


class EventOrganiserMixin(ConsoleLoginRequired):
    """Loads ``self.event`` from the URL's slug; 404 for users outside its team (they are not
    told that it exists), 403 for team members without ``permission``."""

    event: Event
    permission = "event.view_console"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.event = get_object_or_404(Event, slug=kwargs["slug"])
        if not rules.has_perm(request.user, "event.view_console", self.event):
            raise Http404("No event of yours has this address.")
        if not rules.has_perm(request.user, self.permission, self.event):
            raise PermissionDenied("Your part in this event's team does not allow this.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


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
        return super().get_context_data(events=list(rules.manageable_events(self.request.user)))


class DashboardView(EventOrganiserMixin, TemplateView):
    template_name = "console/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(counts=dashboard_counts(self.event), **kwargs)
