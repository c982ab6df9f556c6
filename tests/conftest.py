"""Fixtures shared by every test folder."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request through the test client leaves its language active in the thread; the next
    test starts in the default language, as a new process would."""
    yield
    translation.deactivate()
