"""Services validate what the database cannot, count efficiently and leave an audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from liaison.core.models import AuditEntry
from liaison.events import rules, services
from liaison.events.models import Event, Role
from tests.factories import (
    CooperationAreaFactory,
    DelegationFactory,
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
    three,
)

pytestmark = pytest.mark.django_db


def test_create_event_saves_and_audits():
    host = OrganisationFactory()
    organiser = UserFactory()
    start = EventFactory.build().starts_at
    event = services.create_event(
        slug="chengdu-2021",
        title=three("Seminar", "交流会", "セミナー"),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        city=three("Chengdu", "成都", "成都"),
        hosts=[host],
        organisers=[organiser],
        actor=organiser,
    )
    assert list(event.hosts.all()) == [host]
    entry = AuditEntry.objects.get(action="event.create")
    assert entry.object_id == str(event.pk) and entry.actor == organiser


def test_create_event_ending_before_start_rejected():
    start = EventFactory.build().starts_at
    with pytest.raises(ValidationError):
        services.create_event(
            slug="backwards",
            title={"en": "Backwards"},
            starts_at=start,
            ends_at=start - timedelta(hours=1),
            city={"en": "Chengdu"},
        )
    assert not Event.objects.exists()


def test_create_event_unknown_time_zone_rejected():
    start = EventFactory.build().starts_at
    with pytest.raises(ValidationError, match="time zone"):
        services.create_event(
            slug="nowhere",
            title={"en": "Nowhere"},
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            city={"en": "Chengdu"},
            timezone="Asia/Atlantis",
        )


def test_add_role_delegation_from_another_event_rejected():
    event = EventFactory()
    elsewhere = DelegationFactory(code="jp")
    with pytest.raises(ValidationError, match="belongs to another event"):
        services.add_role(event, PersonFactory(), "delegate", delegation=elsewhere)
    assert not Role.objects.exists()
    assert not AuditEntry.objects.filter(action="role.add").exists()


def test_add_role_area_from_another_event_rejected():
    event = EventFactory()
    foreign_area = CooperationAreaFactory(slug="green-energy")
    with pytest.raises(ValidationError, match="green-energy"):
        services.add_role(event, PersonFactory(), "delegate", areas=[foreign_area])
    assert not Role.objects.exists()


def test_add_role_unknown_kind_rejected():
    with pytest.raises(ValidationError, match="not a kind of role"):
        services.add_role(EventFactory(), PersonFactory(), "emperor")


def test_add_role_twice_rejected_with_message():
    event = EventFactory()
    person = PersonFactory()
    services.add_role(event, person, "speaker")
    with pytest.raises(ValidationError, match="already holds the role Speaker"):
        services.add_role(event, person, "speaker")


def test_add_role_on_side_in_areas_saved_and_audited():
    event = EventFactory()
    side = DelegationFactory(event=event, code="cn")
    areas = CooperationAreaFactory.create_batch(2, event=event)
    role = services.add_role(
        event, PersonFactory(), "delegate", delegation=side, mode="online", areas=areas
    )
    assert role.delegation == side and role.mode == "online"
    assert set(role.areas.all()) == set(areas)
    entry = AuditEntry.objects.get(action="role.add")
    assert entry.data["delegation"] == "cn"
    assert sorted(entry.data["areas"]) == sorted(a.slug for a in areas)


def test_event_counts_small_event_values():
    event = EventFactory()
    services.update_event(event, hosts=[OrganisationFactory()], supporters=[OrganisationFactory()])
    jp = DelegationFactory(event=event, code="jp", position=1)
    cn = DelegationFactory(event=event, code="cn", position=2)
    company = OrganisationFactory()
    chair = PersonFactory(organisation=company)
    RoleFactory(event=event, person=chair, kind="chair", delegation=cn)
    RoleFactory(event=event, person=chair, kind="speaker", delegation=cn)
    RoleFactory(event=event, kind="delegate", delegation=jp, mode="online")
    RoleFactory(event=event, kind="delegate", delegation=jp, person__organisation=company)
    RoleFactory(event=event, kind="observer", delegation=None)
    RoleFactory(kind="delegate")  # another event: not counted

    counts = services.event_counts(event)

    assert counts["delegations"] == 2
    assert counts["organisations"] == 3  # host, supporter, the company
    assert counts["people"] == 4
    assert counts["by_role"]["delegate"] == 2
    assert counts["by_role"]["chair"] == 1 and counts["by_role"]["speaker"] == 1
    assert counts["by_role"]["press"] == 0
    assert counts["by_side"] == {"jp": 2, "cn": 1}
    assert list(counts["by_side"]) == ["jp", "cn"]
    assert counts["without_side"] == 1
    assert counts["online"] == 1


def test_event_counts_empty_event_all_zero():
    counts = services.event_counts(EventFactory())
    assert counts["people"] == 0 and counts["delegations"] == 0
    assert counts["organisations"] == 0 and counts["by_side"] == {}
    assert set(counts["by_role"].values()) == {0}


@pytest.mark.parametrize("roles", [1, 3])
def test_event_counts_queries_do_not_grow_with_roles(roles, django_assert_num_queries):
    event = EventFactory()
    side = DelegationFactory(event=event)
    areas = CooperationAreaFactory.create_batch(2, event=event)
    for _ in range(roles):
        RoleFactory(
            event=event, delegation=side, areas=areas, person__organisation=OrganisationFactory()
        )
    with django_assert_num_queries(4):
        counts = services.event_counts(event)
    assert counts["people"] == roles
    assert counts["organisations"] == roles


def test_is_organiser_for_organiser_and_superuser_only():
    organiser, stranger = UserFactory(), UserFactory()
    admin = UserFactory(is_superuser=True)
    event = EventFactory(organisers=[organiser])
    assert rules.is_organiser(organiser, event)
    assert rules.is_organiser(admin, event)
    assert not rules.is_organiser(stranger, event)
    assert not rules.is_organiser(AnonymousUser(), event)


def test_is_organiser_inactive_user_refused():
    organiser = UserFactory(is_active=False)
    assert not rules.is_organiser(organiser, EventFactory(organisers=[organiser]))


@pytest.mark.parametrize(
    ("status", "public"), [("draft", False), ("open", True), ("closed", True), ("held", True)]
)
def test_can_view_public_by_status(status, public):
    assert rules.can_view_public(EventFactory(status=status)) is public


def test_delete_area_still_used_is_refused_with_a_message():
    from liaison.events.models import CooperationArea
    from liaison.matchmaking.models import Opportunity, Profile
    from liaison.registration.models import Registration

    area = CooperationAreaFactory()
    role = RoleFactory(event=area.event)
    registration = Registration.objects.create(
        event=area.event,
        person=role.person,
        email="a@example.org",
        mode="onsite",
        status="approved",
    )
    profile = Profile.objects.create(registration=registration, event=area.event)
    Opportunity.objects.create(
        profile=profile, event=area.event, area=area, direction="offer", kind="technology"
    )

    with pytest.raises(ValidationError, match="still used by"):
        services.delete_area(area)
    assert CooperationArea.objects.filter(pk=area.pk).exists()
