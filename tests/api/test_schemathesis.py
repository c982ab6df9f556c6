"""schemathesis against /api/v1/schema/: every operation, called with generated input as an
organiser (token) and anonymously, must answer without a server error, with a status code
the schema declares and a body that matches it. In process through WSGI (no server to
start), bounded: a few examples per operation, so the whole run takes a minute or two."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from liaison.core.services import create_token
from liaison.events.services import add_team_member
from liaison.registration import services as registration_services
from tests.factories import DelegationFactory, EventFactory, UserFactory

EXAMPLES = 30


@pytest.fixture
def keep_connection():
    """Requests go to the WSGI application directly, not through Django's test client, so
    they would close the database connection at their end (``close_old_connections``) in
    the middle of the test's transaction; the test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, settings, keep_connection):
    settings.REGISTRATION_RATE_LIMIT = "0/60"
    cache.clear()
    event = EventFactory(slug="fuzzed", status="open", registration_open=True)
    DelegationFactory(event=event, code="jp")
    organiser = UserFactory(username="fuzz-organiser")
    add_team_member(event, organiser, "organiser")
    registration_services.register(
        event,
        registration_services.Applicant(email="fuzz@example.org", family_name_latin="Fuzz"),
        notify=False,
    )
    return {"event": event, "token": create_token(organiser).key}


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


def run_schema(world, token=None) -> list[str]:
    """Every operation of the schema with generated cases; the failures, one line each."""
    from liaison.wsgi import application

    api = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    headers = {"Authorization": f"Token {token}"} if token else {}
    failures = []
    for result in api.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @SETTINGS
        def check(case):
            if "slug" in (case.path_parameters or {}):
                case.path_parameters["slug"] = world["event"].slug  # real data, not only 404s
            case.call_and_validate(
                headers=headers,
                checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
            )

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - report every one
            failures.append(f"{operation.method.upper()} {operation.path}: {exc!r}"[:1500])
    return failures


def test_api_as_an_organiser(world):
    failures = run_schema(world, world["token"])
    assert not failures, f"{len(failures)} operations fail:\n" + "\n\n".join(failures)


def test_api_anonymously(world):
    failures = run_schema(world)
    assert not failures, f"{len(failures)} operations fail:\n" + "\n\n".join(failures)
