import pytest

from liaison.events.services import add_team_member
from tests.factories import UserFactory
from tests.site.seminar import build_seminar

PASSWORD = "a-long-test-password"  # what UserFactory sets


@pytest.fixture
def seminar(db):
    return build_seminar()


@pytest.fixture
def organiser(seminar):
    user = UserFactory(username="organiser")
    add_team_member(seminar, user, "organiser")
    return user


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")
