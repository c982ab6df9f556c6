import pytest

from liaison.events.services import add_team_member
from tests.factories import CooperationAreaFactory, DelegationFactory, EventFactory, UserFactory


@pytest.fixture
def event(db):
    event = EventFactory(
        slug="osaka-2027", registration_open=True, onsite_capacity=2, online_capacity=None
    )
    DelegationFactory(event=event, code="jp", name={"en": "Japan", "ja": "日本"})
    DelegationFactory(event=event, code="cn", name={"en": "China", "zh-hans": "中国"})
    CooperationAreaFactory(event=event, slug="green-energy", name={"en": "Green energy"})
    return event


@pytest.fixture
def organiser(event):
    user = UserFactory(username="organiser")
    add_team_member(event, user, "organiser")
    return user


@pytest.fixture
def staff(event):
    user = UserFactory(username="door")
    add_team_member(event, user, "staff")
    return user
