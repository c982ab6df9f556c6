"""Meeting requests: ask, accept, decline, cancel; organisers' must-meet pairs.

The rules a request must meet (the same for the site and the API, checked here):
both delegates approved in the same event, requests open (organisers always), the sides
allowed by the event's side rules (by default: different sides), neither's role barred,
and the requester's quota of live requests not used up. A second identical request (a
double click, a retried POST) finds the first; a request to someone who already asked
you accepts theirs.

A pair of delegates (unordered) has at most one live request: both delegates' rows are
locked in a fixed order while a request is made, so "A asks B" and "B asks A" at the same
moment are serialised, and the database's ``meeting_request_pair_once`` index refuses a
second live request for the pair whatever the path.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.audit import record
from liaison.core.errors import Conflict
from liaison.events.models import Role
from liaison.registration.models import Registration, RegistrationStatus

from ..models import ACTIVE_REQUEST, MeetingRequest, Priority, Profile, RequestStatus
from .profiles import settings_for

S = RequestStatus
MUST_MEET_WEIGHT = 5
MAX_MESSAGE = 1000


def quota_of(registration: Registration) -> int:
    own = Profile.objects.filter(registration=registration).values_list("quota", flat=True).first()
    return own if own is not None else settings_for(registration.event).default_quota


def used_quota(registration: Registration) -> int:
    """Live requests the delegate sent themself (must-meet pairs are the organisers')."""
    return MeetingRequest.objects.filter(
        requester=registration, status__in=ACTIVE_REQUEST, priority=Priority.NORMAL
    ).count()


def side_allowed(event, requester: Registration, recipient: Registration) -> bool:
    rules = settings_for(event).side_rules or []
    a = requester.delegation.code if requester.delegation_id else None
    b = recipient.delegation.code if recipient.delegation_id else None
    if rules:
        return [a, b] in [list(pair) for pair in rules]
    return a is None or b is None or a != b


def roles_allowed(event, requester: Registration, recipient: Registration) -> bool:
    conf = settings_for(event)
    if (
        conf.barred_requester_roles
        and Role.objects.filter(
            event=event, person_id=requester.person_id, kind__in=conf.barred_requester_roles
        ).exists()
    ):
        return False
    return not (
        conf.barred_recipient_roles
        and Role.objects.filter(
            event=event, person_id=recipient.person_id, kind__in=conf.barred_recipient_roles
        ).exists()
    )


def check_pair(requester: Registration, recipient: Registration) -> None:
    """Raise ``ValidationError`` when these two may not meet under the event's rules."""
    if requester.event_id != recipient.event_id:
        raise ValidationError({"to": [_("This delegate does not take part in this event.")]})
    if requester.pk == recipient.pk:
        raise ValidationError({"to": [_("You cannot ask to meet yourself.")]})
    for field, reg in (("from", requester), ("to", recipient)):
        if reg.status != RegistrationStatus.APPROVED:
            raise ValidationError({field: [_("Only approved delegates take part in matchmaking.")]})
    event = requester.event
    if not side_allowed(event, requester, recipient):
        raise ValidationError(
            {"to": [_("The event's rules do not allow requests between these sides.")]}
        )
    if not roles_allowed(event, requester, recipient):
        raise ValidationError({"to": [_("The event's rules do not allow this request.")]})


def live_between(a: Registration, b: Registration) -> MeetingRequest | None:
    """The live (pending or accepted) request of the pair, whoever asked."""
    return (
        MeetingRequest.objects.select_for_update()
        .filter(
            Q(requester=a, recipient=b) | Q(requester=b, recipient=a),
            status__in=ACTIVE_REQUEST,
        )
        .order_by("id")
        .first()
    )


def _lock_pair(a: Registration, b: Registration) -> None:
    """Lock both delegates' rows, lower id first (no deadlock between A->B and B->A)."""
    list(
        Registration.objects.select_for_update()
        .filter(pk__in=sorted({a.pk, b.pk}))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def request_meeting(
    requester: Registration,
    recipient: Registration,
    *,
    message: str = "",
    actor=None,
    notify: bool = True,
) -> tuple[MeetingRequest, bool]:
    """Ask to meet. Returns (request, created); ``notify`` e-mails the one asked."""
    from .. import tasks

    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError(
            {"message": [_("At most %(n)d characters, please.") % {"n": MAX_MESSAGE}]}
        )
    event = requester.event
    with transaction.atomic():
        # both rows serialise the pair's requests, and the requester's their quota
        _lock_pair(requester, recipient)
        existing = live_between(requester, recipient)
        if existing is not None:
            if existing.requester_id == requester.pk:
                return existing, False  # a double submission finds the first
            # they asked first: asking back is saying yes
            if existing.status == S.PENDING:
                return accept(existing, actor=actor, notify=notify), False
            return existing, False
        check_pair(requester, recipient)
        if not settings_for(event).requests_open:
            raise Conflict(_("Meeting requests are closed for this event."))
        quota = quota_of(requester)
        if used_quota(requester) >= quota:
            raise ValidationError(
                {
                    "non_field_errors": [
                        _("You have used your %(n)d meeting requests.") % {"n": quota}
                    ]
                }
            )
        try:
            with transaction.atomic():
                request = MeetingRequest.objects.create(
                    event=event,
                    requester=requester,
                    recipient=recipient,
                    message=message,
                    status=S.PENDING,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # a concurrent request of the pair won (a database without row locks)
            found = live_between(requester, recipient)
            if found is None:
                raise
            return found, False
        record(
            "matchmaking.request",
            request,
            actor=actor,
            event=event,
            summary=f"{requester.person} asks {recipient.person}",
        )
        if notify:
            tasks.notify_request(request, "received")
    return request, True


def add_must_meet(
    a: Registration,
    b: Registration,
    *,
    actor=None,
    weight: int = MUST_MEET_WEIGHT,
    message: str = "",
) -> MeetingRequest:
    """An organiser's pair that must meet (accepted at once, a higher weight). Side rules
    and quotas are the delegates' limits, not the organisers'."""
    if a.event_id != b.event_id or a.pk == b.pk:
        raise ValidationError({"to": [_("Choose two different delegates of this event.")]})
    for field, reg in (("from", a), ("to", b)):
        if reg.status != RegistrationStatus.APPROVED:
            raise ValidationError({field: [_("Only approved delegates take part in matchmaking.")]})
    if not 1 <= int(weight) <= 100:
        raise ValidationError({"weight": [_("A weight is between 1 and 100.")]})
    with transaction.atomic():
        _lock_pair(a, b)
        existing = live_between(a, b)
        now = timezone.now()
        if existing is not None:
            existing.priority, existing.weight = Priority.MUST_MEET, int(weight)
            if existing.status == S.PENDING:
                existing.status, existing.decided_at = S.ACCEPTED, now
            existing.save()
            request = existing
        else:
            request = MeetingRequest.objects.create(
                event=a.event,
                requester=a,
                recipient=b,
                message=message,
                status=S.ACCEPTED,
                priority=Priority.MUST_MEET,
                weight=int(weight),
                decided_at=now,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        record(
            "matchmaking.must_meet",
            request,
            actor=actor,
            event=a.event,
            summary=f"{a.person} must meet {b.person}",
        )
        _after_change(request, actor)
    return request


def _decide(request: MeetingRequest, status: str, *, actor, notify: bool) -> MeetingRequest:
    from .. import tasks

    with transaction.atomic():
        request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == status:
            return request  # the same answer twice: nothing new
        if request.status != S.PENDING:
            raise Conflict(
                _("This request is %(status)s already.")
                % {"status": request.get_status_display().lower()}
            )
        if status == S.ACCEPTED:
            check_pair(request.requester, request.recipient)
        request.status, request.decided_at = status, timezone.now()
        request.save(update_fields=["status", "decided_at"])
        record(f"matchmaking.request.{status}", request, actor=actor, event=request.event)
        if notify:
            tasks.notify_request(request, status)
        if status == S.ACCEPTED:
            _after_change(request, actor)
    return request


def accept(request: MeetingRequest, *, actor=None, notify: bool = True) -> MeetingRequest:
    return _decide(request, S.ACCEPTED, actor=actor, notify=notify)


def decline(request: MeetingRequest, *, actor=None, notify: bool = True) -> MeetingRequest:
    return _decide(request, S.DECLINED, actor=actor, notify=notify)


def cancel_request(request: MeetingRequest, *, actor=None) -> MeetingRequest:
    """Either delegate (or an organiser) calls it off; a published meeting is cancelled and
    the schedule repaired."""
    from .runs import cancel_meetings_of_request

    with transaction.atomic():
        request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in ACTIVE_REQUEST:
            raise Conflict(
                _("This request is %(status)s already.")
                % {"status": request.get_status_display().lower()}
            )
        was_accepted = request.status == S.ACCEPTED
        request.status, request.decided_at = S.CANCELLED, timezone.now()
        request.save(update_fields=["status", "decided_at"])
        record("matchmaking.request.cancel", request, actor=actor, event=request.event)
        if was_accepted and cancel_meetings_of_request(request, actor=actor):
            _repair(request.event, actor)
    return request


def _after_change(request: MeetingRequest, actor) -> None:
    """A request became schedulable after publication (a late request): repair."""
    from .runs import published_run

    if published_run(request.event) is not None:
        _repair(request.event, actor)


def _repair(event, actor) -> None:
    from .runs import request_repair

    request_repair(event, actor=actor)


def registration_left(registration: Registration, *, actor=None) -> int:
    """A delegate withdrew (or was rejected): their live requests are cancelled, their
    published meetings with them, and the schedule is repaired."""
    from .runs import cancel_meetings_of_request

    cancelled = 0
    with transaction.atomic():
        live = MeetingRequest.objects.select_for_update().filter(
            event=registration.event, status__in=ACTIVE_REQUEST
        )
        live = live.filter(requester=registration) | live.filter(recipient=registration)
        for request in live:
            request.status, request.decided_at = S.CANCELLED, timezone.now()
            request.save(update_fields=["status", "decided_at"])
            cancelled += cancel_meetings_of_request(request, actor=actor)
        record(
            "matchmaking.delegate_left",
            registration,
            actor=actor,
            event=registration.event,
            summary=f"{cancelled} meetings cancelled",
        )
        if cancelled:
            _repair(registration.event, actor)
    return cancelled
