"""The one write path of attendance: badge scans at the door and online visits.

``check_in`` is the only way a check-in is made (the desk, the API, the demo and the bench
all call it). It is idempotent by the scanner's scan id (``client_id``): the same scan sent
again, however late and however often, answers ``repeat`` and writes nothing. The
registration's row is locked for the decision, and the database holds one check-in per
registration, so two desks scanning one badge at the same moment give one check-in and one
"already checked in".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.audit import record
from liaison.core.errors import Conflict
from liaison.events.models import Event
from liaison.registration.models import Registration, RegistrationStatus

from .models import CheckIn, OnlineVisit

# A scanner's clock may run a little fast; a scan further in the future is refused.
CLOCK_SKEW = timedelta(minutes=5)
MAX_CODE_LENGTH = 64


class Outcome(StrEnum):
    CHECKED_IN = "checked_in"
    REPEAT = "repeat"  # the same scan id again: nothing new
    ALREADY = "already_checked_in"  # another scan checked this badge in before
    NOT_APPROVED = "not_approved"  # pending or on the waiting list
    ONLINE = "online"  # registered to attend online
    UNKNOWN = "unknown"
    OTHER_EVENT = "other_event"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


@dataclass
class ScanResult:
    outcome: Outcome
    registration: Registration | None = None
    checkin: CheckIn | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome in (Outcome.CHECKED_IN, Outcome.REPEAT)

    @property
    def message(self) -> str:
        return outcome_message(self.outcome, self.checkin)


def outcome_message(outcome: Outcome, checkin: CheckIn | None = None) -> str:
    """What the desk and the API say about a scan, in the active language."""
    if outcome == Outcome.CHECKED_IN:
        return _("Checked in.")
    if outcome == Outcome.REPEAT:
        return _("This scan was already received; nothing new was recorded.")
    if outcome == Outcome.ALREADY:
        return _("This badge was already used to check in.")
    if outcome == Outcome.NOT_APPROVED:
        return _("This registration is not approved (yet): ask an organiser.")
    if outcome == Outcome.ONLINE:
        return _("This person registered to attend online, not on site: ask an organiser.")
    if outcome == Outcome.OTHER_EVENT:
        return _("This badge belongs to another event.")
    if outcome == Outcome.WITHDRAWN:
        return _("This registration was withdrawn.")
    if outcome == Outcome.REJECTED:
        return _("This registration was rejected.")
    return _("No registration has this badge code.")


def normalise_code(code: str) -> str:
    """What a handheld scanner or a person typed, as stored: no spaces, upper case."""
    return "".join((code or "").split()).upper()


def _validated(
    code: str, client_id, scanned_at: datetime | None
) -> tuple[str, uuid.UUID, datetime]:
    errors: dict[str, list[str]] = {}
    code = normalise_code(code)
    if not code:
        errors["code"] = [_("Scan a badge or type its code.")]
    elif len(code) > MAX_CODE_LENGTH:
        errors["code"] = [_("This is too long to be a badge code.")]
    if isinstance(client_id, uuid.UUID):
        scan_id = client_id
    else:
        try:
            scan_id = uuid.UUID(str(client_id))
        except ValueError:
            errors["client_id"] = [_("The scan id must be a UUID.")]
            scan_id = None
    now = timezone.now()
    if scanned_at is None:
        scanned_at = now
    elif timezone.is_naive(scanned_at):
        errors["scanned_at"] = [_("The scan time must include its offset from UTC.")]
    elif scanned_at > now + CLOCK_SKEW:
        errors["scanned_at"] = [_("The scan time is in the future: check the scanner's clock.")]
    if errors:
        raise ValidationError(errors)
    return code, scan_id, scanned_at


def _registration(event: Event, code: str, *, lock: bool) -> Registration | None:
    registrations = Registration.objects.filter(event=event, badge_code=code).select_related(
        "person", "organisation", "delegation", "event"
    )
    if lock:
        registrations = registrations.select_for_update(of=("self",))
    return registrations.first()


def check_in(
    event: Event,
    code: str,
    *,
    client_id,
    scanned_at: datetime | None = None,
    by=None,
) -> ScanResult:
    """Check the holder of badge ``code`` in at ``event``, as scan ``client_id`` made at
    ``scanned_at`` (default: now) by user ``by``. Refusals are results, not errors; bad
    input (no code, a scan id that is not a UUID or that was used for another badge, a
    scan time in the future) raises ``ValidationError``."""
    code, scan_id, scanned_at = _validated(code, client_id, scanned_at)
    try:
        with transaction.atomic():
            return _check_in(event, code, scan_id, scanned_at, by, careful=False)
    except IntegrityError:
        # The scan id was used before for another badge, or two scans of one badge raced
        # past each other where the database takes no row lock (SQLite): the constraints
        # kept one check-in. Decide again, looking the scan id up first.
        with transaction.atomic():
            return _check_in(event, code, scan_id, scanned_at, by, careful=True)


def _check_in(event, code, scan_id, scanned_at, by, *, careful: bool) -> ScanResult:
    """The decision, under the registration's row lock. The fast path (``careful`` off)
    does not look the scan id up first: a scan id seen before is either this badge's own
    check-in (found below, since the badge is then checked in) or another badge's, which
    the unique constraint refuses at the insert, sending the scan down the careful path."""
    if careful:
        earlier = CheckIn.objects.filter(client_id=scan_id).select_related("registration").first()
        if earlier is not None and not (
            earlier.registration.event_id == event.pk and earlier.registration.badge_code == code
        ):
            raise ValidationError(
                {"client_id": [_("This scan id was already used for another badge.")]}
            )

    registration = _registration(event, code, lock=True)
    if registration is None:
        elsewhere = Registration.objects.filter(badge_code=code).exists()
        return ScanResult(Outcome.OTHER_EVENT if elsewhere else Outcome.UNKNOWN)
    first = registration.checkins.first() if registration.checked_in_at is not None else None
    if first is not None and first.client_id == scan_id:
        return ScanResult(Outcome.REPEAT, registration, first)  # whatever happened since
    status = registration.status
    if status == RegistrationStatus.WITHDRAWN:
        return ScanResult(Outcome.WITHDRAWN, registration)
    if status == RegistrationStatus.REJECTED:
        return ScanResult(Outcome.REJECTED, registration)
    if registration.checked_in_at is not None:
        return ScanResult(Outcome.ALREADY, registration, first)
    if status != RegistrationStatus.APPROVED:
        return ScanResult(Outcome.NOT_APPROVED, registration)
    if registration.mode != Registration.Mode.ONSITE:
        return ScanResult(Outcome.ONLINE, registration)

    checkin = CheckIn.objects.create(
        registration=registration,
        client_id=scan_id,
        scanned_at=scanned_at,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    registration.checked_in_at = scanned_at
    registration.save(update_fields=["checked_in_at", "updated_at"])
    record(
        "attendance.check_in",
        registration,
        actor=by,
        event=event,
        summary=f"Checked in {registration.person}",
        client_id=str(scan_id),
        scanned_at=scanned_at.isoformat(),
    )
    return ScanResult(Outcome.CHECKED_IN, registration, checkin)


# Online attendance ---------------------------------------------------------------------

# A visit whose page has not been heard from for this long is no longer present.
PRESENCE_TIMEOUT = timedelta(minutes=3)


def check_joinable(registration: Registration) -> None:
    """Raise ``Conflict`` with a clear message unless the registration may join online."""
    if registration.mode != Registration.Mode.ONLINE:
        raise Conflict(_("This registration is for attending on site; its join link is closed."))
    if registration.status in (RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED):
        raise Conflict(_("This registration was withdrawn or rejected; its join link is closed."))
    if registration.status != RegistrationStatus.APPROVED:
        raise Conflict(_("This registration is not approved yet; the join link opens once it is."))


def record_join(registration: Registration, *, at: datetime | None = None) -> OnlineVisit:
    """The participant followed their personal join link: a visit begins. The first join
    is kept on the registration (``joined_at``); ``left_at`` is cleared while present."""
    check_joinable(registration)
    at = at or timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        visit = OnlineVisit.objects.create(registration=locked, joined_at=at, last_seen_at=at)
        fields = ["left_at", "updated_at"]
        if locked.joined_at is None:
            locked.joined_at = at
            fields.append("joined_at")
        locked.left_at = None
        locked.save(update_fields=fields)
        record(
            "attendance.join",
            locked,
            summary=f"{locked.person} joined online",
            visit=visit.pk,
            at=at.isoformat(),
        )
    registration.joined_at, registration.left_at = locked.joined_at, None
    return visit


def record_presence(visit: OnlineVisit, *, leaving: bool = False, at=None) -> OnlineVisit:
    """A heartbeat of the join page (the participant is still there), or its last word
    when the page is closed (``leaving``). Heartbeats are not audited (one a minute per
    participant); a leave is."""
    at = at or timezone.now()
    with transaction.atomic():
        visit = (
            OnlineVisit.objects.select_for_update().select_related("registration").get(pk=visit.pk)
        )
        if visit.left_at is not None:
            return visit  # a late heartbeat after the leave changes nothing
        visit.last_seen_at = max(at, visit.last_seen_at)
        fields = ["last_seen_at"]
        if leaving:
            visit.left_at = visit.last_seen_at
            fields.append("left_at")
        visit.save(update_fields=fields)
        if leaving:
            registration = visit.registration
            registration.left_at = visit.left_at
            registration.save(update_fields=["left_at", "updated_at"])
            record(
                "attendance.leave",
                registration,
                summary=f"{registration.person} left online",
                visit=visit.pk,
                at=visit.left_at.isoformat(),
            )
    return visit
