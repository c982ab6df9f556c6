"""Attendance: who came through the door (check-ins) and who joined online (visits).

A ``CheckIn`` is one successful scan of a badge; refused scans leave no row. The database
holds at most one per registration (``checkin_once_per_registration``) and one per scan id
(``client_id``, made by the scanner), so a scan sent twice, or two desks scanning the same
badge at once, can never count a person twice. ``Registration.checked_in_at`` mirrors the
check-in's scan time for the lists and the API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.registration.models import Registration


class CheckIn(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="checkins"
    )
    client_id = models.UUIDField(unique=True, verbose_name=_("scan id"))
    scanned_at = models.DateTimeField(verbose_name=_("scanned at"))
    received_at = models.DateTimeField(auto_now_add=True, verbose_name=_("received at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("scanned by"),
    )

    class Meta:
        ordering = ["scanned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration"], name="checkin_once_per_registration"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} at {self.scanned_at:%Y-%m-%d %H:%M}"


class OnlineVisit(models.Model):
    """One following of a personal join link: when it began and when the participant was
    last seen (heartbeats of the join page) or left (the page was closed)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="online_visits"
    )
    joined_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        indexes = [models.Index(fields=["registration", "joined_at"], name="visit_by_registration")]

    def __str__(self) -> str:
        return f"{self.registration_id} from {self.joined_at:%Y-%m-%d %H:%M}"
