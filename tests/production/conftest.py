"""The production tests start real processes (gunicorn, Celery) on PostgreSQL and Redis.
They run in the PostgreSQL pass of .ci/run (DATABASE_URL=postgres://...), where both are
there, and are skipped in the SQLite pass and in a quick local run."""

from __future__ import annotations

import os

import pytest

from . import stack as st


def pytest_collection_modifyitems(config, items):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="production stack: runs with DATABASE_URL=postgres://...")
    for item in items:
        if "tests/production/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


AGENDA_ITEM = """
from datetime import datetime, UTC
from liaison.events.models import Event
from liaison.programme import services
event = Event.objects.get(slug={slug!r})
for n in range({count}):
    item = services.create_item(
        event, kind="speech", title={{"en": f"Speech {{n + 1}}"}},
        starts_at=datetime(2031, 7, 15, 2 + n, tzinfo=UTC),
        ends_at=datetime(2031, 7, 15, 2 + n, 45, tzinfo=UTC),
    )
    print("ITEM", item.pk)
"""


def agenda_items(stack: st.Stack, slug: str, count: int = 2) -> list[int]:
    """Programme items made through the programme's services (the API has no route for
    them yet), by `liaison shell` in the deployment's environment."""
    out = stack.liaison("shell", "-c", AGENDA_ITEM.format(slug=slug, count=count)).stdout
    return [int(line.split()[1]) for line in out.splitlines() if line.startswith("ITEM ")]
