"""The programme in the console: the agenda editor (add, edit, reorder, move, delete, with
conflicts shown and confirmed) and the stage page (one big button to advance)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from liaison.console.views import EventOrganiserMixin

from . import selectors, services
from .forms import ItemForm
from .models import AgendaItem


class EditorView(EventOrganiserMixin, TemplateView):
    """The agenda with its actions, and the form to add an item."""

    template_name = "programme/console/editor.html"
    permission = "programme.change"

    def get_context_data(self, form=None, conflicts=None, editing=None, **kwargs):
        return super().get_context_data(
            items=list(selectors.programme_items(self.event)),
            form=form or ItemForm(self.event),
            conflicts=conflicts or [],
            editing=editing,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "save")
        if action in ("up", "down", "delete"):
            item = get_object_or_404(AgendaItem, event=self.event, pk=request.POST.get("item"))
            if action == "delete":
                services.delete_item(item, actor=request.user)
                messages.success(request, _("Deleted “%(item)s”.") % {"item": item.title})
            else:
                moved = services.swap_with_neighbour(
                    item, -1 if action == "up" else 1, actor=request.user
                )
                if moved is None:
                    messages.info(request, _("The item is already at that end."))
            return redirect(
                f"{request.path}#item-{item.pk}" if action != "delete" else request.path
            )
        editing = None
        if request.POST.get("item"):
            editing = get_object_or_404(AgendaItem, event=self.event, pk=request.POST["item"])
        form = ItemForm(self.event, request.POST)
        conflicts: list[str] = []
        if form.is_valid():
            fields, people = form.service_fields()
            confirm = form.cleaned_data["confirm"]
            try:
                if editing is None:
                    item = services.create_item(
                        self.event, people=people, confirm=confirm, actor=request.user, **fields
                    )
                else:
                    services.update_item(
                        editing, people=people, confirm=confirm, actor=request.user, **fields
                    )
                    item = editing
            except services.ScheduleConflict as exc:
                conflicts = exc.conflicts
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Saved “%(item)s”.") % {"item": item.title})
                return redirect(f"{request.path}#item-{item.pk}")
        return self.render_to_response(
            self.get_context_data(form=form, conflicts=conflicts, editing=editing)
        )


class ItemEditView(EditorView):
    """The editor with one item's values in the form."""

    def get(self, request, *args, **kwargs):
        item = get_object_or_404(selectors.programme_items(self.event), pk=kwargs["pk"])
        form = ItemForm(self.event, initial=ItemForm.initial_for(item))
        return self.render_to_response(self.get_context_data(form=form, editing=item))

    def post(self, request, *args, **kwargs):
        return EditorView.post(self, request, *args, **kwargs)


class StageView(EventOrganiserMixin, TemplateView):
    """What is on stage, and one big button to put the next item there."""

    template_name = "programme/console/stage.html"
    permission = "programme.advance"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            state=selectors.now_state(self.event),
            items=list(selectors.programme_items(self.event)),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "next":
            services.advance(self.event, step=1, actor=request.user)
        elif action == "back":
            services.advance(self.event, step=-1, actor=request.user)
        elif action == "clear":
            services.set_now(self.event, None, actor=request.user)
        elif action == "set":
            item = get_object_or_404(AgendaItem, event=self.event, pk=request.POST.get("item"))
            services.set_now(self.event, item, actor=request.user)
        return redirect(request.path)
