"""The event's team: who runs it, in which part; the event's audit log."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from liaison.console import rules, selectors
from liaison.console.forms import AuditFilterForm, TeamMemberForm
from liaison.events import services
from liaison.events.models import TeamMember

from .base import ConfirmView, EventPage, ServiceFormView, paginate

AUDIT_PAGE_SIZE = 50


class TeamView(ServiceFormView):
    """The team, and a form adding a user to it."""

    template_name = "console/team.html"
    form_class = TeamMemberForm
    permission = "team.change"
    section = "team"
    success_message = _("The team was changed.")
    rename_errors = {"__all__": "user"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("languages")
        return kwargs

    def perform(self, form):
        return services.add_team_member(
            self.event,
            form.cleaned_data["user"],
            form.cleaned_data["role"],
            actor=self.request.user,
        )

    def get_success_url(self, result=None):
        return self.event_url("console:team")

    def get_context_data(self, **kwargs):
        return super().get_context_data(members=list(selectors.team(self.event)), **kwargs)


class TeamRemoveView(ConfirmView):
    permission = "team.change"
    section = "team"
    success_message = _("The team was changed.")

    def get_object(self):
        return get_object_or_404(
            TeamMember.objects.select_related("user"), event=self.event, pk=self.kwargs["pk"]
        )

    def get_question(self, obj):
        return _("Remove %(user)s (%(role)s) from the team?") % {
            "user": obj.user.get_username(),
            "role": obj.get_role_display(),
        }

    def perform(self, obj):
        services.remove_team_member(obj, actor=self.request.user)

    def back_url(self, obj):
        return self.event_url("console:team")

    def done_url(self, obj):
        rules.forget_roles(self.request.user)
        if rules.has_perm(self.request.user, "team.change", self.event):
            return self.back_url(obj)
        return (
            self.event_url("console:dashboard")
            if rules.has_perm(self.request.user, "event.view_console", self.event)
            else "/console/"
        )


class AuditLogView(EventPage):
    template_name = "console/audit.html"
    permission = "event.view_audit"
    section = "audit"

    def get_context_data(self, **kwargs):
        filters = AuditFilterForm(
            self.request.GET or None, actions=selectors.audit_actions(self.event)
        )
        entries = selectors.audit_entries(self.event, **filters.filters())
        page, query = paginate(self.request, entries, AUDIT_PAGE_SIZE)
        return super().get_context_data(filters=filters, page=page, query=query, **kwargs)
