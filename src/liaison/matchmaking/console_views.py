"""Organisers' matchmaking console under ``/console/{event}/matchmaking/``: set-up (slots,
tables, video rooms, quota, side rules), runs with live progress, cancel and publish, the
follow-up pipeline and statistics with exports. ``matchmaking.manage`` for everything."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from liaison.console.views import EventOrganiserMixin
from liaison.core.errors import Conflict

from . import charts, selectors, services
from .models import OutcomeResult, RequestStatus, ScheduleRun


def _language() -> str:
    code = (get_language() or "en").lower()
    return code if code in ("en", "zh-hans", "ja") else "en"


class Manage(EventOrganiserMixin):
    permission = "matchmaking.manage"


class OverviewView(Manage, TemplateView):
    template_name = "matchmaking/console/overview.html"

    def get_context_data(self, **kwargs):
        event = self.event
        services.reap_stale_runs(event)
        return super().get_context_data(
            conf=services.settings_for(event),
            slots=list(event.meeting_slots.all()),
            tables=event.meeting_tables.count(),
            rooms=event.video_rooms.count(),
            block=services.runs.matchmaking_block(event),
            runs=selectors.runs(event)[:20],
            published=selectors.published_run(event),
            stats=selectors.statistics(event),
            **kwargs,
        )

    def post(self, request, slug):
        action = request.POST.get("action")
        try:
            if action == "setup":
                minutes = int(request.POST.get("minutes") or 20)
                services.update_settings(
                    self.event,
                    actor=request.user,
                    meeting_minutes=minutes,
                    default_quota=int(request.POST.get("quota") or 10),
                )
                services.set_tables(
                    self.event, int(request.POST.get("tables") or 0), actor=request.user
                )
                services.set_video_rooms(
                    self.event, int(request.POST.get("rooms") or 0), actor=request.user
                )
                if request.POST.get("slots") == "block":
                    services.generate_slots(self.event, minutes=minutes, actor=request.user)
            elif action == "run":
                run = services.start_run(self.event, actor=request.user)
                return redirect("console:matchmaking-run", slug=slug, pk=run.pk)
            elif action == "repair":
                run = services.start_run(self.event, actor=request.user, kind="repair")
                return redirect("console:matchmaking-run", slug=slug, pk=run.pk)
            elif action == "recommend":
                n = services.refresh_recommendations(self.event, actor=request.user)
                messages.success(request, _("%(n)d recommendations computed.") % {"n": n})
            messages.success(request, _("Saved."))
        except (ValidationError, Conflict, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("console:matchmaking", slug=slug)


def run_status(run, language: str) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "status_display": run.get_status_display(),
        "progress": run.progress,
        "phase": selectors.phase_label(run.phase) if run.is_active else "",
        "weight": run.weight,
        "weight_upper_bound": run.weight_upper_bound,
        "breaks": run.breaks,
        "breaks_lower_bound": run.breaks_lower_bound,
        "cancel_requested": run.cancel_requested,
        "error": run.error,
    }


class RunView(Manage, TemplateView):
    template_name = "matchmaking/console/run.html"

    def get_context_data(self, **kwargs):
        services.reap_stale_runs(self.event)
        run = get_object_or_404(ScheduleRun, event=self.event, pk=self.kwargs["pk"])
        language = _language()
        return super().get_context_data(
            run=run,
            meetings=selectors.run_meetings(run) if run.status == "done" else [],
            counts=selectors.per_delegate_counts(run, language) if run.status == "done" else [],
            unscheduled=selectors.unscheduled_reasons(run, language),
            status=run_status(run, language),
            phase=selectors.phase_label(run.phase) if run.is_active else "",
            **kwargs,
        )

    def post(self, request, slug, pk):
        run = get_object_or_404(ScheduleRun, event=self.event, pk=pk)
        try:
            if request.POST.get("action") == "publish":
                changed = services.publish_run(run, actor=request.user)
                messages.success(
                    request,
                    _("Published; %(n)d delegates were told of their agenda.")
                    % {"n": len(changed)},
                )
            else:
                services.cancel_run(run, actor=request.user)
        except Conflict as exc:
            messages.error(request, str(exc))
        return redirect("console:matchmaking-run", slug=slug, pk=pk)


class RunStatusView(Manage, View):
    """The progress bar's JSON (polled every second while the run is under way)."""

    def get(self, request, slug, pk):
        services.reap_stale_runs(self.event)
        run = get_object_or_404(ScheduleRun, event=self.event, pk=pk)
        return JsonResponse(run_status(run, _language()))


class PipelineView(Manage, TemplateView):
    template_name = "matchmaking/console/pipeline.html"

    def get_context_data(self, **kwargs):
        filters = {k: self.request.GET.get(k, "") for k in ("side", "area")}
        return super().get_context_data(
            leads=pipeline_rows(self.event, filters, _language()),
            filters=filters,
            sides=self.event.delegations.all(),
            areas=self.event.areas.all(),
            **kwargs,
        )


def pipeline_rows(event, filters, language) -> list[dict]:
    rows = []
    for o in selectors.pipeline(event, filters):
        req = o.request
        other = req.recipient if req.requester_id == o.registration_id else req.requester
        rows.append(
            {
                "side": o.registration.delegation.code if o.registration.delegation_id else "",
                "delegate": o.registration.person.name_for(language),
                "organisation": selectors.tr(o.registration.organisation.name, language)
                if o.registration.organisation
                else "",
                "counterpart": other.person.name_for(language),
                "area": selectors.lead_area(o, language),
                "result": o.get_result_display(),
                "next_steps": o.next_steps,
                "owner": o.follow_up_owner,
                "due": o.due_date.isoformat() if o.due_date else "",
            }
        )
    return rows


COLUMNS = (
    "side",
    "delegate",
    "organisation",
    "counterpart",
    "area",
    "result",
    "next_steps",
    "owner",
    "due",
)


class PipelineExportView(Manage, View):
    def get(self, request, slug, fmt):
        rows = pipeline_rows(self.event, {}, _language())
        headers = [
            _("Side"),
            _("Delegate"),
            _("Organisation"),
            _("Counterpart"),
            _("Area"),
            _("Outcome"),
            _("Next steps"),
            _("Follow-up owner"),
            _("Due date"),
        ]
        if fmt == "xlsx":
            from openpyxl import Workbook
            from openpyxl.writer.excel import save_workbook

            book = Workbook()
            sheet = book.active
            sheet.title = "leads"
            sheet.append(headers)
            for row in rows:
                sheet.append([row[c] for c in COLUMNS])
            out = io.BytesIO()
            save_workbook(book, out)  # a file, not a model
            response = HttpResponse(
                out.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            out = io.StringIO()
            out.write("\ufeff")
            writer = csv.writer(out)
            writer.writerow(headers)
            for row in rows:
                writer.writerow([_safe(row[c]) for c in COLUMNS])
            response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
            fmt = "csv"
        response["Content-Disposition"] = f'attachment; filename="{slug}-leads.{fmt}"'
        return response


def _safe(value: str) -> str:
    """No formula injection into spreadsheets."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


class StatisticsView(Manage, TemplateView):
    template_name = "matchmaking/console/statistics.html"

    def get_context_data(self, **kwargs):
        stats = selectors.statistics(self.event)
        language = _language()
        areas = {a.slug: selectors.tr(a.name, language) for a in self.event.areas.all()}
        sides = {d.code: selectors.tr(d.name, language) for d in self.event.delegations.all()}
        by_status = {
            label: stats["by_status"].get(value, 0) for value, label in RequestStatus.choices
        }
        outcomes = {label: stats["outcomes"].get(v, 0) for v, label in OutcomeResult.choices}
        return super().get_context_data(
            stats=stats,
            rate=None
            if stats["acceptance_rate"] is None
            else round(100 * stats["acceptance_rate"]),
            chart_status=charts.bars(by_status, _("Requests by state")),
            chart_area=charts.bars(
                {areas.get(k, k): v for k, v in stats["by_area"].items()}, _("Meetings by area")
            ),
            chart_side=charts.bars(
                {sides.get(k, k): v for k, v in stats["by_side"].items()},
                _("Meeting places by side"),
            ),
            chart_outcomes=charts.bars(outcomes, _("Outcomes")),
            **kwargs,
        )


class StatisticsExportView(Manage, View):
    def get(self, request, slug):
        stats = selectors.statistics(self.event)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow([_("Figure"), _("Key"), _("Value")])
        writer.writerow(["requests", "", stats["requests"]])
        rate = stats["acceptance_rate"]
        writer.writerow(["acceptance_rate", "", "" if rate is None else f"{rate:.3f}"])
        writer.writerow(["meetings", "", stats["meetings"]])
        writer.writerow(["no_shows", "", stats["no_shows"]])
        for group in ("by_status", "by_area", "by_side", "outcomes"):
            for key, value in sorted(stats[group].items()):
                writer.writerow([group, key, value])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        stamp = datetime.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="{slug}-matchmaking-{stamp}.csv"'
        return response
