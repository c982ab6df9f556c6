"""Registration: who takes part in an event, how (on site or online) and in which state.

The person's names live on ``Person`` (one record per person across events); a
registration is their taking part in one event. Capacity is counted over registrations
whose status holds a seat (approved or pending), per attendance mode.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from liaison.events.models import (
    AttendanceMode,
    CooperationArea,
    Delegation,
    Event,
    Organisation,
    Person,
)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    WAITLISTED = "waitlisted", _("Waiting list")


# The statuses that hold a seat of their mode (api.md's counting rule).
SEAT_STATUSES = (RegistrationStatus.APPROVED, RegistrationStatus.PENDING)


def new_badge_code() -> str:
    """An unguessable badge code: 80 random bits, in letters and digits a scanner types."""
    return secrets.token_hex(10).upper()


def new_join_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    Status = RegistrationStatus
    Mode = AttendanceMode

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    email = models.EmailField(verbose_name=_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    mode = models.CharField(max_length=10, choices=AttendanceMode.choices)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    areas = models.ManyToManyField(CooperationArea, blank=True, related_name="registrations")
    consent_contact = models.BooleanField(
        default=False, verbose_name=_("share my contact details with matched delegates")
    )
    needs = models.TextField(blank=True, verbose_name=_("dietary or accessibility needs"))
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    badge_code = models.CharField(max_length=32, unique=True, default=new_badge_code)
    join_token = models.CharField(max_length=64, unique=True, default=new_join_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "event", Lower("email"), name="registration_email_once_per_event"
            ),
            models.UniqueConstraint(fields=["event", "person"], name="registration_person_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="registration_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=AttendanceMode.values), name="registration_mode_known"
            ),
        ]
        indexes = [models.Index(fields=["event", "mode", "status"], name="registration_seats")]

    def __str__(self) -> str:
        return f"{self.person} ({self.event.slug}, {self.status})"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES


def token_digest(token: str) -> str:
    """Links carry a random token; only its SHA-256 is stored (a leaked table signs no one in)."""
    return hashlib.sha256((token or "").encode()).hexdigest()


class Invitation(models.Model):
    """An organiser's invitation: a single-use link that expires, pre-filling what the
    organiser knows about the person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(verbose_name=_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    # What the organiser knows: names, organisation, delegation slug, language, mode.
    prefill = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.email} ({self.event.slug})"


class SignInLink(models.Model):
    """A one-time sign-in link sent by e-mail to a delegate."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_links"
    )
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"sign-in link of {self.user} ({self.created_at:%Y-%m-%d %H:%M})"
