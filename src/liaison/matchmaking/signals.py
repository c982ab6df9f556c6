"""Registration's changes that matchmaking must follow: a delegate who withdraws (or is
rejected) leaves the marketplace, their requests and meetings are cancelled, and a
published schedule is repaired."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from liaison.registration.models import Registration, RegistrationStatus

LEFT = (RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED)


@receiver(post_save, sender=Registration, dispatch_uid="matchmaking-registration-left")
def registration_saved(sender, instance: Registration, created: bool, update_fields=None, **kw):
    if created or instance.status not in LEFT:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    from .services.requests import registration_left

    registration_left(instance)
