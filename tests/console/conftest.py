import pytest

from tests.factories import UserFactory
from tests.site.seminar import build_seminar

PASSWORD = "a-long-test-password"  # what UserFactory sets


@pytest.fixture
def seminar(db):
    return build_seminar()


@pytest.fixture
def organiser(seminar):
    user = UserFactory(username="organiser")
    seminar.organisers.add(user)
    return user


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")
