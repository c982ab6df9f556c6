"""Console pages of registration: the list with filters and decisions, export, import
(upload, preview, confirm or cancel) and invitations. Permissions come from ``rules`` via
``EventOrganiserMixin``; writes go through the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from liaison.console.views import EventOrganiserMixin
from liaison.core.errors import Conflict
from liaison.events import rules

from . import importing, previews, selectors, services
from .forms import BulkInviteForm, FilterForm, ImportForm, InviteForm

IMPORT_KEY = "registration_import"


class RegistrationListView(EventOrganiserMixin, TemplateView):
    template_name = "registration/console/list.html"
    permission = "registration.view"

    def get_context_data(self, **kwargs):
        form = FilterForm(self.request.GET or None, event=self.event)
        filters = form.filters()
        registrations = selectors.registrations(self.event, filters)
        query = self.request.GET.urlencode()
        return super().get_context_data(
            form=form,
            registrations=registrations[:500],
            shown=registrations.count(),
            figures=selectors.figures(self.event),
            query=query,
            can_change=rules.has_perm(self.request.user, "registration.change", self.event),
            can_import=rules.has_perm(self.request.user, "registration.import", self.event),
            can_invite=rules.has_perm(self.request.user, "registration.invite", self.event),
            **kwargs,
        )


class RegistrationActionView(EventOrganiserMixin, View):
    permission = "registration.change"

    def post(self, request, slug, pk, action):
        if action not in ("approve", "reject", "withdraw"):
            raise Http404("No such action.")
        registration = get_object_or_404(selectors.registrations(self.event), pk=pk)
        try:
            getattr(services, action)(registration, actor=request.user)
        except Conflict as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s")
                % {"name": registration.person, "status": registration.get_status_display()},
            )
        return redirect(request.POST.get("next") or "console:registrations", slug=self.event.slug)


class ExportView(EventOrganiserMixin, View):
    permission = "registration.view"

    def get(self, request, slug, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404("Export as csv or xlsx.")
        form = FilterForm(request.GET or None, event=self.event)
        registrations = selectors.registrations(self.event, form.filters())
        language = request.LANGUAGE_CODE
        if fmt == "xlsx":
            body = importing.export_xlsx(registrations, language)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = importing.export_csv(registrations, language)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.event.slug}-registrations.{fmt}"'
        )
        return response


class ImportView(EventOrganiserMixin, TemplateView):
    """Upload -> preview (every row checked, the encoding named) -> confirm or cancel. The
    previewed file waits in ``previews`` until then; a new upload replaces it."""

    template_name = "registration/console/import.html"
    permission = "registration.import"

    def _stored(self):
        """The session's preview for this event and its content, or (None, None)."""
        stored = self.request.session.get(IMPORT_KEY) or {}
        if stored.get("event") != self.event.pk:
            return None, None
        data = previews.read(stored.get("id"))
        return (stored, data) if data is not None else (None, None)

    def _forget(self, request) -> None:
        """Remove the session's preview (whatever its event) and the file it names."""
        stored = request.session.pop(IMPORT_KEY, None) or {}
        previews.discard(stored.get("id"))

    def post(self, request, slug):
        step = request.POST.get("step")
        if step == "confirm":
            return self._confirm(request)
        if step == "cancel":
            self._forget(request)
            messages.info(request, _("The import was cancelled; nothing was imported."))
            return redirect("console:registration-import", slug=self.event.slug)
        self._forget(request)  # a new upload replaces the one previewed before
        form = ImportForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > importing.MAX_BYTES:
                form.add_error(
                    "file",
                    _("The file is larger than %(mb)d MB; split it into smaller files.")
                    % {"mb": importing.MAX_BYTES // (1024 * 1024)},
                )
            else:
                data = upload.read()
                try:
                    table = importing.read_table(upload.name, data)
                except importing.FileProblem as exc:
                    form.add_error("file", str(exc))
                else:
                    checked = importing.check(self.event, table)
                    context.update(checked=checked, preview=checked.applicants[:50])
                    if not checked.problems:
                        request.session[IMPORT_KEY] = {
                            "event": self.event.pk,
                            "id": previews.keep(data),
                            "name": upload.name,
                        }
        status = 200 if form.is_valid() and not form.errors else 400
        return self.render_to_response(self.get_context_data(**context), status=status)

    def _confirm(self, request):
        stored, data = self._stored()
        if stored is None:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect("console:registration-import", slug=self.event.slug)
        self._forget(request)
        table = importing.read_table(stored["name"], data)
        checked = importing.check(self.event, table)
        try:
            made = services.import_registrations(self.event, checked, actor=request.user)
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(form=ImportForm(), problems=exc.messages), status=400
            )
        messages.success(request, _("%(n)d registrations imported.") % {"n": len(made)})
        return redirect("console:registrations", slug=self.event.slug)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm())
        kwargs.setdefault("columns", importing.COLUMNS)
        return super().get_context_data(**kwargs)


class InviteView(EventOrganiserMixin, TemplateView):
    template_name = "registration/console/invite.html"
    permission = "registration.invite"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", InviteForm(event=self.event))
        kwargs.setdefault("bulk_form", BulkInviteForm())
        kwargs["invitations"] = self.event.invitations.all()[:100]
        return super().get_context_data(**kwargs)

    def post(self, request, slug):
        if request.POST.get("bulk"):
            bulk = BulkInviteForm(request.POST)
            if bulk.is_valid():
                lines = []
                for raw in bulk.cleaned_data["lines"].splitlines():
                    parts = [p.strip() for p in raw.replace("\t", ",").split(",")]
                    if not any(parts):
                        continue
                    parts += [""] * 5
                    lines.append(
                        {
                            "email": parts[0],
                            "family_name": parts[1],
                            "given_name": parts[2],
                            "delegation": parts[3],
                            "language": parts[4] or self.event.default_language,
                        }
                    )
                try:
                    made = services.invite_many(self.event, lines, actor=request.user)
                except ValidationError as exc:
                    bulk.add_error("lines", exc.messages)
                else:
                    messages.success(request, _("%(n)d invitations sent.") % {"n": len(made)})
                    return redirect("console:registration-invite", slug=self.event.slug)
            return self.render_to_response(self.get_context_data(bulk_form=bulk), status=400)
        form = InviteForm(request.POST, event=self.event)
        if form.is_valid():
            data = dict(form.cleaned_data)
            email, language = data.pop("email"), data.pop("language")
            try:
                services.invite(
                    self.event, email, language=language, prefill=data, actor=request.user
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except Conflict as exc:
                form.add_error("email", str(exc))
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
                return redirect("console:registration-invite", slug=self.event.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)
