import pytest

from tests.e2e.conftest import browser  # noqa: F401  (the browser tests here use it)
from tests.factories import DelegationFactory, EventFactory, OrganisationFactory, RoleFactory

from .factories import make_registration, staff_of


@pytest.fixture
def event(db):
    return EventFactory(slug="chengdu-2021")


@pytest.fixture
def other_event(db):
    return EventFactory(slug="tokyo-2022")


@pytest.fixture
def staff(event):
    return staff_of(event)


@pytest.fixture
def wang(event):
    """Wang Lei of a Chinese company, on the China side, on site, approved, vegetarian."""
    side = DelegationFactory(
        event=event, code="cn", name={"en": "China", "zh-hans": "中方", "ja": "中国側"}
    )
    organisation = OrganisationFactory(
        slug="tianfu-software",
        name={"en": "Tianfu Software", "zh-hans": "天府软件", "ja": "天府ソフト"},
        country="CN",
    )
    registration = make_registration(
        event,
        family_name="王",
        given_name="磊",
        family_name_latin="Wang",
        given_name_latin="Lei",
        organisation=organisation,
        delegation=side,
        needs="Vegetarian",
    )
    RoleFactory(event=event, person=registration.person, kind="speaker", delegation=side)
    return registration
