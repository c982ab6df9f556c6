"""The people of the event and their roles: search in any script, filter, add, edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _

from liaison.console import selectors
from liaison.console import services as console_services
from liaison.console.forms import (
    PeopleFilterForm,
    PersonForm,
    PersonWithRoleForm,
    RoleForm,
    reader_label,
)
from liaison.events import services
from liaison.events.models import Role

from .base import ConfirmView, EventPage, ServiceFormView, paginate


class PeopleListView(EventPage):
    template_name = "console/people.html"
    permission = "record.view"
    section = "people"

    def get_context_data(self, **kwargs):
        event = self.event
        label = reader_label(event)
        sides = [(code, label(d)) for code, d in selectors.side_choices(event)]
        filters = PeopleFilterForm(self.request.GET or None, sides=sides)
        page, query = paginate(self.request, selectors.people(event, **filters.filters()))
        return super().get_context_data(
            filters=filters, filtered=bool(filters.filters()), page=page, query=query, **kwargs
        )


class PersonMixin:
    """The person of the URL, who must hold a role at the event."""

    person = None

    def get_person(self):
        if self.person is None:
            self.person = selectors.event_person(self.event, self.kwargs["pk"])
            if self.person is None:
                raise Http404("Nobody with this number holds a role at the event.")
        return self.person


class PersonAddView(ServiceFormView):
    template_name = "console/person_form.html"
    form_class = PersonWithRoleForm
    section = "people"
    success_message = _("The person was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def perform(self, form):
        return console_services.add_person_with_role(
            self.event,
            person=form.person_kwargs(),
            role=form.role_kwargs(),
            actor=self.request.user,
        )

    def get_success_url(self, result=None):
        return self.event_url("console:person", result.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add a person"), **kwargs)


class PersonEditView(PersonMixin, ServiceFormView):
    template_name = "console/person_form.html"
    form_class = PersonForm
    section = "people"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "person": self.get_person()}

    def get_initial(self):
        return PersonForm.initial_for(self.get_person())

    def perform(self, form):
        return services.update_person(
            self.get_person(), event=self.event, actor=self.request.user, **form.person_kwargs()
        )

    def get_success_url(self, result=None):
        return self.event_url("console:person", self.get_person().pk)

    def get_context_data(self, **kwargs):
        person = self.get_person()
        return super().get_context_data(
            title=_("Edit the person"),
            person=person,
            roles=selectors.person_roles(self.event, person),
            **kwargs,
        )


class RoleFormView(PersonMixin, ServiceFormView):
    template_name = "console/role_form.html"
    form_class = RoleForm
    section = "people"
    role = None

    def get_role(self):
        if "role" in self.kwargs and self.role is None:
            self.role = get_object_or_404(
                Role, event=self.event, person=self.get_person(), pk=self.kwargs["role"]
            )
        return self.role

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_initial(self):
        role = self.get_role()
        return RoleForm.initial_for(role) if role else {}

    def perform(self, form):
        role, user = self.get_role(), self.request.user
        if role is None:
            return services.add_role(
                self.event, self.get_person(), actor=user, **form.role_kwargs()
            )
        return services.update_role(role, actor=user, **form.role_kwargs())

    def get_success_url(self, result=None):
        return self.event_url("console:person", self.get_person().pk)

    def get_context_data(self, **kwargs):
        role = self.get_role()
        return super().get_context_data(
            person=self.get_person(),
            role=role,
            title=_("Edit the role") if role else _("Add a role"),
            **kwargs,
        )


class RoleRemoveView(PersonMixin, ConfirmView):
    section = "people"
    success_message = _("The role was removed.")

    def get_object(self):
        return get_object_or_404(
            Role.objects.select_related("person"),
            event=self.event,
            person=self.get_person(),
            pk=self.kwargs["role"],
        )

    def get_question(self, obj):
        return _(
            "Remove the role “%(role)s” of this person? "
            "Without any role, the person is no longer listed with the event."
        ) % {"role": obj.get_kind_display()}

    def perform(self, obj):
        services.remove_role(obj, actor=self.request.user)

    def back_url(self, obj):
        return self.event_url("console:person", obj.person_id)

    def done_url(self, obj):
        if selectors.event_person(self.event, obj.person_id) is None:
            return self.event_url("console:people")
        return self.back_url(obj)


class PersonDeleteView(PersonMixin, ConfirmView):
    """Delete a person holding a role at the event, when nothing else needs them: the page
    says why not otherwise (``services.reasons_to_keep_person``) and what to do instead."""

    template_name = "console/person_delete.html"
    section = "people"
    success_message = _("The person was deleted.")
    button = _("Delete the person")
    question = _("Delete this person and their roles at this event? This cannot be undone.")

    def get_object(self):
        return self.get_person()

    def get_context_data(self, **kwargs):
        person = self.get_person()
        kwargs.setdefault("reasons", services.reasons_to_keep_person(person, self.event))
        return super().get_context_data(
            person=person, roles=selectors.person_roles(self.event, person), **kwargs
        )

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        try:
            services.delete_person(person, actor=request.user, event=self.event)
        except ValidationError as error:
            # Something came to need the person since the page was shown: say what.
            context = self.get_context_data(reasons=error.messages)
            return self.render_to_response(context, status=409)
        messages.success(request, self.success_message)
        return redirect(self.event_url("console:people"))

    def back_url(self, obj):
        return self.event_url("console:person", obj.pk)
