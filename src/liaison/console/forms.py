"""The console's forms. They check what a form can check (required fields, formats, a time
zone that exists, an end after the start) and hand the services plain keyword arguments;
the services check the rest and their ``ValidationError`` lands on the form's fields
(``add_service_errors``)."""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from liaison.core.i18n import CONTENT_LANGUAGES, localize
from liaison.events.models import (
    AttendanceMode,
    CooperationArea,
    Delegation,
    Event,
    EventStatus,
    Organisation,
    OrganisationKind,
    Person,
    RoleKind,
    TeamRole,
)

from .fields import (
    LocalDateTimeField,
    MultilingualField,
    in_zone,
    show_languages,
    texts_of,
    wall_clock,
)
from .labels import action_label

ALL = [("", _("All"))]
TIME_ZONES = sorted(available_timezones())


def add_service_errors(form: forms.BaseForm, error: ValidationError, rename=None) -> None:
    """Put a service's ``ValidationError`` on the form: each message under its field when
    the form has it (``rename`` maps a service's name to the form's), else at the top."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = rename.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        name = rename.get(NON_FIELD_ERRORS)
        form.add_error(name if name in form.fields else None, error)


class ConsoleForm(forms.Form):
    """A form whose multilingual fields follow the event's languages; ``initial_texts`` are
    the stored values, so that texts in languages not shown are kept."""

    error_css_class = "has-error"
    required_css_class = "is-required"

    def __init__(self, *args, languages=CONTENT_LANGUAGES, **kwargs):
        super().__init__(*args, **kwargs)
        show_languages(self, languages, self.initial)

    def clean(self):
        data = super().clean()
        # An unchanged text goes back as it was stored ("" and {} both mean "no text"), so
        # that the services see no change and write nothing.
        for name, field in self.fields.items():
            if (
                isinstance(field, MultilingualField)
                and name in data
                and name in self.initial
                and texts_of(self.initial[name]) == data[name]
            ):
                data[name] = self.initial[name]
        return data

    def multilingual_fields(self):
        return [self[name] for name, f in self.fields.items() if isinstance(f, MultilingualField)]


def _language_choices():
    return [(code, _(str(name))) for code, name in settings.LANGUAGES]


# --- Events ----------------------------------------------------------------------------------


class EventFieldsForm(ConsoleForm):
    """What an organiser sets about an event; times are read on the event's own clock."""

    title = MultilingualField(label=_("Title"), max_length=300)
    theme = MultilingualField(label=_("Theme"), max_length=300, required=False)
    description = MultilingualField(label=_("Description"), textarea=True, required=False)
    city = MultilingualField(label=_("City"), max_length=120)
    venue = MultilingualField(label=_("Venue"), max_length=300, required=False)
    online_channel = MultilingualField(label=_("Online channel"), max_length=300, required=False)
    online_url = forms.URLField(
        assume_scheme="https",
        label=_("Address of the online channel"),
        required=False,
        help_text=_("Shown to the event's team and its online participants only."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone) for zone in TIME_ZONES],
        help_text=_("Start and end are read on this clock."),
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=_language_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Offer at least one language.")},
    )
    default_language = forms.ChoiceField(
        label=_("Default language"),
        choices=_language_choices,
        help_text=_("Shown when a text is missing in the reader's language."),
    )

    def clean(self):
        data = super().clean()
        zone = data.get("timezone")
        if zone:
            for name in ("starts_at", "ends_at"):
                if data.get(name):
                    data[name] = in_zone(data[name], zone)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        languages, default = data.get("languages"), data.get("default_language")
        if languages and default and default not in languages:
            self.add_error(
                "default_language", _("The default language must be one of the languages offered.")
            )
        return data

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}

    @staticmethod
    def initial_for(event: Event) -> dict:
        return {
            "title": event.title,
            "theme": event.theme,
            "description": event.description,
            "city": event.city,
            "venue": event.venue,
            "online_channel": event.online_channel,
            "online_url": event.online_url,
            "timezone": event.timezone,
            "starts_at": wall_clock(event.starts_at, event.timezone),
            "ends_at": wall_clock(event.ends_at, event.timezone),
            "languages": list(event.languages),
            "default_language": event.default_language,
            "status": event.status,
        }


class EventSettingsForm(EventFieldsForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=EventStatus.choices,
        help_text=_("The public sees the event once it is no longer a draft."),
    )
    field_order = ["status"]


class EventCreateForm(EventFieldsForm):
    slug = forms.CharField(
        label=_("Address"),
        max_length=80,
        help_text=_(
            "The event's name in its web addresses, e.g. chengdu-2021; it cannot be changed later."
        ),
    )
    field_order = ["slug"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("languages", list(CONTENT_LANGUAGES))
        kwargs["initial"].setdefault("default_language", settings.LANGUAGE_CODE)
        kwargs["initial"].setdefault("timezone", "Asia/Shanghai")
        super().__init__(*args, **kwargs)

    def clean_slug(self):
        slug = (self.cleaned_data["slug"] or "").strip()
        if Event.objects.filter(slug__iexact=slug).exists():
            raise ValidationError(
                _("Another event has the address “%(slug)s”."), params={"slug": slug}
            )
        return slug


# --- Sides and areas -------------------------------------------------------------------------


def unique_in_event(model, field: str, value: str, *, event: Event, current, message) -> str:
    """``value`` when no other ``model`` row of ``event`` (than ``current``, the one being
    edited) has it in ``field``; else the form's error ``message`` (naming it ``%(code)s``)."""
    others = model.objects.filter(event=event, **{field: value})
    if others.exclude(pk=getattr(current, "pk", None)).exists():
        raise ValidationError(message, params={"code": value})
    return value


class DelegationForm(ConsoleForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=20,
        help_text=_("A short code for the side, e.g. jp or cn."),
    )
    name = MultilingualField(label=_("Name"), max_length=200)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("ISO 3166 alpha-2 code, e.g. CN, JP"),
    )
    position = forms.IntegerField(
        label=_("Position in lists"), min_value=0, max_value=32767, initial=0
    )

    def __init__(self, *args, event: Event, current: Delegation | None = None, **kwargs):
        self.event, self.current = event, current
        super().__init__(*args, **kwargs)

    def clean_code(self):
        return unique_in_event(
            Delegation,
            "code",
            self.cleaned_data["code"],
            event=self.event,
            current=self.current,
            message=_("Another delegation of this event has the code “%(code)s”."),
        )

    def clean_country(self):
        return (self.cleaned_data["country"] or "").strip().upper()

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_for(delegation: Delegation) -> dict:
        return {
            "code": delegation.code,
            "name": delegation.name,
            "country": delegation.country,
            "position": delegation.position,
        }


class AreaForm(ConsoleForm):
    slug = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("A short code for the area, e.g. green-energy."),
    )
    name = MultilingualField(label=_("Name"), max_length=200)
    description = MultilingualField(label=_("Description"), textarea=True, required=False)
    position = forms.IntegerField(
        label=_("Position in lists"), min_value=0, max_value=32767, initial=0
    )

    def __init__(self, *args, event: Event, current: CooperationArea | None = None, **kwargs):
        self.event, self.current = event, current
        super().__init__(*args, **kwargs)

    def clean_slug(self):
        return unique_in_event(
            CooperationArea,
            "slug",
            self.cleaned_data["slug"],
            event=self.event,
            current=self.current,
            message=_("Another cooperation area of this event has the code “%(code)s”."),
        )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_for(area: CooperationArea) -> dict:
        return {
            "slug": area.slug,
            "name": area.name,
            "description": area.description,
            "position": area.position,
        }


# --- Organisations ---------------------------------------------------------------------------


class OrganisationForm(ConsoleForm):
    name = MultilingualField(label=_("Name"), max_length=300)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        min_length=2,
        help_text=_("ISO 3166 alpha-2 code, e.g. CN, JP"),
    )
    city = MultilingualField(label=_("City"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    slug = forms.SlugField(
        label=_("Code"),
        max_length=80,
        required=False,
        help_text=_("Left empty, it is made from the English name."),
    )

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        others = Organisation.objects.filter(slug=slug)
        if slug and others.exclude(pk=getattr(self.organisation, "pk", None)).exists():
            raise ValidationError(
                _("Another organisation has the code “%(code)s”."), params={"code": slug}
            )
        return slug

    def clean_country(self):
        country = (self.cleaned_data["country"] or "").strip().upper()
        if not country.isascii() or not country.isalpha():
            raise ValidationError(_("Give the two-letter country code, e.g. CN or JP."))
        return country

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name") and "slug" not in self.errors:
            data["slug"] = self._free_slug(data["name"], data.get("short_name", ""))
        return data

    def _free_slug(self, name: dict, short_name: str) -> str:
        """A code made from the name in Latin letters, unused by another organisation."""
        base = slugify(name.get("en") or short_name or "")[:70].strip("-") or "organisation"
        taken = set(
            Organisation.objects.filter(slug__startswith=base)
            .exclude(pk=getattr(self.organisation, "pk", None))
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_for(organisation: Organisation) -> dict:
        return {
            "slug": organisation.slug,
            "name": organisation.name,
            "short_name": organisation.short_name,
            "kind": organisation.kind,
            "country": organisation.country,
            "city": organisation.city,
            "website": organisation.website,
        }


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ALL + list(OrganisationKind.choices)
        self.fields["country"].choices = ALL + [(c, c) for c in countries]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class OrganisationPickForm(forms.Form):
    """One of the organisations that may be listed with the event (``choices``)."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose an organisation."),
            "invalid_choice": _(
                "This organisation cannot be added: it is already listed with the event, "
                "or it is not one of the organisations you can see."
            ),
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = choices


# --- People and roles -------------------------------------------------------------------------


class PersonForm(ConsoleForm):
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        required=False,
        help_text=_("In the person's own script, e.g. 东原"),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name_latin = forms.CharField(
        label=_("Family name in Latin letters"), max_length=100, required=False
    )
    given_name_latin = forms.CharField(
        label=_("Given name in Latin letters"), max_length=100, required=False
    )
    latin_order = forms.ChoiceField(
        label=_("Order in Latin letters"), choices=Person.LatinOrder.choices
    )
    known_as = MultilingualField(
        label=_("Known as"),
        max_length=300,
        required=False,
        help_text=_("Only when the person is known by function rather than by name"),
    )
    honorific = forms.CharField(label=_("Honorific"), max_length=40, required=False)
    title = MultilingualField(label=_("Title or function"), max_length=300, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Among the event's organisations; add a new one on the organisations page."),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=_language_choices)
    email = forms.EmailField(label=_("E-mail address"), required=False)

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
    )

    def __init__(self, *args, event: Event, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(events=event)
        if person is not None and person.organisation_id:
            organisations = Organisation.objects.filter(
                Q(events=event) | Q(pk=person.organisation_id)
            )
        self.fields["organisation"].queryset = organisations.distinct().order_by("slug")
        self.fields["organisation"].label_from_instance = _organisation_label

    def clean(self):
        data = super().clean()
        if not (data.get("family_name") or data.get("family_name_latin") or data.get("known_as")):
            self.add_error(
                "family_name",
                _("Give a family name, in the person's script or in Latin letters."),
            )
        return data

    def person_fields(self):
        return [self[name] for name in self.PERSON_FIELDS]

    def person_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PERSON_FIELDS}

    @staticmethod
    def initial_for(person: Person) -> dict:
        return {
            "family_name": person.family_name,
            "given_name": person.given_name,
            "family_name_latin": person.family_name_latin,
            "given_name_latin": person.given_name_latin,
            "latin_order": person.latin_order,
            "known_as": person.known_as,
            "honorific": person.honorific,
            "title": person.title,
            "organisation": person.organisation_id,
            "preferred_language": person.preferred_language,
            "email": person.email,
        }


def _organisation_label(organisation: Organisation) -> str:
    name = str(organisation.name) or organisation.slug
    return f"{name} ({organisation.country})"


class RoleFieldsMixin(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    delegation = forms.ModelChoiceField(
        label=_("Side"),
        queryset=Delegation.objects.none(),
        required=False,
        empty_label=_("No side"),
    )
    mode = forms.ChoiceField(
        label=_("Attends"), choices=AttendanceMode.choices, widget=forms.RadioSelect
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Cooperation areas"),
        queryset=CooperationArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    ROLE_FIELDS = ("kind", "delegation", "mode", "areas")

    def set_event(self, event: Event) -> None:
        self.fields["delegation"].queryset = Delegation.objects.filter(event=event)
        self.fields["areas"].queryset = CooperationArea.objects.filter(event=event)
        for name in ("delegation", "areas"):
            self.fields[name].label_from_instance = reader_label(event)

    def role_fields(self):
        return [self[name] for name in self.ROLE_FIELDS]

    def role_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ROLE_FIELDS}


def reader_label(event: Event):
    """Labels of sides and areas in the reader's language (the event's default otherwise)."""

    def label(obj) -> str:
        return localize(obj.name, get_language() or "en", event.default_language).text or str(obj)

    return label


class RoleForm(RoleFieldsMixin, ConsoleForm):
    def __init__(self, *args, event: Event, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("mode", AttendanceMode.ONSITE)
        super().__init__(*args, **kwargs)
        self.set_event(event)

    @staticmethod
    def initial_for(role) -> dict:
        return {
            "kind": role.kind,
            "delegation": role.delegation_id,
            "mode": role.mode,
            "areas": [area.pk for area in role.areas.all()],
        }


class PersonWithRoleForm(RoleFieldsMixin, PersonForm):
    """A new person and their first role at the event, on one page."""

    field_order = [*PersonForm.PERSON_FIELDS, *RoleFieldsMixin.ROLE_FIELDS]

    def __init__(self, *args, event: Event, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("mode", AttendanceMode.ONSITE)
        super().__init__(*args, event=event, **kwargs)
        self.set_event(event)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Role"), required=False)
    side = forms.ChoiceField(label=_("Side"), required=False)
    mode = forms.ChoiceField(label=_("Attends"), required=False)

    NO_SIDE = "-"

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ALL + list(RoleKind.choices)
        self.fields["side"].choices = ALL + list(sides) + [(self.NO_SIDE, _("No side"))]
        self.fields["mode"].choices = ALL + list(AttendanceMode.choices)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


# --- The team --------------------------------------------------------------------------------


class TeamMemberForm(forms.Form):
    user = forms.CharField(
        label=_("User name or e-mail address"),
        max_length=254,
        help_text=_("The person needs an account; an administrator creates it."),
    )
    role = forms.ChoiceField(label=_("Part in the team"), choices=TeamRole.choices)

    def clean_user(self):
        given = self.cleaned_data["user"].strip()
        users = list(
            get_user_model()
            .objects.filter(Q(username__iexact=given) | Q(email__iexact=given), is_active=True)
            .order_by("pk")[:3]
        )
        exact = [u for u in users if u.get_username().lower() == given.lower()]
        if exact:
            return exact[0]
        if not users:
            raise ValidationError(
                _("No account has the user name or e-mail address “%(given)s”."),
                params={"given": given},
            )
        if len(users) > 1:
            raise ValidationError(
                _("Several accounts have this e-mail address; give the user name instead.")
            )
        return users[0]


# --- The audit log ---------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = ALL + [(a, action_label(a)) for a in actions]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
