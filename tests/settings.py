"""The test suite's settings: Liaison's own, with an explicit test-only key.

Selected by pyproject.toml (pytest) and the Makefile; never used outside the tests.
"""

import os

os.environ["LIAISON_TESTING"] = "1"
os.environ.setdefault("SECRET_KEY", "test-suite-only-key-never-used-in-production")

from liaison.settings import *  # noqa: E402,F403

# Tests hash many passwords: a fast hasher here, Argon2 in every real deployment.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
