"""The database keeps the seminar record consistent; names read right in each language."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from liaison.core.i18n import localize
from liaison.events.models import Delegation, Organisation, Person, Role
from tests.factories import (
    DelegationFactory,
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    RoleFactory,
    three,
)

pytestmark = pytest.mark.django_db


@contextmanager
def rejected():
    """The write fails in the database, and the test's transaction carries on."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def test_event_ending_before_start_rejected():
    event = EventFactory.build()
    event.ends_at = event.starts_at - timedelta(minutes=1)
    with rejected():
        event.save()


def test_event_ending_at_start_rejected():
    event = EventFactory.build()
    event.ends_at = event.starts_at
    with rejected():
        event.save()


def test_delegation_code_twice_in_one_event_rejected():
    delegation = DelegationFactory(code="jp")
    with rejected():
        Delegation.objects.create(event=delegation.event, code="jp", name="Japan")


def test_delegation_code_in_two_events_accepted():
    DelegationFactory(code="jp")
    DelegationFactory(code="jp")


def test_role_twice_for_person_and_kind_rejected():
    role = RoleFactory(kind="speaker")
    with rejected():
        Role.objects.create(event=role.event, person=role.person, kind="speaker")


def test_role_of_another_kind_for_same_person_accepted():
    role = RoleFactory(kind="chair")
    RoleFactory(event=role.event, person=role.person, kind="speaker", delegation=None)
    assert role.person.roles.count() == 2


def test_person_email_differing_only_in_case_rejected():
    PersonFactory(email="Lan.Wang@example.org")
    with rejected():
        Person.objects.create(family_name_latin="Wang", email="lan.wang@EXAMPLE.org")


def test_people_without_email_accepted():
    PersonFactory(email="")
    PersonFactory(email="")


def test_role_unknown_kind_rejected_by_database():
    role = RoleFactory.build(kind="emperor")
    role.event.save()
    role.person.save()
    role.delegation = None
    with rejected():
        role.save()


def test_role_unknown_mode_rejected_by_database():
    role = RoleFactory(kind="delegate")
    with rejected():
        Role.objects.filter(pk=role.pk).update(mode="telepathy")


def test_organisation_unknown_kind_rejected_by_database():
    with rejected():
        OrganisationFactory.build(kind="secret_society").save()


def test_organisation_country_not_iso_code_rejected():
    with rejected():
        OrganisationFactory.build(country="jp").save()


def test_person_without_any_name_rejected():
    with rejected():
        Person.objects.create(family_name="", family_name_latin="")


@pytest.mark.parametrize("known_as", [{}, {"en": "", "ja": ""}, ""])
def test_person_with_empty_known_as_rejected(known_as):
    with rejected():
        Person.objects.create(known_as=known_as)


def test_person_known_only_by_function_accepted_and_shown():
    person = Person.objects.create(
        known_as=three(
            "Representative of the Department of International Cooperation, NDRC",
            "国家发展和改革委员会国际合作司代表",
            "国家発展改革委員会 国際協力司の代表",
        )
    )
    person.refresh_from_db()
    assert str(person) == "Representative of the Department of International Cooperation, NDRC"
    assert person.name_for("zh-hans") == "国家发展和改革委员会国际合作司代表"
    assert person.name_for("ja") == "国家発展改革委員会 国際協力司の代表"


def test_person_with_latin_name_only_accepted():
    person = Person.objects.create(
        family_name_latin="Ida",
        given_name_latin="Takashi",
        latin_order=Person.LatinOrder.FAMILY_FIRST,
    )
    assert person.name_for("ja") == "Ida Takashi"
    assert str(person) == "Ida Takashi"


def test_chinese_name_family_first_in_every_language():
    person = PersonFactory(
        family_name="宁",
        given_name="吉喆",
        family_name_latin="Ning",
        given_name_latin="Jizhe",
        latin_order=Person.LatinOrder.FAMILY_FIRST,
    )
    assert person.name_for("zh-hans") == "宁吉喆"
    assert person.name_for("ja") == "宁吉喆"
    assert person.name_for("en") == "Ning Jizhe"


def test_japanese_name_native_in_japanese_given_first_in_english():
    person = PersonFactory(
        family_name="東原",
        given_name="敏昭",
        family_name_latin="Higashihara",
        given_name_latin="Toshiaki",
        latin_order=Person.LatinOrder.GIVEN_FIRST,
    )
    assert person.name_for("ja") == "東原敏昭"
    assert person.name_for("en") == "Toshiaki Higashihara"
    assert str(person) == "Toshiaki Higashihara"


def test_title_missing_in_reader_language_falls_back_to_event_default():
    event = EventFactory(
        default_language="zh-hans",
        title={"zh-hans": "经济技术合作交流会", "ja": "経済技術協力セミナー"},
    )
    event.refresh_from_db()
    shown = localize(event.title, "en", fallback=event.default_language)
    assert shown.text == "经济技术合作交流会"
    assert shown.is_fallback_for("en")
    in_japanese = localize(event.title, "ja", fallback=event.default_language)
    assert in_japanese.text == "経済技術協力セミナー"
    assert not in_japanese.is_fallback_for("ja")


def test_organisation_name_in_three_languages_round_trips():
    organisation = OrganisationFactory(name=three("Hitachi, Ltd.", "日立制作所", "日立製作所"))
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert localize(organisation.name, "ja").text == "日立製作所"
    assert localize(organisation.name, "zh-hans").text == "日立制作所"
