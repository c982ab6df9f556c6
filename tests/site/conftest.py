import pytest

from tests.site.seminar import build_seminar


@pytest.fixture
def seminar(db):
    return build_seminar()
