"""What came of a meeting: each side records its own outcome and next steps."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.audit import record
from liaison.registration.models import Registration

from ..models import MeetingRequest, Outcome, OutcomeResult, RequestStatus


def record_outcome(
    request: MeetingRequest,
    registration: Registration,
    *,
    result: str,
    next_steps: str = "",
    follow_up_owner: str = "",
    due_date: date | None = None,
    actor=None,
) -> Outcome:
    request = MeetingRequest.objects.select_related("event").get(pk=request.pk)
    errors: dict[str, list[str]] = {}
    if registration.pk not in request.participant_ids:
        errors["registration"] = [_("Only the two delegates of a meeting record its outcome.")]
    if request.status != RequestStatus.ACCEPTED:
        errors["non_field_errors"] = [_("Only an accepted meeting has an outcome.")]
    if result not in OutcomeResult.values:
        errors["result"] = [
            _("Choose one of: %(values)s") % {"values": ", ".join(OutcomeResult.values)}
        ]
    if len(next_steps or "") > 2000:
        errors["next_steps"] = [_("At most %(n)d characters, please.") % {"n": 2000}]
    if len(follow_up_owner or "") > 200:
        errors["follow_up_owner"] = [_("At most %(n)d characters, please.") % {"n": 200}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        outcome, _created = Outcome.objects.update_or_create(
            request=request,
            registration=registration,
            defaults={
                "event_id": request.event_id,
                "result": result,
                "next_steps": (next_steps or "").strip(),
                "follow_up_owner": (follow_up_owner or "").strip(),
                "due_date": due_date,
            },
        )
        record(
            "matchmaking.outcome",
            outcome,
            actor=actor,
            event=request.event,
            summary=f"request {request.pk}: {result}",
        )
    return outcome
