"""Everything Liaison holds about one person, gathered for their export and erasure."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from liaison.attendance.models import CheckIn, OnlineVisit
from liaison.core.models import AuditEntry
from liaison.events.models import Event, Person, Role, TeamMember
from liaison.matchmaking.models import (
    Meeting,
    MeetingRequest,
    Opportunity,
    Outcome,
    Profile,
    Recommendation,
)
from liaison.programme.models import AgendaItem
from liaison.registration.models import Invitation, Registration, SignInLink


@dataclass
class Holdings:
    """The rows about one person (querysets, read when used)."""

    person: Person

    @property
    def user(self):
        return self.person.user

    @property
    def registrations(self):
        return (
            Registration.objects.filter(person=self.person)
            .select_related("event", "organisation", "delegation")
            .prefetch_related("areas")
            .order_by("created_at", "id")
        )

    @property
    def registration_ids(self) -> list[int]:
        return list(Registration.objects.filter(person=self.person).values_list("pk", flat=True))

    @property
    def roles(self):
        return (
            Role.objects.filter(person=self.person)
            .select_related("event", "delegation")
            .prefetch_related("areas")
        )

    @property
    def agenda_items(self):
        return AgendaItem.objects.filter(people=self.person).select_related("event")

    def checkins(self, ids):
        return CheckIn.objects.filter(registration_id__in=ids)

    def visits(self, ids):
        return OnlineVisit.objects.filter(registration_id__in=ids)

    def invitations(self, ids):
        emails = [e for e in {self.person.email, *self.emails()} if e]
        condition = Q(registration_id__in=ids)
        for email in emails:
            condition |= Q(email__iexact=email)
        return Invitation.objects.filter(condition)

    def profiles(self, ids):
        return Profile.objects.filter(registration_id__in=ids).prefetch_related("areas")

    def opportunities(self, ids):
        return Opportunity.objects.filter(profile__registration_id__in=ids)

    def requests(self, ids):
        return MeetingRequest.objects.filter(Q(requester_id__in=ids) | Q(recipient_id__in=ids))

    def meetings(self, ids):
        return Meeting.objects.filter(
            Q(request__requester_id__in=ids) | Q(request__recipient_id__in=ids)
        ).select_related("slot", "table", "video_room")

    def outcomes(self, ids):
        return Outcome.objects.filter(registration_id__in=ids)

    def recommendations(self, ids):
        return Recommendation.objects.filter(Q(registration_id__in=ids) | Q(counterpart_id__in=ids))

    def sign_in_links(self):
        if self.user is None:
            return SignInLink.objects.none()
        return SignInLink.objects.filter(user=self.user)

    def team(self):
        if self.user is None:
            return TeamMember.objects.none()
        return TeamMember.objects.filter(user=self.user).select_related("event")

    def emails(self) -> set[str]:
        out = {self.person.email}
        out.update(Registration.objects.filter(person=self.person).values_list("email", flat=True))
        if self.user is not None:
            out.add(self.user.email)
        return {e for e in out if e}

    def events(self):
        return Event.objects.filter(
            Q(registrations__person=self.person) | Q(roles__person=self.person)
        ).distinct()

    def audit_objects(self, ids) -> Q:
        """The audit entries about this person: their own rows by (type, id), and what
        they did themselves."""
        keys = [("events.person", [self.person.pk]), ("registration.registration", ids)]
        keys.append(("matchmaking.profile", list(self.profiles(ids).values_list("pk", flat=True))))
        keys.append(
            ("matchmaking.opportunity", list(self.opportunities(ids).values_list("pk", flat=True)))
        )
        keys.append(
            ("matchmaking.meetingrequest", list(self.requests(ids).values_list("pk", flat=True)))
        )
        keys.append(("matchmaking.outcome", list(self.outcomes(ids).values_list("pk", flat=True))))
        keys.append(("attendance.checkin", list(self.checkins(ids).values_list("pk", flat=True))))
        keys.append(("events.role", list(self.roles.values_list("pk", flat=True))))
        condition = Q(pk__in=[])
        for object_type, pks in keys:
            if pks:
                condition |= Q(object_type=object_type, object_id__in=[str(pk) for pk in pks])
        if self.user is not None:
            condition |= Q(object_type="auth.user", object_id=str(self.user.pk))
            condition |= Q(actor=self.user)
        return condition

    def audit_entries(self, ids):
        return AuditEntry.objects.filter(self.audit_objects(ids)).select_related("event")


def holdings(person: Person) -> Holdings:
    return Holdings(person)
