"""The newsroom: releases drafted from an event's record, their revisions, images and the
flags the spam screen raises. Slim: the rules live in ``rules.py``, the operations in
``services.py``, the seal in ``seal.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField

from liaison.events.models import Event, Organisation


class Newsroom(models.Model):
    """A department that publishes releases, e.g. the Department of International
    Cooperation of the supporting agency. Its name is the release's "Source"."""

    slug = models.SlugField(max_length=80, unique=True)
    name = I18nCharField(max_length=300, verbose_name=_("name"))
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="newsrooms"
    )
    # Domains a release may link to without a flag (the department's own sites); subdomains
    # included.
    allowed_domains = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.name) or self.slug


class NewsroomRole(models.TextChoices):
    WRITER = "writer", _("Writer")
    EDITOR = "editor", _("Editor")
    PUBLISHER = "publisher", _("Publisher")


class NewsroomMember(models.Model):
    Role = NewsroomRole

    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsroom_roles"
    )
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["newsroom", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsroom", "user", "role"], name="newsroom_member_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=NewsroomRole.values), name="newsroom_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.newsroom.slug})"


class ReleaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Release(models.Model):
    State = ReleaseState

    slug = models.SlugField(max_length=100, unique=True)
    newsroom = models.ForeignKey(Newsroom, on_delete=models.PROTECT, related_name="releases")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="releases"
    )
    # The language whose title is required (the event's default language).
    default_language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ReleaseState.values), name="release_state_known"
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class Revision(models.Model):
    """One save of a release: its texts per language (``{"en": ..., "zh-hans": ..., "ja":
    ...}``), who saved it and when. A published revision carries a seal (``seal.py``)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    body = models.JSONField(default=dict)
    # The release's images as this revision shows them: [{"id", "name", "sha256",
    # "width", "height", "caption": {...}, "alt": {...}}].
    images = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    seal = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["release", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="revision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.release.slug} #{self.number}"

    @property
    def languages(self) -> list[str]:
        codes = [code for code, _name in settings.LANGUAGES]
        return [code for code in codes if (self.title or {}).get(code)]


def image_path(instance, filename: str) -> str:
    return f"news/{instance.release_id}/{filename}"


class ReleaseImage(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(upload_to=image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    caption = models.JSONField(default=dict)
    alt = models.JSONField(default=dict)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["release", "position", "id"]

    def __str__(self) -> str:
        return self.file.name


class FlagKind(models.TextChoices):
    GAMBLING = "gambling", _("Gambling or betting term")
    DOMAIN = "domain", _("Link to a domain not on the allow-list")
    HIDDEN = "hidden", _("Hidden or zero-size text")
    SCRIPT = "script", _("Characters of an unexpected script")


class SpamFlag(models.Model):
    """Something the spam screen found in a revision; publishing needs a publisher to
    confirm each open flag of the revision published."""

    Kind = FlagKind

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    language = models.CharField(max_length=10)
    field = models.CharField(max_length=12)
    excerpt = models.CharField(max_length=300)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["revision", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.excerpt}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None


class IntegrityAlert(models.Model):
    """A published revision whose stored content no longer matches its seal."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="alerts")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="alerts")
    detected_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-detected_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision"],
                condition=models.Q(resolved_at__isnull=True),
                name="integrity_alert_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.release.slug} #{self.revision.number}"
