import pytest
from django.contrib.auth import get_user_model

from tests.site.seminar import build_seminar

PASSWORD = "a-long-test-password"


@pytest.fixture
def seminar(db):
    return build_seminar()


@pytest.fixture
def organiser(seminar):
    user = get_user_model().objects.create_user("organiser", password=PASSWORD)
    seminar.organisers.add(user)
    return user


@pytest.fixture
def stranger(db):
    return get_user_model().objects.create_user("stranger", password=PASSWORD)
