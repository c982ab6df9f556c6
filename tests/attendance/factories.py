"""Registrations for the attendance tests, made directly (registration's own services are
another app's; tests are outside the write-path check)."""

from __future__ import annotations

from liaison.events import services as event_services
from liaison.registration.models import Registration
from tests.factories import PersonFactory

_counter = iter(range(1, 10**6))


def make_registration(
    event,
    *,
    person=None,
    mode=Registration.Mode.ONSITE,
    status=Registration.Status.APPROVED,
    delegation=None,
    organisation=None,
    needs="",
    **person_fields,
) -> Registration:
    if person is None:
        n = next(_counter)
        person_fields.setdefault("email", f"attendee{n}-{event.slug}@example.org")
        person = PersonFactory(**person_fields)
    return Registration.objects.create(
        event=event,
        person=person,
        email=person.email or f"nobody{person.pk}@example.org",
        organisation=organisation or person.organisation,
        delegation=delegation,
        mode=mode,
        status=status,
        language=person.preferred_language,
        needs=needs,
    )


def staff_of(event, username="door", role="staff"):
    from tests.factories import UserFactory

    user = UserFactory(username=f"{username}-{event.slug}")
    event_services.add_team_member(event, user, role)
    return user
