"""Operations on the seminar record: the only write path for events, their teams, sides,
cooperation areas, organisations, people and roles.

Views, the admin, the API, commands and the demo loader call these functions; each runs in
one transaction, validates before it writes, and leaves an audit record naming the event
it concerns. A ``ValidationError`` leaves the database as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Model, ProtectedError, Q, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from i18nfield.strings import LazyI18nString

from liaison.core.audit import field_changes, record
from liaison.core.i18n import LANGUAGE_TAG
from liaison.search import index as search_index

from . import rules, signals
from .models import (
    LANGUAGE_CODES,
    CooperationArea,
    Delegation,
    Event,
    Organisation,
    Person,
    Role,
    TeamMember,
)

I18nValue = dict | str

# Addresses the site and console already use: an event cannot take them as its slug.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "console",
        "login",
        "logout",
        "news",
        "static",
        "media",
        "i18n",
        "healthz",
        "readyz",
        "account",
        "accounts",
        "register",
        "events",
        "new",
        "search",
        "feed",
    }
)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def validate_event_slug(slug: str) -> None:
    """Refuse slugs the URLs cannot serve, with the reason in the user's language."""
    if not _SLUG.match(slug or ""):
        raise ValidationError(
            {"slug": _("Use lower-case letters, digits and single hyphens, e.g. chengdu-2021.")}
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {
                "slug": _("“%(slug)s” is a word the site already uses; choose another.")
                % {"slug": slug}
            }
        )
    if LANGUAGE_TAG.match(slug):
        # The site reads "/ja/ja-cn/" as a language, never as an event.
        raise ValidationError(
            {
                "slug": _("“%(slug)s” looks like a language code; choose a longer address.")
                % {"slug": slug}
            }
        )


def _delete(obj: Model) -> None:
    """Delete ``obj``; when other records still need it (a registration's person, an
    opportunity's area), refuse with a message instead of a server error."""
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
        kinds = sorted({str(o._meta.verbose_name_plural) for o in blocking})
        raise ValidationError(
            _("%(object)s is still used by: %(uses)s. Remove those first.")
            % {"object": obj, "uses": ", ".join(kinds)}
        ) from None


def _plain(value):
    return value.data if isinstance(value, LazyI18nString) else value


def _apply(obj: Model, changes: dict, editable: Iterable[str]) -> list[str]:
    """Set ``changes`` on ``obj``; return the names of the fields that really changed."""
    editable = set(editable)
    unknown = sorted(set(changes) - editable)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    changed = []
    for name, value in changes.items():
        if _plain(getattr(obj, name)) != _plain(value):
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _check_languages(languages: Sequence[str], default_language: str) -> None:
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    if unknown or not languages:
        raise ValidationError(
            {"languages": _("Choose among %(known)s.") % {"known": ", ".join(LANGUAGE_CODES)}}
        )
    if default_language not in languages:
        raise ValidationError(
            {
                "default_language": _("The default language %(language)s is not offered.")
                % {"language": default_language}
            }
        )


# --- Events ----------------------------------------------------------------------------


EVENT_FIELDS = (
    "title",
    "theme",
    "description",
    "timezone",
    "starts_at",
    "ends_at",
    "city",
    "venue",
    "online_channel",
    "online_url",
    "languages",
    "default_language",
    "status",
    "onsite_capacity",
    "online_capacity",
    "approval_required",
    "registration_open",
    "invitation_only",
)


def create_event(
    *,
    slug: str,
    title: I18nValue,
    starts_at: datetime,
    ends_at: datetime,
    city: I18nValue = "",
    timezone: str = "Asia/Shanghai",
    theme: I18nValue = "",
    description: I18nValue = "",
    venue: I18nValue = "",
    online_channel: I18nValue = "",
    online_url: str = "",
    languages: Sequence[str] = ("en", "zh-hans", "ja"),
    default_language: str = "en",
    status: str = Event.Status.DRAFT,
    hosts: Iterable[Organisation] = (),
    supporters: Iterable[Organisation] = (),
    organisers: Iterable = (),
    actor=None,
    **registration,
) -> Event:
    """Create an event after validating its fields; ``organisers`` (and the acting user,
    when given) join its team as organisers."""
    validate_event_slug(slug)
    _check_languages(list(languages), default_language)
    event = Event(
        slug=slug,
        title=title,
        theme=theme,
        description=description,
        timezone=timezone,
        starts_at=starts_at,
        ends_at=ends_at,
        city=city,
        venue=venue,
        online_channel=online_channel,
        online_url=online_url,
        languages=list(languages),
        default_language=default_language,
        status=status,
    )
    unknown = sorted(set(registration) - set(EVENT_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    for name, value in registration.items():
        setattr(event, name, value)
    event.full_clean()
    hosts, supporters = list(hosts), list(supporters)
    team = list(organisers)
    if actor is not None and getattr(actor, "is_authenticated", False) and actor not in team:
        team.append(actor)
    with transaction.atomic():
        event.save()
        event.hosts.add(*hosts)
        event.supporters.add(*supporters)
        event.organisations.add(*hosts, *supporters)
        for user in team:
            TeamMember.objects.create(event=event, user=user, role=TeamMember.Role.ORGANISER)
        record("event.create", event, actor=actor, summary=f"Created {event.slug}")
        search_index.update(event)
    return event


def update_event(event: Event, *, actor=None, **changes) -> list[str]:
    """Change an event's fields (and ``hosts``/``supporters`` as lists of organisations).
    Returns the names of what changed; nothing is written when nothing changed."""
    hosts = changes.pop("hosts", None)
    supporters = changes.pop("supporters", None)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        changed = _apply(event, changes, EVENT_FIELDS)
        _check_languages(event.languages, event.default_language)
        event.full_clean()
        if changed:
            event.save(update_fields=[*changed, "updated_at"])
        for name, value in (("hosts", hosts), ("supporters", supporters)):
            if value is None:
                continue
            relation = getattr(event, name)
            if set(relation.values_list("pk", flat=True)) != {o.pk for o in value}:
                relation.set(value)
                event.organisations.add(*value)
                changed.append(name)
        if changed:
            data = field_changes(event, [c for c in changed if c not in ("hosts", "supporters")])
            record(
                "event.update",
                event,
                actor=actor,
                summary=f"Changed {', '.join(changed)}",
                changes=data,
            )
            search_index.update(event)
            signals.event_changed.send(Event, event=event, changed=changed, actor=actor)
    return changed


def set_event_status(event: Event, status: str, *, actor=None) -> Event:
    if status not in Event.Status.values:
        raise ValidationError({"status": _("Unknown status: %(status)s") % {"status": status}})
    update_event(event, actor=actor, status=status)
    event.refresh_from_db()
    return event


def delete_event(event: Event, *, actor=None) -> None:
    with transaction.atomic():
        slug = event.slug
        record("event.delete", event, actor=actor, summary=f"Deleted {slug}")
        search_index.remove(event)
        _delete(event)


# --- The team ---------------------------------------------------------------------------


def add_team_member(event: Event, user, role: str, *, actor=None) -> TeamMember:
    if role not in TeamMember.Role.values:
        raise ValidationError({"role": _("Unknown team role: %(role)s") % {"role": role}})
    with transaction.atomic():
        if TeamMember.objects.filter(event=event, user=user, role=role).exists():
            raise ValidationError(
                _("%(user)s is already %(role)s of this event.")
                % {"user": user.get_username(), "role": TeamMember.Role(role).label}
            )
        member = TeamMember.objects.create(event=event, user=user, role=role)
        record(
            "team.add",
            member,
            actor=actor,
            summary=f"{user.get_username()} as {role}",
            user=user.get_username(),
            role=role,
        )
    rules.forget_roles(user)
    return member


def remove_team_member(member: TeamMember, *, actor=None) -> None:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=member.event_id)
        organisers = TeamMember.objects.filter(event=event, role=TeamMember.Role.ORGANISER)
        if member.role == TeamMember.Role.ORGANISER and organisers.count() <= 1:
            raise ValidationError(_("An event keeps at least one organiser."))
        record(
            "team.remove",
            member,
            actor=actor,
            event=event,
            summary=f"{member.user.get_username()} no longer {member.role}",
            user=member.user.get_username(),
            role=member.role,
        )
        member.delete()
    rules.forget_roles(member.user)


# --- Sides and cooperation areas ----------------------------------------------------------


def add_delegation(
    event: Event,
    code: str,
    name: I18nValue,
    *,
    country: str = "",
    position: int = 0,
    actor=None,
) -> Delegation:
    """Add a side (e.g. "jp", "cn") to the event."""
    delegation = Delegation(event=event, code=code, name=name, country=country, position=position)
    delegation.full_clean()
    with transaction.atomic():
        delegation.save()
        record("delegation.add", delegation, actor=actor, summary=f"{event.slug}: side {code}")
    return delegation


def update_delegation(delegation: Delegation, *, actor=None, **changes) -> list[str]:
    with transaction.atomic():
        changed = _apply(delegation, changes, ("code", "name", "country", "position"))
        delegation.full_clean()
        if changed:
            delegation.save(update_fields=changed)
            record(
                "delegation.update",
                delegation,
                actor=actor,
                summary=f"Side {delegation.code}: {', '.join(changed)}",
                changes=field_changes(delegation, changed),
            )
    return changed


def delete_delegation(delegation: Delegation, *, actor=None) -> None:
    with transaction.atomic():
        record("delegation.delete", delegation, actor=actor, summary=f"Side {delegation.code}")
        _delete(delegation)


def add_area(
    event: Event,
    slug: str,
    name: I18nValue,
    *,
    description: I18nValue = "",
    position: int = 0,
    actor=None,
) -> CooperationArea:
    """Add a cooperation area in which the two sides meet."""
    area = CooperationArea(
        event=event, slug=slug, name=name, description=description, position=position
    )
    area.full_clean()
    with transaction.atomic():
        area.save()
        record("area.add", area, actor=actor, summary=f"{event.slug}: area {slug}")
    return area


def update_area(area: CooperationArea, *, actor=None, **changes) -> list[str]:
    with transaction.atomic():
        changed = _apply(area, changes, ("slug", "name", "description", "position"))
        area.full_clean()
        if changed:
            area.save(update_fields=changed)
            record(
                "area.update",
                area,
                actor=actor,
                summary=f"Area {area.slug}: {', '.join(changed)}",
                changes=field_changes(area, changed),
            )
    return changed


def delete_area(area: CooperationArea, *, actor=None) -> None:
    with transaction.atomic():
        record("area.delete", area, actor=actor, summary=f"Area {area.slug}")
        _delete(area)


# --- Organisations ------------------------------------------------------------------------

ORGANISATION_FIELDS = ("slug", "name", "short_name", "kind", "country", "city", "website")


def create_organisation(
    *,
    slug: str,
    name: I18nValue,
    kind: str,
    country: str,
    city: I18nValue = "",
    short_name: str = "",
    website: str = "",
    event: Event | None = None,
    actor=None,
) -> Organisation:
    """Create an organisation; with ``event`` it is listed among the event's organisations."""
    organisation = Organisation(
        slug=slug,
        name=name,
        kind=kind,
        country=(country or "").upper(),
        city=city,
        short_name=short_name,
        website=website,
    )
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        if event is not None:
            event.organisations.add(organisation)
        record(
            "organisation.create",
            organisation,
            actor=actor,
            event=event,
            summary=f"Organisation {slug}",
        )
        search_index.update(organisation)
    return organisation


def update_organisation(
    organisation: Organisation, *, actor=None, event: Event | None = None, **changes
) -> list[str]:
    if "country" in changes:
        changes["country"] = (changes["country"] or "").upper()
    with transaction.atomic():
        changed = _apply(organisation, changes, ORGANISATION_FIELDS)
        organisation.full_clean()
        if changed:
            organisation.save(update_fields=changed)
            record(
                "organisation.update",
                organisation,
                actor=actor,
                event=event,
                summary=f"Organisation {organisation.slug}: {', '.join(changed)}",
                changes=field_changes(organisation, changed),
            )
            search_index.update(organisation)
    return changed


def add_organisation_to_event(event: Event, organisation: Organisation, *, actor=None) -> None:
    with transaction.atomic():
        if not event.organisations.filter(pk=organisation.pk).exists():
            event.organisations.add(organisation)
            record(
                "event.organisation_add",
                organisation,
                actor=actor,
                event=event,
                summary=f"{organisation.slug} takes part",
            )


def remove_organisation_from_event(event: Event, organisation: Organisation, *, actor=None) -> None:
    """Take an organisation off the event's list (it stays for other events). Refused while
    it hosts or supports the event or one of its people holds a role there."""
    with transaction.atomic():
        if (
            event.hosts.filter(pk=organisation.pk).exists()
            or event.supporters.filter(pk=organisation.pk).exists()
            or Role.objects.filter(event=event, person__organisation=organisation).exists()
        ):
            raise ValidationError(
                _("%(name)s hosts or supports the event or has people in it; change those first.")
                % {"name": organisation}
            )
        event.organisations.remove(organisation)
        record(
            "event.organisation_remove",
            organisation,
            actor=actor,
            event=event,
            summary=f"{organisation.slug} no longer listed",
        )


def delete_organisation(organisation: Organisation, *, actor=None) -> None:
    with transaction.atomic():
        record(
            "organisation.delete",
            organisation,
            actor=actor,
            summary=f"Organisation {organisation.slug}",
        )
        search_index.remove(organisation)
        people = list(organisation.people.values_list("pk", flat=True))
        _delete(organisation)
        # Its people stay, without an organisation: they are no longer found by its name.
        search_index.reindex_people(pk__in=people)


# --- People and roles -----------------------------------------------------------------------

PERSON_FIELDS = (
    "family_name",
    "given_name",
    "family_name_latin",
    "given_name_latin",
    "latin_order",
    "known_as",
    "honorific",
    "title",
    "organisation",
    "preferred_language",
    "email",
    "user",
)


def _check_person(person: Person) -> None:
    for name in ("family_name", "given_name", "family_name_latin", "given_name_latin"):
        setattr(person, name, (getattr(person, name) or "").strip())
    person.email = (person.email or "").strip()
    if not (person.family_name or person.family_name_latin or _plain(person.known_as)):
        raise ValidationError(
            {"family_name": _("Give a family name, in the person's script or in Latin letters.")}
        )
    if (
        person.email
        and Person.objects.filter(email__iexact=person.email).exclude(pk=person.pk).exists()
    ):
        raise ValidationError({"email": _("Another person already has this e-mail address.")})
    person.full_clean()


def create_person(*, actor=None, event: Event | None = None, **fields) -> Person:
    """Create a person (names in their own script and in Latin letters)."""
    unknown = sorted(set(fields) - set(PERSON_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    person = Person(**fields)
    _check_person(person)
    with transaction.atomic():
        person.save()
        record("person.create", person, actor=actor, event=event, summary=str(person))
        search_index.update(person)
    return person


def update_person(
    person: Person, *, actor=None, event: Event | None = None, **changes
) -> list[str]:
    with transaction.atomic():
        changed = _apply(person, changes, PERSON_FIELDS)
        _check_person(person)
        if changed:
            person.save(update_fields=changed)
            if "organisation" in changed and person.organisation_id:
                for held in Event.objects.filter(roles__person=person).distinct():
                    held.organisations.add(person.organisation)
            record(
                "person.update",
                person,
                actor=actor,
                event=event,
                summary=f"{person}: {', '.join(changed)}",
                changes=field_changes(person, [c for c in changed if c != "user"]),
            )
            search_index.update(person)
    return changed


def link_person_to_user(person: Person, user, *, actor=None) -> Person:
    """Give a person their own account (delegates sign in to register and see their page)."""
    update_person(person, actor=actor, user=user)
    return person


def reasons_to_keep_person(person: Person, event: Event) -> list[str]:
    """Why ``person`` may not be deleted from ``event``'s console, one sentence each (empty
    when nothing but their roles at this event needs them). A person is shared by every
    event they are part of: deleting them must take nothing from another event, from the
    programme, from the registrations (kept as the record of who took part) or from their
    account. Other events are counted, never named (the reader may not be on their team)."""
    name = str(person)
    reasons = []
    registrations = person.registrations.count()
    if registrations:
        reasons.append(
            ngettext(
                "%(person)s has registered (%(count)d registration): registrations are kept "
                "as the record of who took part.",
                "%(person)s has registered (%(count)d registrations): registrations are kept "
                "as the record of who took part.",
                registrations,
            )
            % {"person": name, "count": registrations}
        )
    others = Event.objects.filter(roles__person=person).exclude(pk=event.pk).distinct().count()
    if others:
        reasons.append(
            ngettext(
                "%(person)s also holds a role at %(count)d other event; deleting the person "
                "would take them off it too.",
                "%(person)s also holds roles at %(count)d other events; deleting the person "
                "would take them off those too.",
                others,
            )
            % {"person": name, "count": others}
        )
    parts = person.item_parts.count()
    if parts:
        reasons.append(
            ngettext(
                "%(person)s takes part in %(count)d programme item; take them off it in the "
                "programme first.",
                "%(person)s takes part in %(count)d programme items; take them off those in "
                "the programme first.",
                parts,
            )
            % {"person": name, "count": parts}
        )
    if person.user_id:
        reasons.append(
            _("%(person)s signs in with their own account, which would lose its person.")
            % {"person": name}
        )
    return reasons


def delete_person(person: Person, *, actor=None, event: Event | None = None) -> None:
    """Delete a person and their roles. With ``event`` (deleting from that event's
    console), refused with the reasons of ``reasons_to_keep_person`` unless the person is
    part of that event only, by their roles there; nothing is deleted then."""
    with transaction.atomic():
        data = {}
        if event is not None:
            # Locked: a registration, role or programme part made meanwhile (each takes a
            # key-share lock on the person) waits, then is seen by the reasons or fails.
            list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"))
            reasons = reasons_to_keep_person(person, event)
            if reasons:
                raise ValidationError(reasons)
            data["roles"] = sorted(person.roles.values_list("kind", flat=True))
        record("person.delete", person, actor=actor, event=event, summary=str(person), **data)
        search_index.remove(person)
        _delete(person)


def _check_role(event, kind, mode, delegation, areas) -> None:
    if kind not in Role.Kind.values:
        raise ValidationError({"kind": _("%(kind)s is not a kind of role.") % {"kind": kind}})
    if mode not in Role.Mode.values:
        raise ValidationError({"mode": _("%(mode)s is not an attendance mode.") % {"mode": mode}})
    if delegation is not None and delegation.event_id != event.pk:
        raise ValidationError(
            {"delegation": _("This side belongs to another event.")},
        )
    foreign = [area.slug for area in areas if area.event_id != event.pk]
    if foreign:
        raise ValidationError(
            {
                "areas": _("Cooperation areas of another event: %(areas)s")
                % {"areas": ", ".join(foreign)}
            }
        )


def add_role(
    event: Event,
    person: Person,
    kind: str,
    delegation: Delegation | None = None,
    mode: str = Role.Mode.ONSITE,
    areas: Iterable[CooperationArea] = (),
    *,
    position: int = 0,
    actor=None,
) -> Role:
    """Give a person a role at the event, on a side and in cooperation areas of that event;
    the person's organisation joins the event's list of organisations."""
    areas = list(areas)
    _check_role(event, kind, mode, delegation, areas)
    with transaction.atomic():
        if Role.objects.filter(event=event, person=person, kind=kind).exists():
            raise ValidationError(
                _("%(person)s already holds the role %(role)s at this event.")
                % {"person": person, "role": Role.Kind(kind).label}
            )
        role = Role.objects.create(
            event=event,
            person=person,
            kind=kind,
            delegation=delegation,
            mode=mode,
            position=position,
        )
        if areas:
            role.areas.add(*areas)
        if person.organisation_id:
            event.organisations.add(person.organisation_id)
        record(
            "role.add",
            role,
            actor=actor,
            summary=f"{event.slug}: {person} as {kind}",
            delegation=delegation.code if delegation else None,
            areas=[area.slug for area in areas],
        )
    return role


def update_role(
    role: Role,
    *,
    actor=None,
    areas: Iterable[CooperationArea] | None = None,
    **changes,
) -> list[str]:
    with transaction.atomic():
        changed = _apply(role, changes, ("kind", "delegation", "mode", "position"))
        new_areas = list(areas) if areas is not None else None
        _check_role(role.event, role.kind, role.mode, role.delegation, new_areas or [])
        if (
            "kind" in changed
            and Role.objects.filter(event=role.event, person=role.person, kind=role.kind)
            .exclude(pk=role.pk)
            .exists()
        ):
            raise ValidationError(
                _("%(person)s already holds the role %(role)s at this event.")
                % {"person": role.person, "role": Role.Kind(role.kind).label}
            )
        if changed:
            role.save(update_fields=changed)
        if new_areas is not None and set(role.areas.values_list("pk", flat=True)) != {
            a.pk for a in new_areas
        }:
            role.areas.set(new_areas)
            changed.append("areas")
        if changed:
            record(
                "role.update",
                role,
                actor=actor,
                summary=f"{role.person} ({role.kind}): {', '.join(changed)}",
                changes=field_changes(role, [c for c in changed if c != "areas"]),
            )
    return changed


def remove_role(role: Role, *, actor=None) -> None:
    with transaction.atomic():
        record("role.remove", role, actor=actor, summary=f"{role.person} no longer {role.kind}")
        _delete(role)


# --- Figures -------------------------------------------------------------------------------


def event_counts(event: Event) -> dict:
    """What the organiser's dashboard shows, in four queries whatever the event's size.

    people: distinct people holding any role; by_role: people per role kind (every kind,
    zeros included); by_side: people per delegation code (in the sides' order);
    without_side: people whose roles name no side; online: people attending online;
    organisations: the organisations taking part (the same figure as the public site's).
    """
    roles = Role.objects.filter(event=event)
    people = roles.aggregate(
        people=Count("person", distinct=True),
        online=Count("person", distinct=True, filter=Q(mode=Role.Mode.ONLINE)),
        with_side=Count("person", distinct=True, filter=Q(delegation__isnull=False)),
    )
    by_kind = dict(roles.order_by().values_list("kind").annotate(n=Count("person", distinct=True)))
    sides = list(
        Delegation.objects.filter(event=event)
        .order_by("position", "code")
        .annotate(n=Count("roles__person", distinct=True))
        .values_list("code", "n")
    )
    return {
        "delegations": len(sides),
        "organisations": organisations_taking_part(event).count(),
        "people": people["people"],
        "by_role": {kind: by_kind.get(kind, 0) for kind in Role.Kind.values},
        "by_side": dict(sides),
        "without_side": people["people"] - people["with_side"],
        "online": people["online"],
    }


def organisations_taking_part(event: Event):
    """The one definition of "organisations taking part": the event's list, which the
    services keep to hosts, supporters, the organisations of people with a role, and those
    an organiser added."""
    return Organisation.objects.filter(events=event)
