"""Registration's one write path: register, approve, reject, withdraw, invite, sign-in links.

Seats are never counted by a check-then-write in Python outside a lock: every operation that
takes or frees a seat first locks the event's row (``SELECT ... FOR UPDATE``) inside its
transaction, so that on PostgreSQL concurrent registrations for one event run one after the
other through the counting and the write. (SQLite locks the whole database on the first
write of a transaction, which serialises them just as well.) Each operation is audited and
e-mails the person in their language once the transaction has committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from liaison.core import services as core_services
from liaison.core.audit import record
from liaison.core.errors import Conflict
from liaison.events import services as event_services
from liaison.events.models import (
    AttendanceMode,
    CooperationArea,
    Delegation,
    Event,
    Organisation,
    Person,
)
from liaison.search.index import normalise
from liaison.search.index import search as search_index

from . import tasks
from .models import (
    SEAT_STATUSES,
    Invitation,
    Registration,
    RegistrationStatus,
    SignInLink,
    token_digest,
)

S = RegistrationStatus
LANGUAGE_CODES = ("en", "zh-hans", "ja")
INVITATION_DAYS = 30
SIGN_IN_LINK_MINUTES = 60 * 24


@dataclass
class Applicant:
    """What a person gives when registering (api.md's fields plus needs)."""

    email: str
    family_name: str = ""
    given_name: str = ""
    family_name_latin: str = ""
    given_name_latin: str = ""
    organisation: str = ""
    delegation: str = ""  # the delegation's slug (code)
    mode: str = AttendanceMode.ONSITE
    language: str = "en"
    areas: tuple[str, ...] = ()  # area slugs
    consent_contact: bool = False
    needs: str = ""


# --- Reading the event's offer ----------------------------------------------------------------


def offered_modes(event: Event) -> list[str]:
    """The attendance modes an event offers: on site when it has a venue, online when it has
    an online channel; an event that names neither offers both."""
    modes = []
    if event.venue:
        modes.append(AttendanceMode.ONSITE)
    if event.online_channel or event.online_url:
        modes.append(AttendanceMode.ONLINE)
    return modes or [AttendanceMode.ONSITE, AttendanceMode.ONLINE]


def capacity_of(event: Event, mode: str) -> int | None:
    return event.onsite_capacity if mode == AttendanceMode.ONSITE else event.online_capacity


def seats_taken(event: Event, mode: str) -> int:
    return Registration.objects.filter(event=event, mode=mode, status__in=SEAT_STATUSES).count()


def _lock_event(event: Event) -> Event:
    """Lock the event's row for the rest of the transaction; returns it fresh."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _seat_free(event: Event, mode: str) -> bool:
    capacity = capacity_of(event, mode)
    return capacity is None or seats_taken(event, mode) < capacity


# --- Checking what was given --------------------------------------------------------------------


def clean_applicant(event: Event, applicant: Applicant) -> dict:
    """Check an application against the event; returns the delegation and areas it names.
    Raises ``ValidationError`` naming every field that is wrong."""
    errors: dict[str, list[str]] = {}
    for name in (
        "email",
        "family_name",
        "given_name",
        "family_name_latin",
        "given_name_latin",
        "organisation",
        "delegation",
        "needs",
    ):
        setattr(applicant, name, " ".join(str(getattr(applicant, name) or "").split()))
    applicant.email = applicant.email.lower()
    if not applicant.email:
        errors["email"] = [_("Give an e-mail address.")]
    else:
        try:
            validate_email(applicant.email)
        except ValidationError:
            errors["email"] = [
                _("“%(value)s” is not an e-mail address.") % {"value": applicant.email}
            ]
    if not (applicant.family_name or applicant.family_name_latin):
        errors["family_name"] = [_("Give a family name, in your own script or in Latin letters.")]
    for name, limit in (
        ("family_name", 100),
        ("given_name", 100),
        ("family_name_latin", 100),
        ("given_name_latin", 100),
        ("organisation", 300),
        ("needs", 2000),
    ):
        if len(getattr(applicant, name)) > limit:
            errors.setdefault(name, []).append(
                _("At most %(limit)d characters.") % {"limit": limit}
            )
    if applicant.mode not in offered_modes(event):
        errors["mode"] = [_("This event does not offer this way of attending.")]
    if applicant.language not in LANGUAGE_CODES:
        errors["language"] = [
            _("“%(value)s” is not a language of this site (en, zh-hans, ja).")
            % {"value": applicant.language}
        ]
    delegation = None
    if applicant.delegation:
        delegation = Delegation.objects.filter(event=event, code=applicant.delegation).first()
        if delegation is None:
            errors["delegation"] = [
                _("“%(value)s” is not a delegation of this event.")
                % {"value": applicant.delegation}
            ]
    slugs = list(dict.fromkeys(a.strip() for a in applicant.areas if a and a.strip()))
    areas = list(CooperationArea.objects.filter(event=event, slug__in=slugs))
    unknown = sorted(set(slugs) - {a.slug for a in areas})
    if unknown:
        errors["areas"] = [
            _("Not a cooperation area of this event: %(slugs)s") % {"slugs": ", ".join(unknown)}
        ]
    if errors:
        raise ValidationError(errors)
    return {"delegation": delegation, "areas": areas}


def _find_organisation(name: str) -> Organisation | None:
    """The organisation of that name (in any language, or its short name), if known."""
    wanted = normalise(name)
    for organisation in search_index(Organisation.objects.all(), name)[:50]:
        texts = getattr(organisation.name, "data", organisation.name)
        texts = texts.values() if isinstance(texts, dict) else [texts]
        if wanted in {normalise(t) for t in texts if t} | {normalise(organisation.short_name)}:
            return organisation
    return None


def _new_organisation(event: Event, name: str, delegation: Delegation | None) -> Organisation:
    """A new organisation for a name nobody registered before (made under the event's lock,
    so two registrants of one new organisation do not make it twice)."""
    base = slugify(name)[:60] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return event_services.create_organisation(
        slug=slug,
        name={"en": name},
        kind=Organisation.Kind.COMPANY,
        # "ZZ" is ISO 3166's code for an unknown country; organisers correct it later.
        country=(delegation.country if delegation and delegation.country else "ZZ"),
        event=event,
    )


def _unique_username(email: str) -> str:
    user_model = get_user_model()
    base = slugify(email.split("@")[0])[:30] or "delegate"
    while True:
        candidate = f"{base}-{secrets.token_hex(3)}"
        if not user_model.objects.filter(username__iexact=candidate).exists():
            return candidate


def _person_for(applicant: Applicant, organisation, actor) -> Person:
    """The person with this e-mail address (kept as they are), or a new one."""
    person = Person.objects.filter(email__iexact=applicant.email).first()
    if person is not None:
        blanks = {
            name: getattr(applicant, name)
            for name in ("family_name", "given_name", "family_name_latin", "given_name_latin")
            if getattr(applicant, name) and not getattr(person, name)
        }
        if organisation is not None and person.organisation_id is None:
            blanks["organisation"] = organisation
        if blanks:
            event_services.update_person(person, actor=actor, **blanks)
        return person
    return event_services.create_person(
        family_name=applicant.family_name,
        given_name=applicant.given_name,
        family_name_latin=applicant.family_name_latin,
        given_name_latin=applicant.given_name_latin,
        organisation=organisation,
        preferred_language=applicant.language,
        email=applicant.email,
        actor=actor,
    )


def _account_for(person: Person, actor):
    """The person's own account, made on their first registration (no password: they sign
    in by a link sent by e-mail, and may set a password later)."""
    if person.user_id:
        return person.user
    user = core_services.create_user(
        _unique_username(person.email), email=person.email, actor=actor
    )
    event_services.link_person_to_user(person, user, actor=actor)
    return user


# --- Registering ------------------------------------------------------------------------------


def register(
    event: Event,
    applicant: Applicant,
    *,
    actor=None,
    invitation_token: str | None = None,
    by_organiser: bool = False,
    review: bool = False,
    notify: bool = True,
) -> Registration:
    """Register a person. The status is ``waitlisted`` when no seat is left in that mode,
    else ``pending`` when the event needs approval (and no invitation stands for it), else
    ``approved``. The same e-mail twice for one event raises ``Conflict``. Organisers
    (``by_organiser``) register even when registration is closed, approved at once unless
    ``review`` keeps it pending. ``notify=False`` sends no e-mail (imports checked dry, the
    demo)."""
    cleaned = clean_applicant(event, applicant)
    duplicate = _("%(email)s is already registered for this event.") % {"email": applicant.email}
    try:
        with transaction.atomic():
            event = Event.objects.get(pk=event.pk)
            invitation = None
            if invitation_token:
                invitation = _usable_invitation(event, invitation_token, lock=True)
            if not by_organiser:
                if not event.registration_open or event.status != Event.Status.OPEN:
                    raise Conflict(_("Registration for this event is closed."))
                if event.invitation_only and invitation is None:
                    raise PermissionDenied(_("This event takes registrations by invitation only."))
            if Registration.objects.filter(event=event, email__iexact=applicant.email).exists():
                raise Conflict(duplicate, field="email")
            # The person and their account come first, before the event's lock: they count
            # no seat. A concurrent registration with the same address waits on the unique
            # index of Person.email and then fails as a conflict.
            organisation = (
                _find_organisation(applicant.organisation) if applicant.organisation else None
            )
            person = _person_for(applicant, organisation, actor)
            _account_for(person, actor)

            # From here on, one registration of this event at a time: count, then write.
            event = _lock_event(event)
            if Registration.objects.filter(
                Q(email__iexact=applicant.email) | Q(person=person), event=event
            ).exists():
                raise Conflict(duplicate, field="email")
            if applicant.organisation and organisation is None:
                organisation = _find_organisation(applicant.organisation) or _new_organisation(
                    event, applicant.organisation, cleaned["delegation"]
                )
                if person.organisation_id is None:
                    event_services.update_person(person, actor=actor, organisation=organisation)
            if not _seat_free(event, applicant.mode):
                status = S.WAITLISTED
            elif review or (event.approval_required and invitation is None and not by_organiser):
                status = S.PENDING
            else:
                status = S.APPROVED
            registration = Registration.objects.create(
                event=event,
                person=person,
                email=applicant.email,
                organisation=organisation or person.organisation,
                delegation=cleaned["delegation"],
                mode=applicant.mode,
                language=applicant.language,
                consent_contact=bool(applicant.consent_contact),
                needs=applicant.needs,
                status=status,
                decided_at=timezone.now() if status == S.APPROVED else None,
            )
            registration.areas.set(cleaned["areas"])
            if organisation is not None:
                event.organisations.add(organisation)
            if invitation is not None:
                invitation.used_at = timezone.now()
                invitation.registration = registration
                invitation.save(update_fields=["used_at", "registration"])
            record(
                "registration.create",
                registration,
                actor=actor,
                event=event,
                summary=f"{person} registered ({registration.mode}, {status})",
                status=status,
                mode=registration.mode,
                invitation=invitation.pk if invitation else None,
            )
            if notify:
                token = _new_sign_in_link(person.user, event)
                tasks.notify(registration, "registered", sign_in_token=token)
    except IntegrityError as exc:
        # The unique constraints back the checks above (e.g. the same person under another
        # address): never a 500 for a duplicate.
        raise Conflict(_("This person is already registered for this event.")) from exc
    return registration


# --- Changing state ---------------------------------------------------------------------------


def _locked(registration: Registration) -> tuple[Event, Registration]:
    event = _lock_event(registration.event)
    fresh = (
        Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    )
    return event, fresh


def _change(
    registration: Registration, status: str, *, actor, action: str, notify: bool = True
) -> Registration:
    registration.status = status
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decided_at", "updated_at"])
    record(
        action,
        registration,
        actor=actor,
        summary=f"{registration.person}: {status}",
        status=status,
    )
    if notify:
        tasks.notify(registration, status)
    return registration


def _promote(event: Event, mode: str, *, actor, notify: bool = True) -> list[Registration]:
    """Give freed seats of ``mode`` to the first waitlisted registrations, at once. Called
    with the event locked."""
    promoted = []
    while _seat_free(event, mode):
        waiting = (
            Registration.objects.select_for_update()
            .select_related("person")
            .filter(event=event, mode=mode, status=S.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if waiting is None:
            break
        status = S.PENDING if event.approval_required else S.APPROVED
        waiting.status = status
        waiting.decided_at = timezone.now() if status == S.APPROVED else None
        waiting.save(update_fields=["status", "decided_at", "updated_at"])
        record(
            "registration.promote",
            waiting,
            actor=actor,
            summary=f"{waiting.person}: from the waiting list, {status}",
            status=status,
        )
        if notify:
            tasks.notify(waiting, "promoted")
        promoted.append(waiting)
    return promoted


def approve(registration: Registration, *, actor=None, notify: bool = True) -> Registration:
    """Pending -> approved; waitlisted -> approved only while a seat of its mode is free."""
    with transaction.atomic():
        event, registration = _locked(registration)
        if registration.status == S.WAITLISTED:
            if not _seat_free(event, registration.mode):
                raise Conflict(
                    _("No seat is free in this mode; the registration stays on the waiting list.")
                )
        elif registration.status != S.PENDING:
            raise Conflict(
                _("A registration that is %(status)s cannot be approved.")
                % {"status": registration.get_status_display().lower()}
            )
        return _change(
            registration, S.APPROVED, actor=actor, action="registration.approve", notify=notify
        )


def reject(registration: Registration, *, actor=None, notify: bool = True) -> Registration:
    """Pending, waitlisted or approved -> rejected; a freed seat goes to the waiting list."""
    with transaction.atomic():
        event, registration = _locked(registration)
        if registration.status not in (S.PENDING, S.WAITLISTED, S.APPROVED):
            raise Conflict(
                _("A registration that is %(status)s cannot be rejected.")
                % {"status": registration.get_status_display().lower()}
            )
        held = registration.holds_seat
        _change(registration, S.REJECTED, actor=actor, action="registration.reject", notify=notify)
        if held:
            _promote(event, registration.mode, actor=actor, notify=notify)
        return registration


def withdraw(registration: Registration, *, actor=None, notify: bool = True) -> Registration:
    """Pending, waitlisted or approved -> withdrawn (by the person or an organiser); a freed
    seat goes to the first waitlisted registration of that mode at once."""
    with transaction.atomic():
        event, registration = _locked(registration)
        if registration.status not in (S.PENDING, S.WAITLISTED, S.APPROVED):
            raise Conflict(
                _("A registration that is %(status)s cannot be withdrawn.")
                % {"status": registration.get_status_display().lower()}
            )
        held = registration.holds_seat
        _change(
            registration, S.WITHDRAWN, actor=actor, action="registration.withdraw", notify=notify
        )
        if held:
            _promote(event, registration.mode, actor=actor, notify=notify)
        return registration


def fill_free_seats(event: Event, *, actor=None) -> list[Registration]:
    """After an organiser raised a capacity: promote from the waiting lists of both modes."""
    with transaction.atomic():
        event = _lock_event(event)
        return [r for mode in AttendanceMode.values for r in _promote(event, mode, actor=actor)]


# --- Invitations ------------------------------------------------------------------------------

PREFILL_FIELDS = (
    "family_name",
    "given_name",
    "family_name_latin",
    "given_name_latin",
    "organisation",
    "delegation",
    "mode",
)


def invite(
    event: Event,
    email: str,
    *,
    language: str = "en",
    prefill: dict | None = None,
    actor=None,
    days: int = INVITATION_DAYS,
) -> tuple[Invitation, str]:
    """Invite one person: a single-use link, valid ``days`` days, e-mailed in ``language``.
    Returns the invitation and its token (shown once; only its digest is kept)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(value)s” is not an e-mail address.") % {"value": email}}
        ) from None
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose English, Chinese or Japanese.")})
    prefill = {k: str(v).strip() for k, v in (prefill or {}).items() if k in PREFILL_FIELDS and v}
    if (
        prefill.get("delegation")
        and not Delegation.objects.filter(event=event, code=prefill["delegation"]).exists()
    ):
        raise ValidationError(
            {
                "delegation": _("“%(value)s” is not a delegation of this event.")
                % {"value": prefill["delegation"]}
            }
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if Registration.objects.filter(event=event, email__iexact=email).exists():
            raise Conflict(_("%(email)s is already registered for this event.") % {"email": email})
        invitation = Invitation.objects.create(
            event=event,
            email=email,
            token_hash=token_digest(token),
            prefill=prefill,
            language=language,
            expires_at=timezone.now() + timedelta(days=days),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record("invitation.create", invitation, actor=actor, summary=f"Invited {email}")
        tasks.notify_invitation(invitation, token)
    return invitation, token


def invite_many(event: Event, lines: list[dict], *, actor=None) -> list[Invitation]:
    """Invite several people at once, all or nothing: ``lines`` of ``{"email", "language",
    ...prefill}``. Raises ``ValidationError`` listing every bad line."""
    problems = []
    with transaction.atomic():
        made = []
        seen = set()
        for number, line in enumerate(lines, start=1):
            email = (line.get("email") or "").strip().lower()
            if email in seen:
                problems.append(
                    _("line %(n)d: %(email)s appears twice") % {"n": number, "email": email}
                )
                continue
            seen.add(email)
            try:
                with transaction.atomic():
                    invitation, _token = invite(
                        event,
                        email,
                        language=line.get("language") or event.default_language,
                        prefill=line,
                        actor=actor,
                    )
                made.append(invitation)
            except (ValidationError, Conflict) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                problems += [
                    _("line %(n)d: %(message)s") % {"n": number, "message": m} for m in messages
                ]
        if problems:
            transaction.set_rollback(True)
            raise ValidationError(problems)
    return made


def _usable_invitation(event: Event, token: str, *, lock: bool = False) -> Invitation:
    """The invitation of this link, if it may still be used; else ``ValidationError``."""
    invitations = Invitation.objects.filter(event=event, token_hash=token_digest(token))
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.first()
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid for this event."))
    if invitation.used_at is not None:
        raise ValidationError(_("This invitation link has been used already."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation link has expired; ask the organisers for a new one.")
        )
    return invitation


def invitation_for(event: Event, token: str) -> Invitation:
    """Read-only check of an invitation link (for pre-filling the form)."""
    return _usable_invitation(event, token)


# --- Delegates' sign-in ---------------------------------------------------------------------


def _new_sign_in_link(user, event: Event | None) -> str:
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(
        user=user,
        event=event,
        token_hash=token_digest(token),
        expires_at=timezone.now() + timedelta(minutes=SIGN_IN_LINK_MINUTES),
    )
    return token


def send_sign_in_link(event: Event, email: str) -> None:
    """E-mail a one-time sign-in link to the person registered for ``event`` with this
    address. Says nothing either way (no one learns who is registered)."""
    email = (email or "").strip()
    registration = (
        Registration.objects.select_related("person__user")
        .filter(event=event, email__iexact=email, person__user__isnull=False)
        .first()
    )
    if registration is None:
        return
    with transaction.atomic():
        token = _new_sign_in_link(registration.person.user, event)
        record(
            "signin.link",
            registration,
            summary=f"Sign-in link sent to {registration.email}",
        )
        tasks.notify(registration, "sign_in", sign_in_token=token)


def use_sign_in_link(token: str):
    """The user a sign-in link stands for, once: the link is spent. ``ValidationError``
    for a forged, used or expired link."""
    with transaction.atomic():
        link = (
            SignInLink.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_digest(token))
            .first()
        )
        if link is None:
            raise ValidationError(_("This sign-in link is not valid."))
        if link.used_at is not None:
            raise ValidationError(_("This sign-in link has been used already; ask for a new one."))
        if link.expires_at <= timezone.now() or not link.user.is_active:
            raise ValidationError(_("This sign-in link has expired; ask for a new one."))
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        record("signin.use", link.user, event=link.event, summary=f"{link.user} signed in by link")
        return link.user


def set_delegate_password(user, password: str, *, actor=None) -> None:
    """A delegate chooses a password (checked by the site's password rules)."""
    validate_password(password, user)
    core_services.set_password(user, password, actor=actor or user)


# --- Import ------------------------------------------------------------------------------------


def import_registrations(event: Event, checked, *, actor=None, dry_run: bool = False) -> list:
    """Register every applicant of a checked file, all or nothing: on any problem (found by
    the check, or by a registration itself) nothing is written and ``ValidationError``
    lists every problem. ``dry_run`` runs everything and rolls back."""
    if checked.problems:
        raise ValidationError(checked.problems)
    problems: list[str] = []
    made: list[Registration] = []
    with transaction.atomic():
        for number, applicant in checked.applicants:
            try:
                with transaction.atomic():
                    made.append(
                        register(
                            event, applicant, actor=actor, by_organiser=True, notify=not dry_run
                        )
                    )
            except ValidationError as exc:
                problems += [
                    _("row %(row)d: %(message)s") % {"row": number, "message": m}
                    for m in exc.messages
                ]
            except Conflict as exc:
                problems.append(
                    _("row %(row)d, column email: %(message)s")
                    % {"row": number, "message": str(exc)}
                )
        if problems:
            transaction.set_rollback(True)
            raise ValidationError(problems)
        record(
            "registration.import",
            event,
            actor=actor,
            summary=f"Imported {len(made)} registrations" + (" (dry run)" if dry_run else ""),
            count=len(made),
            dry_run=dry_run,
        )
        if dry_run:
            transaction.set_rollback(True)
    return made
