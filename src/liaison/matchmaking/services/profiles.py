"""Event settings of matchmaking, delegates' profiles and their offers and needs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.audit import record
from liaison.events.models import CooperationArea, Event, RoleKind
from liaison.registration.models import Registration, RegistrationStatus

from ..models import MatchmakingSettings, Opportunity, OpportunityKind, Profile
from ..recommender import fold

LANGUAGES = ("en", "zh-hans", "ja")


def settings_for(event: Event) -> MatchmakingSettings:
    """The event's matchmaking settings (made with the defaults on first use)."""
    found = MatchmakingSettings.objects.filter(event=event).first()
    if found is not None:
        return found
    with transaction.atomic():
        obj, _created = MatchmakingSettings.objects.get_or_create(event=event)
        return obj


def update_settings(event: Event, *, actor=None, **fields) -> MatchmakingSettings:
    allowed = {
        "side_rules",
        "barred_requester_roles",
        "barred_recipient_roles",
        "default_quota",
        "meeting_minutes",
        "requests_open",
        "auto_repair",
        "reminder_minutes",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    codes = set(event.delegations.values_list("code", flat=True))
    errors: dict[str, list[str]] = {}
    for pair in fields.get("side_rules", []) or []:
        if len(pair) != 2 or not set(pair) <= codes:
            errors.setdefault("side_rules", []).append(
                _("Unknown side in %(pair)s.") % {"pair": "→".join(map(str, pair))}
            )
    for name in ("barred_requester_roles", "barred_recipient_roles"):
        bad = set(fields.get(name, []) or []) - set(RoleKind.values)
        if bad:
            errors.setdefault(name, []).append(
                _("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(bad))}
            )
    if "meeting_minutes" in fields and not 5 <= int(fields["meeting_minutes"]) <= 240:
        errors["meeting_minutes"] = [_("A meeting lasts between 5 and 240 minutes.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = settings_for(event)
        obj = MatchmakingSettings.objects.select_for_update().get(pk=obj.pk)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        record("matchmaking.settings", obj, actor=actor, event=event, summary="settings changed")
    return obj


def _check_approved(registration: Registration) -> None:
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("Only approved delegates take part in matchmaking."))


def _texts(value) -> str:
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    return str(value or "")


def _clean_i18n(value, field: str, max_length: int, *, required: bool = False) -> dict:
    if isinstance(value, str):
        value = {"en": value}
    value = {k: (v or "").strip() for k, v in (value or {}).items() if k in LANGUAGES}
    value = {k: v for k, v in value.items() if v}
    if required and not value:
        raise ValidationError({field: [_("Give this in at least one language.")]})
    for text in value.values():
        if len(text) > max_length:
            raise ValidationError(
                {field: [_("At most %(n)d characters, please.") % {"n": max_length}]}
            )
    return value


def profile_of(registration: Registration) -> Profile:
    """The delegate's profile, made (from the registration's areas) on first use."""
    found = Profile.objects.filter(registration=registration).first()
    if found is not None:
        return found
    _check_approved(registration)
    with transaction.atomic():
        profile, created = Profile.objects.get_or_create(
            registration=registration,
            defaults={"event_id": registration.event_id, "languages": [registration.language]},
        )
        if created:
            profile.areas.set(registration.areas.all())
            _index(profile)
    return profile


def _index(profile: Profile) -> None:
    registration = profile.registration
    org = registration.organisation
    parts = [_texts(profile.pitch)]
    if org is not None:
        parts += [_texts(org.name), org.short_name]
    person = registration.person
    parts += [person.native_name, person.latin_name]
    profile.search_text = fold(" ".join(p for p in parts if p))
    profile.save(update_fields=["search_text", "updated_at"])


UNCHANGED = object()  # an argument not given: the field keeps its value
INVALID = object()


def _in_a_row(value):
    """A most-meetings-in-a-row limit as given (number or text): 1-20, None when empty
    (no limit), else INVALID."""
    if value in (None, ""):
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        return INVALID
    return value if 1 <= value <= 20 else INVALID


def save_profile(
    registration: Registration,
    *,
    actor=None,
    pitch=None,
    languages=None,
    areas=None,
    phone=None,
    quota=None,
    set_quota: bool = False,
    max_back_to_back=UNCHANGED,
) -> Profile:
    """Change a delegate's profile (``quota`` only with ``set_quota``: organisers' part).
    ``max_back_to_back``: at most that many meetings in a row, None for no limit."""
    _check_approved(registration)
    errors: dict[str, list[str]] = {}
    if languages is not None:
        bad = [code for code in languages if code not in LANGUAGES]
        if bad or not languages:
            errors["languages"] = [_("Choose languages among English, Chinese and Japanese.")]
    area_objs = None
    if areas is not None:
        area_objs = list(CooperationArea.objects.filter(event=registration.event, pk__in=areas))
        if len(area_objs) != len(set(areas)):
            errors["areas"] = [_("Choose areas of this event.")]
    if phone is not None and len(phone) > 40:
        errors["phone"] = [_("At most %(n)d characters, please.") % {"n": 40}]
    if max_back_to_back is not UNCHANGED:
        max_back_to_back = _in_a_row(max_back_to_back)
        if max_back_to_back is INVALID:
            errors["max_back_to_back"] = [
                _("Give a number of meetings in a row between 1 and 20, or leave it empty.")
            ]
    if set_quota and quota is not None and not 0 <= int(quota) <= 100:
        errors["quota"] = [_("A quota is between 0 and 100 requests.")]
    if pitch is not None:
        try:
            pitch = _clean_i18n(pitch, "pitch", 1000)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    profile = profile_of(registration)
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if pitch is not None:
            profile.pitch = pitch
        if languages is not None:
            profile.languages = list(dict.fromkeys(languages))
        if phone is not None:
            profile.phone = phone.strip()
        if set_quota:
            profile.quota = quota
        if max_back_to_back is not UNCHANGED:
            profile.max_back_to_back = max_back_to_back
        profile.save()
        if area_objs is not None:
            profile.areas.set(area_objs)
        _index(profile)
        record(
            "matchmaking.profile",
            profile,
            actor=actor,
            event=registration.event,
            summary=f"profile of {registration.person}",
        )
    return profile


def _clean_opportunity(event: Event, direction, kind, area, title, description) -> dict:
    errors: dict[str, list[str]] = {}
    if direction not in Opportunity.Direction.values:
        errors["direction"] = [_("Choose offer or need.")]
    if kind not in OpportunityKind.values:
        errors["kind"] = [
            _("Choose one of: %(values)s") % {"values": ", ".join(OpportunityKind.values)}
        ]
    area_obj = None
    if isinstance(area, CooperationArea):
        area_obj = area if area.event_id == event.pk else None
    elif area not in (None, ""):
        area_obj = (
            CooperationArea.objects.filter(event=event)
            .filter(**({"pk": area} if str(area).isdigit() else {"slug": area}))
            .first()
        )
    if area_obj is None:
        errors["area"] = [_("Choose one of this event's areas.")]
    cleaned = {}
    for name, value, limit, required in (
        ("title", title, 200, True),
        ("description", description, 2000, False),
    ):
        try:
            cleaned[name] = _clean_i18n(value, name, limit, required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {"direction": direction, "kind": kind, "area": area_obj, **cleaned}


def _opportunity_text(o: Opportunity) -> str:
    return fold(_texts(o.title) + " " + _texts(o.description))


def add_opportunity(
    registration: Registration, *, direction, kind, area, title, description="", actor=None
) -> Opportunity:
    _check_approved(registration)
    data = _clean_opportunity(registration.event, direction, kind, area, title, description)
    profile = profile_of(registration)
    with transaction.atomic():
        if profile.opportunities.count() >= 20:
            raise ValidationError(_("A delegate posts at most 20 offers and needs."))
        opportunity = Opportunity(profile=profile, event_id=registration.event_id, **data)
        opportunity.search_text = _opportunity_text(opportunity)
        opportunity.save()
        record(
            "matchmaking.opportunity.add",
            opportunity,
            actor=actor,
            event=registration.event,
            summary=f"{direction} {kind}",
        )
    return opportunity


def update_opportunity(opportunity: Opportunity, *, actor=None, **fields) -> Opportunity:
    current = {
        "direction": opportunity.direction,
        "kind": opportunity.kind,
        "area": opportunity.area,
        "title": opportunity.title.data
        if hasattr(opportunity.title, "data")
        else opportunity.title,
        "description": getattr(opportunity.description, "data", opportunity.description),
    }
    current.update(fields)
    data = _clean_opportunity(opportunity.event, **current)
    with transaction.atomic():
        for name, value in data.items():
            setattr(opportunity, name, value)
        opportunity.search_text = _opportunity_text(opportunity)
        opportunity.save()
        record("matchmaking.opportunity.change", opportunity, actor=actor, event=opportunity.event)
    return opportunity


def delete_opportunity(opportunity: Opportunity, *, actor=None) -> None:
    with transaction.atomic():
        record("matchmaking.opportunity.delete", opportunity, actor=actor, event=opportunity.event)
        opportunity.delete()
