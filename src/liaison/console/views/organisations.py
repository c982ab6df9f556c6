"""The organisations taking part in the event: search, filter, add (a new one or one known
from another event), edit, take off the list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison.console import selectors
from liaison.console.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    OrganisationPickForm,
    OrganisationSearchForm,
)
from liaison.events import services

from .base import ConfirmView, EventPage, ServiceFormView, paginate


class OrganisationListView(EventPage):
    template_name = "console/organisations.html"
    permission = "record.view"
    section = "organisations"

    def get_context_data(self, **kwargs):
        event = self.event
        filters = OrganisationFilterForm(
            self.request.GET or None, countries=selectors.organisation_countries(event)
        )
        page, query = paginate(self.request, selectors.organisations(event, **filters.filters()))
        hosts, supporters = selectors.organisation_parts(event)
        return super().get_context_data(
            filters=filters,
            filtered=bool(filters.filters()),
            page=page,
            query=query,
            hosts=hosts,
            supporters=supporters,
            **kwargs,
        )


class OrganisationPickView(EventPage):
    """Organisations known from other events, found by a search in any script, listed with
    this one as they are. Only organisations the user may see are offered
    (``rules.visible_organisations``: those of events whose record the user may read)."""

    template_name = "console/organisation_pick.html"
    permission = "record.change"
    section = "organisations"

    def candidates(self, q: str = ""):
        return selectors.organisations_to_add(self.event, self.request.user, q=q)

    def get_context_data(self, **kwargs):
        search = OrganisationSearchForm(self.request.GET or None)
        page, query = paginate(self.request, self.candidates(**search.filters()))
        return super().get_context_data(
            filters=search,
            filtered=bool(search.filters()),
            page=page,
            query=query,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = OrganisationPickForm(request.POST, choices=self.candidates())
        if not form.is_valid():
            context = self.get_context_data(pick_errors=form.errors.get("organisation", []))
            return self.render_to_response(context, status=400)
        organisation = form.cleaned_data["organisation"]
        services.add_organisation_to_event(self.event, organisation, actor=request.user)
        messages.success(
            request, gettext("%(name)s is now listed with the event.") % {"name": organisation}
        )
        return redirect(self.event_url("console:organisations"))


class OrganisationFormView(ServiceFormView):
    template_name = "console/record_form.html"
    form_class = OrganisationForm
    section = "organisations"
    organisation = None

    def get_organisation(self):
        if "pk" in self.kwargs and self.organisation is None:
            self.organisation = selectors.event_organisation(self.event, self.kwargs["pk"])
            if self.organisation is None:
                raise Http404("This organisation is not listed with the event.")
        return self.organisation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.get_organisation()}

    def get_initial(self):
        organisation = self.get_organisation()
        return OrganisationForm.initial_for(organisation) if organisation else {}

    def perform(self, form):
        organisation = self.get_organisation()
        user, event = self.request.user, self.event
        if organisation is None:
            return services.create_organisation(event=event, actor=user, **form.service_kwargs())
        return services.update_organisation(
            organisation, event=event, actor=user, **form.service_kwargs()
        )

    def get_success_url(self, result=None):
        return self.event_url("console:organisations")

    def get_context_data(self, **kwargs):
        organisation = self.get_organisation()
        return super().get_context_data(
            object=organisation,
            title=_("Edit the organisation") if organisation else _("Add an organisation"),
            intro=_("Organisations are shared by the events they take part in.")
            if organisation
            else _("The new organisation is listed with this event."),
            back_url=self.event_url("console:organisations"),
            back_label=_("Organisations"),
            delete_url=self.event_url("console:organisation_remove", organisation.pk)
            if organisation
            else "",
            delete_label=_("Remove from the event"),
            **kwargs,
        )


class OrganisationRemoveView(ConfirmView):
    section = "organisations"
    success_message = _("The organisation is no longer listed with the event.")
    button = _("Remove from the event")

    def get_object(self):
        organisation = selectors.event_organisation(self.event, self.kwargs["pk"])
        if organisation is None:
            raise Http404("This organisation is not listed with the event.")
        return organisation

    def get_question(self, obj):
        return _("Take this organisation off the event's list? It stays available to other events.")

    def perform(self, obj):
        services.remove_organisation_from_event(self.event, obj, actor=self.request.user)

    def back_url(self, obj):
        return self.event_url("console:organisation", obj.pk)

    def done_url(self, obj):
        return self.event_url("console:organisations")
