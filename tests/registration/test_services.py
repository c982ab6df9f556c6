"""Registration's states, capacity, e-mails and audit, through the services."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from liaison.core.audit import AuditEntry
from liaison.core.errors import Conflict
from liaison.events import services as event_services
from liaison.registration import services
from liaison.registration.models import Registration

from .helpers import applicant

pytestmark = pytest.mark.django_db


def statuses(event):
    return list(Registration.objects.filter(event=event).values_list("status", flat=True))


def test_register_makes_person_account_and_sends_mail_with_calendar_in_their_language(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(event, applicant())

    assert registration.status == "approved"
    person = registration.person
    assert person.native_name == "東原敏昭1" and person.user is not None
    assert not person.user.has_usable_password()
    assert registration.organisation.name.data["en"] == "Hitachi"
    assert [a.slug for a in registration.areas.all()] == ["green-energy"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["delegate1@example.jp"]
    assert "登録" in message.subject  # Japanese, the person's language
    assert "/ja/osaka-2027/signin/" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="ja">' in html
    (name, ics, mimetype) = message.attachments[0]
    assert name == "osaka-2027.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in ics and "DTSTART" in ics
    assert AuditEntry.objects.filter(action="registration.create", event=event).count() == 1


def test_registering_again_with_another_case_of_email_is_a_conflict(event):
    services.register(event, applicant())
    with pytest.raises(Conflict):
        services.register(event, applicant(email="DELEGATE1@example.jp"))
    assert Registration.objects.count() == 1


def test_bad_input_names_every_field(event):
    with pytest.raises(ValidationError) as caught:
        services.register(
            event,
            applicant(
                email="not-an-email",
                family_name="   ",
                family_name_latin=" ",
                delegation="xx",
                language="fr",
                areas=("nope",),
            ),
        )
    errors = caught.value.message_dict
    assert set(errors) == {"email", "family_name", "delegation", "language", "areas"}
    assert Registration.objects.count() == 0


def test_full_mode_waitlists_and_withdrawal_promotes_the_first_waiting(
    event, django_capture_on_commit_callbacks
):
    first, second = (services.register(event, applicant(n)) for n in (1, 2))
    third, fourth = (services.register(event, applicant(n)) for n in (3, 4))
    online = services.register(event, applicant(5, mode="online"))
    assert [r.status for r in (first, second, third, fourth, online)] == [
        "approved", "approved", "waitlisted", "waitlisted", "approved"
    ]  # fmt: skip

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == "approved" and fourth.status == "waitlisted"
    assert {m.to[0] for m in mail.outbox} == {"delegate1@example.jp", "delegate3@example.jp"}
    assert services.seats_taken(event, "onsite") == 2

    with pytest.raises(Conflict):
        services.withdraw(first)
    services.reject(second)
    fourth.refresh_from_db()
    assert fourth.status == "approved"
    assert services.seats_taken(event, "onsite") == 2


def test_raising_the_capacity_gives_the_new_seats_to_the_waiting_list_at_once(
    event, organiser, django_capture_on_commit_callbacks
):
    registrations = [services.register(event, applicant(n)) for n in (1, 2, 3, 4, 5)]
    assert statuses(event).count("waitlisted") == 3
    onsite = event.onsite_capacity

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_services.update_event(event, onsite_capacity=onsite + 2, actor=organiser)
    for r in registrations:
        r.refresh_from_db()
    assert [r.status for r in registrations] == [
        "approved",
        "approved",
        "approved",
        "approved",
        "waitlisted",
    ]  # fmt: skip (first come, first served)
    assert {m.to[0] for m in mail.outbox} == {"delegate3@example.jp", "delegate4@example.jp"}
    assert AuditEntry.objects.filter(action="registration.promote", actor=organiser).count() == 2

    # Lowering it takes no seat back; another change promotes nobody.
    event_services.update_event(event, onsite_capacity=1, actor=organiser)
    event_services.update_event(event, city={"en": "Kobe"}, actor=organiser)
    assert statuses(event).count("approved") == 4


def test_approval_required_gives_pending_which_holds_a_seat(event, organiser):
    event_services.update_event(event, approval_required=True)
    pending = services.register(event, applicant(1))
    assert pending.status == "pending"
    services.approve(pending, actor=organiser)
    pending.refresh_from_db()
    assert pending.status == "approved"
    with pytest.raises(Conflict):
        services.approve(pending, actor=organiser)
    assert AuditEntry.objects.filter(action="registration.approve", actor=organiser).exists()


def test_waitlisted_cannot_be_approved_into_a_full_mode(event, organiser):
    for n in (1, 2):
        services.register(event, applicant(n))
    waiting = services.register(event, applicant(3))
    with pytest.raises(Conflict):
        services.approve(waiting, actor=organiser)
    assert services.seats_taken(event, "onsite") == 2


def test_closed_and_invitation_only_events_refuse_the_public(event):
    event_services.update_event(event, registration_open=False)
    with pytest.raises(Conflict):
        services.register(event, applicant())
    event_services.update_event(event, registration_open=True, invitation_only=True)
    with pytest.raises(services.PermissionDenied):
        services.register(event, applicant())
    assert services.register(event, applicant(), by_organiser=True).status == "approved"


def test_invitation_is_single_use_and_expires(event, organiser, django_capture_on_commit_callbacks):
    event_services.update_event(event, invitation_only=True, approval_required=True)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite(
            event,
            "guest@example.org",
            language="zh-hans",
            prefill={"family_name": "王"},
            actor=organiser,
        )
    assert "邀请" in mail.outbox[0].subject and token in mail.outbox[0].body
    assert services.invitation_for(event, token).prefill == {"family_name": "王"}

    registration = services.register(
        event, applicant(email="guest@example.org"), invitation_token=token
    )
    assert registration.status == "approved"  # the invitation stands for the approval
    with pytest.raises(ValidationError, match="used already"):
        services.register(event, applicant(2), invitation_token=token)
    with pytest.raises(ValidationError, match="not valid"):
        services.register(event, applicant(2), invitation_token="forged")

    _expired, old = services.invite(event, "late@example.org", actor=organiser, days=-1)
    with pytest.raises(ValidationError, match="expired"):
        services.register(event, applicant(3), invitation_token=old)


def test_bulk_invitations_are_all_or_nothing(event, organiser):
    with pytest.raises(ValidationError) as caught:
        services.invite_many(
            event,
            [{"email": "a@example.org"}, {"email": "bad"}, {"email": "a@example.org"}],
            actor=organiser,
        )
    assert any("line 2" in m for m in caught.value.messages)
    assert any("line 3" in m for m in caught.value.messages)
    assert not event.invitations.exists()
    made = services.invite_many(
        event, [{"email": "a@example.org"}, {"email": "b@example.org", "delegation": "cn"}]
    )
    assert len(made) == 2


def test_sign_in_link_works_once(event, django_capture_on_commit_callbacks):
    registration = services.register(event, applicant())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_sign_in_link(event, "Delegate1@example.jp")
        services.send_sign_in_link(event, "nobody@example.jp")
    assert len(mail.outbox) == 1
    token = mail.outbox[0].body.split("/signin/")[1].split("/")[0]
    assert services.use_sign_in_link(token) == registration.person.user
    with pytest.raises(ValidationError, match="used already"):
        services.use_sign_in_link(token)
    with pytest.raises(ValidationError, match="not valid"):
        services.use_sign_in_link("forged")


def test_second_event_reuses_the_person_and_account(event):
    other = type(event).objects.get(pk=event.pk)
    first = services.register(event, applicant())
    from tests.factories import EventFactory

    second_event = EventFactory(registration_open=True)
    second = services.register(second_event, applicant(delegation="", areas=()))
    assert second.person == first.person and first.person.user_id == second.person.user_id
    assert other.pk == event.pk
