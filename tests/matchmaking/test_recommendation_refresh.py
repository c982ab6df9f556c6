"""With a broker, stale recommendations are queued for a worker once, not once per page
view: a refresh of 2,000 delegates takes seconds, and every view meanwhile would queue
another (bench/matchmaking_scale.py)."""

from __future__ import annotations

import pytest

from liaison.matchmaking import services, tasks

from .conftest import make_delegate, user_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    calls = []
    monkeypatch.setattr(tasks.refresh_recommendations, "delay", calls.append)
    return calls


def test_a_stale_event_is_queued_once_until_the_refresh_starts(event, client, queued):
    jp, cn = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    services.add_opportunity(
        jp, direction="offer", kind="technology", area="elderly-care", title={"en": "Robots"}
    )
    client.force_login(user_of(cn))
    url = f"/en/{event.slug}/matchmaking/recommendations/"
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert queued == [event.pk]  # three stale views, one task

    tasks.refresh_recommendations.run(event.pk)  # the worker: clears the mark, refreshes
    assert client.get(url).status_code == 200
    assert queued == [event.pk]  # fresh: nothing queued
    assert "Yamada" in client.get(url).content.decode()

    services.save_profile(jp, pitch={"en": "Care robots and sensors"})  # stale again
    client.get(url)
    client.get(url)
    assert queued == [event.pk, event.pk]


def test_a_broker_that_refuses_leaves_the_next_view_to_queue(event, client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    attempts = []

    def refuse(event_id):
        attempts.append(event_id)
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.refresh_recommendations, "delay", refuse)
    cn = make_delegate(event, 2, "cn")
    client.force_login(user_of(cn))
    url = f"/en/{event.slug}/matchmaking/recommendations/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert attempts == [event.pk, event.pk]
