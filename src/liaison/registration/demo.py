"""The demo seminar's registrations: one for each of its 200 delegates, in realistic states.

Made through the services, as an organiser would: the seminar needed approval, so most were
approved, some are still pending and two were rejected; a few withdrew; the online channel
was full, so its last registrants are on the waiting list. Modes follow each delegate's
role. No e-mail is sent.
"""

from __future__ import annotations

from liaison.events import services as event_services
from liaison.events.models import AttendanceMode

from . import services

PENDING = 12
REJECTED = 2
WITHDRAWN = 7
WAITLISTED_ONLINE = 4


def _applicant(role, areas) -> services.Applicant:
    person = role.person
    return services.Applicant(
        email=person.email,
        family_name=person.family_name,
        given_name=person.given_name,
        family_name_latin=person.family_name_latin,
        given_name_latin=person.given_name_latin,
        organisation="",  # the person's own organisation is kept
        delegation=role.delegation.code if role.delegation else "",
        mode=role.mode,
        language=person.preferred_language,
        areas=tuple(area.slug for area in areas),
        consent_contact=True,
    )


def extend_demo(event, context) -> None:
    rng = context.rng
    delegates = [(role, areas) for role, areas in context.delegates if role.person.email]
    online = sum(1 for role, _areas in delegates if role.mode == AttendanceMode.ONLINE)
    # The venue had room for everyone; the online channel for all but the last few.
    event_services.update_event(
        event,
        approval_required=True,
        onsite_capacity=len(delegates) - online + 10,
        online_capacity=max(online - WAITLISTED_ONLINE, 0),
    )
    order = list(delegates)
    rng.shuffle(order)
    to_review = {id(role) for role, _a in rng.sample(order, PENDING + REJECTED)}
    registrations = []
    for role, areas in order:
        registrations.append(
            services.register(
                event,
                _applicant(role, areas),
                by_organiser=True,
                review=id(role) in to_review,
                notify=False,
            )
        )
    pending = [r for r in registrations if r.status == "pending"]
    for registration in pending[:REJECTED]:
        services.reject(registration, notify=False)
    onsite_approved = [
        r for r in registrations if r.status == "approved" and r.mode == AttendanceMode.ONSITE
    ]
    for registration in rng.sample(onsite_approved, WITHDRAWN):
        services.withdraw(registration, notify=False)
