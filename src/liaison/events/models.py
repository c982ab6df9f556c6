"""The seminar: event, sides (delegations), organisations, people, their roles, areas."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from liaison.core.i18n import localize
from liaison.core.timezones import validate_timezone

LANGUAGE_CHOICES = settings.LANGUAGES
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government body")
    ASSOCIATION = "association", _("Association")
    UNIVERSITY = "university", _("University or research institute")
    REGION = "region", _("Region or city")


class Organisation(models.Model):
    Kind = OrganisationKind

    slug = models.SlugField(max_length=80, unique=True)
    name = I18nCharField(max_length=300, verbose_name=_("name"))
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(max_length=2, help_text=_("ISO 3166 alpha-2 code, e.g. CN, JP"))
    city = I18nCharField(max_length=120, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="organisation_country_iso2"
            ),
        ]

    def __str__(self) -> str:
        return str(self.name) or self.slug


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Held")


class Event(models.Model):
    """A seminar. Times are stored in UTC and shown in ``timezone``."""

    Status = EventStatus

    slug = models.SlugField(max_length=80, unique=True)
    title = I18nCharField(max_length=300, verbose_name=_("title"))
    theme = I18nCharField(max_length=300, blank=True, verbose_name=_("theme"))
    description = I18nTextField(blank=True, verbose_name=_("description"))
    timezone = models.CharField(
        max_length=64, default="Asia/Shanghai", validators=[validate_timezone]
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    city = I18nCharField(max_length=120, blank=True, verbose_name=_("city"))
    venue = I18nCharField(max_length=300, blank=True, verbose_name=_("venue"))
    online_channel = I18nCharField(max_length=300, blank=True, verbose_name=_("online channel"))
    online_url = models.URLField(blank=True)
    languages = models.JSONField(
        default=list, help_text=_('Languages offered, e.g. ["en", "zh-hans", "ja"]')
    )
    default_language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Registration (see liaison.registration): seats per attendance mode, null = unlimited.
    onsite_capacity = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("on-site capacity")
    )
    online_capacity = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("online capacity")
    )
    approval_required = models.BooleanField(default=False, verbose_name=_("approval required"))
    registration_open = models.BooleanField(default=False, verbose_name=_("registration open"))
    invitation_only = models.BooleanField(default=False, verbose_name=_("invitation only"))
    hosts = models.ManyToManyField(Organisation, related_name="hosted_events", blank=True)
    supporters = models.ManyToManyField(Organisation, related_name="supported_events", blank=True)
    # The organisations taking part, hosts and supporters included; kept by the services
    # (a role of someone from an organisation adds it), counted in one place
    # (``liaison.events.selectors.organisations_taking_part``).
    organisations = models.ManyToManyField(
        Organisation, related_name="events", blank=True, verbose_name=_("organisations")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=EventStatus.values), name="event_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(default_language__in=LANGUAGE_CODES),
                name="event_default_language_known",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    @property
    def is_hybrid(self) -> bool:
        return bool(self.venue) and bool(self.online_channel or self.online_url)


class Delegation(models.Model):
    """A side of the seminar ("Japan", "China"); an event may have more than two."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegations")
    code = models.SlugField(max_length=20)
    name = I18nCharField(max_length=200, verbose_name=_("name"))
    country = models.CharField(max_length=2, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="delegation_code_unique"),
        ]

    def __str__(self) -> str:
        return str(self.name) or self.code


class CooperationArea(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField(max_length=80)
    name = I18nCharField(max_length=200, verbose_name=_("name"))
    description = I18nTextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="area_slug_unique"),
        ]

    def __str__(self) -> str:
        return str(self.name) or self.slug


class LatinOrder(models.TextChoices):
    GIVEN_FIRST = "given_first", _("Given name first (Toshiaki Higashihara)")
    FAMILY_FIRST = "family_first", _("Family name first (Ning Jizhe)")


class Person(models.Model):
    """A person, named as written in their own script and in Latin letters."""

    LatinOrder = LatinOrder

    family_name = models.CharField(
        max_length=100, blank=True, help_text=_("In the person's own script")
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name_latin = models.CharField(max_length=100, blank=True)
    given_name_latin = models.CharField(max_length=100, blank=True)
    latin_order = models.CharField(
        max_length=12, choices=LatinOrder.choices, default=LatinOrder.GIVEN_FIRST
    )
    # For someone known only by function, e.g. an unnamed representative of a department.
    known_as = I18nCharField(
        max_length=300,
        blank=True,
        verbose_name=_("known as"),
        help_text=_("Only when the person is known by function rather than by name"),
    )
    honorific = models.CharField(max_length=40, blank=True, help_text=_("e.g. H.E. Mr."))
    title = I18nCharField(max_length=300, blank=True, verbose_name=_("title"))
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    preferred_language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES, default="en")
    email = models.EmailField(blank=True)
    # The person's own account, once they have one (delegates sign in to register).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name_latin", "given_name_latin", "family_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="person_email_unique"
            ),
            # i18nfield stores known_as as JSON without empty languages: "" or "{}" is empty.
            models.CheckConstraint(
                condition=~models.Q(family_name="")
                | ~models.Q(family_name_latin="")
                | ~models.Q(known_as__in=["", "{}"]),
                name="person_has_a_name",
            ),
            models.CheckConstraint(
                condition=models.Q(latin_order__in=LatinOrder.values),
                name="person_latin_order_known",
            ),
            models.CheckConstraint(
                condition=models.Q(preferred_language__in=LANGUAGE_CODES),
                name="person_language_known",
            ),
        ]

    def __str__(self) -> str:
        return (
            self.latin_name
            or self.native_name
            or localize(self.known_as, get_language() or "en").text
        )

    @property
    def native_name(self) -> str:
        """CJK names run family-first without a space; other scripts given-first."""
        if _is_cjk(self.family_name + self.given_name):
            return f"{self.family_name}{self.given_name}"
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def latin_name(self) -> str:
        family, given = self.family_name_latin, self.given_name_latin
        parts = (
            (family, given) if self.latin_order == self.LatinOrder.FAMILY_FIRST else (given, family)
        )
        return " ".join(p for p in parts if p)

    def name_for(self, language: str) -> str:
        """The name a reader of ``language`` expects: own script in zh/ja when it is CJK."""
        if language in ("zh-hans", "ja") and _is_cjk(self.family_name):
            return self.native_name
        return self.latin_name or self.native_name or localize(self.known_as, language).text


def _is_cjk(text: str) -> bool:
    return any(
        "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
        for ch in text
    )


class RoleKind(models.TextChoices):
    HOST = "host", _("Host")
    SUPPORTER = "supporter", _("Supporter")
    CHAIR = "chair", _("Presiding chair")
    SPEAKER = "speaker", _("Speaker")
    VIDEO_PRINCIPAL = "video_principal", _("Principal sending a video message")
    DELEGATE = "delegate", _("Delegate")
    OBSERVER = "observer", _("Observer")
    PRESS = "press", _("Press")
    STAFF = "staff", _("Staff")


class AttendanceMode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")


class Role(models.Model):
    """What a person is at one event; a person may hold several roles (chair and speaker)."""

    Kind = RoleKind

    Mode = AttendanceMode

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.ONSITE)
    areas = models.ManyToManyField(CooperationArea, blank=True, related_name="roles")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "kind"], name="role_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=RoleKind.values), name="role_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=AttendanceMode.values), name="role_mode_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()}"


class TeamRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    STAFF = "staff", _("Staff (check-in)")
    CHAIR = "chair", _("Chair")
    EDITOR = "editor", _("Editor")
    PUBLISHER = "publisher", _("Publisher")


class TeamMember(models.Model):
    """A user's part in running one event. What each part may do is defined once, in
    ``liaison.events.rules``."""

    Role = TeamRole

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_teams"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "role"], name="team_member_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=TeamRole.values), name="team_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.event.slug})"
