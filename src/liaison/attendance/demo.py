"""The demo seminar's door and online room: most approved on-site participants checked in
in the hour before the opening, most approved online participants joined around it.

Registrations are made by the registration app's demo (it runs before this one, in the
order of INSTALLED_APPS); without any, this adds nothing. Everything goes through the
services, as at a real door.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from liaison.registration.models import Registration, RegistrationStatus

from . import services

CHECKED_IN_SHARE = 0.85
JOINED_SHARE = 0.8


def extend_demo(event, context) -> None:
    rng = context.rng
    approved = Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
    onsite = list(approved.filter(mode=Registration.Mode.ONSITE).order_by("pk"))
    online = list(approved.filter(mode=Registration.Mode.ONLINE).order_by("pk"))
    if not onsite and not online:
        return
    doors_open = event.starts_at - timedelta(minutes=60)
    for registration in rng.sample(onsite, round(len(onsite) * CHECKED_IN_SHARE)):
        scanned_at = doors_open + timedelta(seconds=rng.randint(0, 70 * 60))
        services.check_in(
            event,
            registration.badge_code,
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            scanned_at=scanned_at,
        )
    for registration in rng.sample(online, round(len(online) * JOINED_SHARE)):
        joined_at = event.starts_at + timedelta(seconds=rng.randint(-15 * 60, 20 * 60))
        visit = services.record_join(registration, at=joined_at)
        if rng.random() < 0.3:  # some left before the end
            left_at = joined_at + timedelta(minutes=rng.randint(40, 150))
            services.record_presence(visit, leaving=True, at=left_at)
