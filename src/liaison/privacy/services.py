"""A person's rights over their data (PIPL arts. 45 and 47, GDPR arts. 15, 17 and 20):
``export_person`` gives everything Liaison holds about them as one JSON document;
``erase_person`` removes their personal data and keeps what the event's figures need.

Erasure is immediate: a delegate confirms it on their own page (ticking a box and typing
their e-mail address), or an organiser holding ``privacy.erase`` in every event the person
is part of does it from the console. Kept, without anyone's name: the registrations' side,
area, mode, status and organisation (counts by side/area/mode stay right), check-ins and
online visits (attendance figures), meeting requests, meetings and outcome results (the
matchmaking statistics), roles in the record (the seminar had N delegates of a side). Gone:
names, e-mail addresses, titles, needs, phone, pitch, opportunity texts, messages, next
steps, the account's sign-in (no password, inactive, no tokens or sign-in links),
invitations, recommendations, team memberships; the search documents are rebuilt from what
is left, and every audit entry's text and data lose the person's names and addresses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from liaison.core.audit import record
from liaison.core.models import AuditEntry
from liaison.events.models import Person
from liaison.registration.models import Registration, new_join_token
from liaison.search import index

from .selectors import holdings

FORMAT = "liaison-personal-data/1"
ERASED = "[erased]"
ERASED_NAME = {"en": "Erased person", "zh-hans": "已删除的个人", "ja": "削除済みの人物"}
SECRET_FIELDS = {"password", "token_hash", "join_token", "badge_code", "search_text"}


# --- Export ---------------------------------------------------------------------------------


def _value(value):
    data = getattr(value, "data", value)  # i18nfield values as their dict
    if isinstance(data, str | int | float | bool | dict | list | type(None)):
        return data
    if hasattr(data, "isoformat"):
        return data.isoformat()
    return str(data)


def row(obj: models.Model, *, exclude=(), **extra) -> dict:
    """Every concrete field of ``obj`` (foreign keys by id), JSON-safe, secrets left out."""
    out = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name in exclude:
            continue
        out[f.attname if f.is_relation else f.name] = _value(getattr(obj, f.attname))
    out.update(extra)
    return out


def export_person(person: Person) -> dict:
    """Everything about ``person`` as one JSON-ready document."""
    h = holdings(person)
    ids = h.registration_ids
    user = h.user
    account = None
    if user is not None:
        account = row(
            user,
            exclude=("is_superuser",),
            has_password=user.has_usable_password(),
            api_token=hasattr(user, "auth_token"),
        )
    registrations = [
        row(
            r,
            event_slug=r.event.slug,
            areas=[a.slug for a in r.areas.all()],
            delegation_code=r.delegation.code if r.delegation else None,
        )
        for r in h.registrations
    ]
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "person": row(person),
        "account": account,
        "team": [row(m, event_slug=m.event.slug) for m in h.team()],
        "roles": [
            row(r, event_slug=r.event.slug, areas=[a.slug for a in r.areas.all()]) for r in h.roles
        ],
        "programme_items": [
            {"id": i.pk, "event_slug": i.event.slug, "title": _value(i.title)}
            for i in h.agenda_items
        ],
        "registrations": registrations,
        "invitations": [row(i) for i in h.invitations(ids)],
        "checkins": [row(c) for c in h.checkins(ids)],
        "online_visits": [row(v) for v in h.visits(ids)],
        "matchmaking": {
            "profiles": [row(p, areas=[a.slug for a in p.areas.all()]) for p in h.profiles(ids)],
            "opportunities": [row(o) for o in h.opportunities(ids)],
            "requests": [row(r) for r in h.requests(ids)],
            "meetings": [
                row(
                    m,
                    starts_at=_value(m.slot.starts_at),
                    ends_at=_value(m.slot.ends_at),
                    table=str(m.table) if m.table else None,
                    video_room=str(m.video_room) if m.video_room else None,
                )
                for m in h.meetings(ids)
            ],
            "outcomes": [row(o) for o in h.outcomes(ids)],
            "recommendations": [
                row(r) for r in h.recommendations(ids).filter(registration_id__in=ids)
            ],
        },
        "sign_in_links": [row(s) for s in h.sign_in_links()],
        "audit": [
            row(
                a,
                exclude=("actor",),
                event_slug=a.event_slug,
                by_this_person=a.actor_id == getattr(user, "pk", -1),
            )
            for a in h.audit_entries(ids)
        ],
    }


def export_json(person: Person, *, actor=None) -> str:
    """The export as text, and an audit entry saying who took it."""
    document = export_person(person)
    with transaction.atomic():
        record(
            "privacy.export",
            person,
            actor=actor,
            event=None,
            summary=f"Personal data of person #{person.pk} exported",
        )
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)


# --- Erasure ---------------------------------------------------------------------------------


@dataclass
class Erasure:
    person_id: int
    registrations: int
    audit_entries: int


def _needles(person: Person, emails: set[str], user) -> list[str]:
    """The strings that name the person, longest first (so a full name goes before its
    parts). Parts shorter than two characters are not searched for alone."""
    names = {
        person.native_name,
        person.latin_name,
        f"{person.given_name_latin} {person.family_name_latin}".strip(),
        f"{person.family_name_latin} {person.given_name_latin}".strip(),
        person.family_name + person.given_name,
        person.given_name,
        person.given_name_latin,
        str(person),
        *emails,
    }
    if user is not None:
        names.add(user.get_username())
        names.add(user.get_full_name())
    return sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True)


def _scrub(value, needles):
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, ERASED)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, needles) for v in value]
    return value


def _scrub_audit(needles, events) -> int:
    """Names and addresses out of every audit entry of the person's events and of no event."""
    changed = 0
    candidates = AuditEntry.objects.filter(
        models.Q(event__in=events) | models.Q(event__isnull=True)
    ).only("pk", "summary", "data")
    for entry in candidates.iterator(chunk_size=500):
        summary = _scrub(entry.summary, needles)
        data = _scrub(entry.data, needles)
        if summary != entry.summary or data != entry.data:
            AuditEntry.objects.filter(pk=entry.pk).update(summary=summary, data=data)
            changed += 1
    return changed


def erase_person(person: Person, *, actor=None) -> Erasure:
    """Remove ``person``'s personal data (see the module's note for what is kept)."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        h = holdings(person)
        ids = h.registration_ids
        user = h.user
        emails = h.emails()
        needles = _needles(person, emails, user)
        events = list(h.events())

        # matchmaking: texts out, figures kept; derived recommendations dropped
        for profile in h.profiles(ids):
            profile.pitch = {}
            profile.phone = ""
            profile.search_text = ""
            profile.save(update_fields=["pitch", "phone", "search_text", "updated_at"])
        h.opportunities(ids).update(title={"en": ERASED}, description={}, search_text="")
        h.requests(ids).update(message="")
        h.outcomes(ids).update(next_steps="", follow_up_owner="")
        h.recommendations(ids).delete()

        # registrations: no address, needs or working link; side, area, mode, status kept
        h.invitations(ids).delete()
        for registration in Registration.objects.filter(pk__in=ids):
            registration.email = f"erased-{registration.pk}@erased.invalid"
            registration.needs = ""
            registration.consent_contact = False
            registration.join_token = new_join_token()
            registration.save(
                update_fields=["email", "needs", "consent_contact", "join_token", "updated_at"]
            )

        # the account: cannot sign in any more, by any door
        if user is not None:
            h.sign_in_links().delete()
            Token.objects.filter(user=user).delete()
            h.team().delete()
            user.username = f"erased-{user.pk}"
            user.email = ""
            user.first_name = user.last_name = ""
            user.is_active = False
            user.is_staff = user.is_superuser = False
            user.set_unusable_password()
            user.save()
            _end_sessions(user)

        # the person: known only as an erased person from now on
        person.family_name = person.given_name = ""
        person.family_name_latin = person.given_name_latin = ""
        person.known_as = ERASED_NAME
        person.honorific = ""
        person.title = {}
        person.email = ""
        person.save()
        index.update(person)

        scrubbed = _scrub_audit(needles, events)
        record(
            "privacy.erase",
            person,
            actor=actor,
            event=None,
            summary=f"Personal data of person #{person.pk} erased",
            registrations=len(ids),
            audit_entries=scrubbed,
        )
    return Erasure(person_id=person.pk, registrations=len(ids), audit_entries=scrubbed)


def _end_sessions(user) -> None:
    """Sign the account out everywhere (database sessions; an inactive user is refused by
    the authentication backend whatever the session store)."""
    from django.contrib.sessions.models import Session

    try:
        sessions = Session.objects.filter(expire_date__gt=timezone.now())
    except Exception:  # noqa: BLE001 - another session engine: inactive users are refused
        return
    key = str(user.pk)
    for session in sessions.iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()
