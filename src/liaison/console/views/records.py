"""The event's sides (delegations) and cooperation areas: list, add, edit, delete."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from liaison.console import selectors
from liaison.console.forms import AreaForm, DelegationForm
from liaison.events import services
from liaison.events.models import CooperationArea, Delegation

from .base import ConfirmView, EventPage, ServiceFormView

# --- Delegations ---------------------------------------------------------------------------------


class DelegationListView(EventPage):
    template_name = "console/delegations.html"
    permission = "record.view"
    section = "delegations"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delegations=list(selectors.delegations(self.event)), **kwargs
        )


class DelegationFormView(ServiceFormView):
    template_name = "console/record_form.html"
    form_class = DelegationForm
    section = "delegations"
    delegation: Delegation | None = None

    def get_delegation(self):
        if "pk" in self.kwargs and self.delegation is None:
            self.delegation = get_object_or_404(Delegation, event=self.event, pk=self.kwargs["pk"])
        return self.delegation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "current": self.get_delegation()}

    def get_initial(self):
        delegation = self.get_delegation()
        return DelegationForm.initial_for(delegation) if delegation else {}

    def perform(self, form):
        delegation = self.get_delegation()
        user = self.request.user
        if delegation is None:
            return services.add_delegation(self.event, actor=user, **form.service_kwargs())
        return services.update_delegation(delegation, actor=user, **form.service_kwargs())

    def get_success_url(self, result=None):
        return self.event_url("console:delegations")

    def get_context_data(self, **kwargs):
        delegation = self.get_delegation()
        return super().get_context_data(
            object=delegation,
            title=_("Edit the delegation") if delegation else _("Add a delegation"),
            back_url=self.event_url("console:delegations"),
            back_label=_("Delegations"),
            delete_url=self.event_url("console:delegation_delete", delegation.pk)
            if delegation
            else "",
            **kwargs,
        )


class DelegationDeleteView(ConfirmView):
    section = "delegations"
    success_message = _("The delegation was deleted.")
    button = _("Delete")

    def get_object(self):
        return get_object_or_404(Delegation, event=self.event, pk=self.kwargs["pk"])

    def get_question(self, obj):
        return _(
            "Delete this delegation? The people on this side keep their roles, without a side."
        )

    def perform(self, obj):
        services.delete_delegation(obj, actor=self.request.user)

    def back_url(self, obj):
        return self.event_url("console:delegation", obj.pk)

    def done_url(self, obj):
        return self.event_url("console:delegations")


# --- Cooperation areas ---------------------------------------------------------------------------


class AreaListView(EventPage):
    template_name = "console/areas.html"
    permission = "record.view"
    section = "areas"

    def get_context_data(self, **kwargs):
        return super().get_context_data(areas=list(selectors.areas(self.event)), **kwargs)


class AreaFormView(ServiceFormView):
    template_name = "console/record_form.html"
    form_class = AreaForm
    section = "areas"
    area: CooperationArea | None = None

    def get_area(self):
        if "pk" in self.kwargs and self.area is None:
            self.area = get_object_or_404(CooperationArea, event=self.event, pk=self.kwargs["pk"])
        return self.area

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "current": self.get_area()}

    def get_initial(self):
        area = self.get_area()
        return AreaForm.initial_for(area) if area else {}

    def perform(self, form):
        area = self.get_area()
        user = self.request.user
        if area is None:
            return services.add_area(self.event, actor=user, **form.service_kwargs())
        return services.update_area(area, actor=user, **form.service_kwargs())

    def get_success_url(self, result=None):
        return self.event_url("console:areas")

    def get_context_data(self, **kwargs):
        area = self.get_area()
        return super().get_context_data(
            object=area,
            title=_("Edit the cooperation area") if area else _("Add a cooperation area"),
            back_url=self.event_url("console:areas"),
            back_label=_("Cooperation areas"),
            delete_url=self.event_url("console:area_delete", area.pk) if area else "",
            **kwargs,
        )


class AreaDeleteView(ConfirmView):
    section = "areas"
    success_message = _("The cooperation area was deleted.")
    button = _("Delete")

    def get_object(self):
        return get_object_or_404(CooperationArea, event=self.event, pk=self.kwargs["pk"])

    def get_question(self, obj):
        return _("Delete this cooperation area? People in it stay in the event's other areas.")

    def perform(self, obj):
        services.delete_area(obj, actor=self.request.user)

    def back_url(self, obj):
        return self.event_url("console:area", obj.pk)

    def done_url(self, obj):
        return self.event_url("console:areas")
