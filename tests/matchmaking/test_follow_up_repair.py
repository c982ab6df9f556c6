"""A change that arrives while another run is queued or running is not lost: the event is
marked, and a repair is queued when that run ends; inline repairs are kept short."""

from __future__ import annotations

from unittest import mock

import pytest

from liaison.matchmaking import services, tasks
from liaison.matchmaking.models import Meeting, ScheduleRun
from liaison.matchmaking.services import runs

from .conftest import make_delegate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(event, organiser):
    pairs = [(make_delegate(event, i, "jp"), make_delegate(event, 10 + i, "cn")) for i in range(3)]
    services.generate_slots(event)
    services.set_tables(event, 2)
    requests = []
    for a, b in pairs:
        request, _created = services.request_meeting(a, b)
        requests.append(services.accept(request))
    run = services.start_run(event, actor=organiser)
    run.refresh_from_db()
    services.publish_run(run, notify=False)
    return run, requests


def test_a_change_during_a_run_gets_its_repair_when_the_run_ends(event, organiser, published):
    first, requests = published
    with mock.patch.object(tasks, "enqueue_run"):  # a worker that has not started it yet
        busy = services.start_run(event, actor=organiser)
    assert busy.status == "queued"
    # a cancellation while that run waits: no second run now, the event remembers
    services.cancel_request(requests[0])
    assert ScheduleRun.objects.filter(event=event).count() == 2
    assert services.settings_for(event).repair_pending
    # the worker runs it; when it ends, the owed repair follows, repairs and publishes
    tasks.run_schedule(busy.pk)
    repair = ScheduleRun.objects.filter(event=event, kind="repair").get()
    assert repair.status == "done" and repair.published_at is not None
    assert repair.base_run_id == first.pk
    assert not services.settings_for(event).repair_pending
    live = Meeting.objects.filter(run=repair, cancelled_at__isnull=True)
    assert requests[0].pk not in set(live.values_list("request_id", flat=True))
    assert live.count() == 2


def test_a_cancelled_queued_run_also_hands_over_the_repair(event, organiser, published):
    _first, requests = published
    with mock.patch.object(tasks, "enqueue_run"):
        busy = services.start_run(event, actor=organiser)
        services.cancel_request(requests[1])
        services.cancel_run(busy, actor=organiser)
    repair = ScheduleRun.objects.get(event=event, kind="repair")
    assert repair.status == "queued"  # its task was held back by the mock above
    assert not services.settings_for(event).repair_pending


def test_without_a_broker_a_repair_is_kept_short(settings):
    settings.MATCHMAKING_REPAIR_TIME_LIMIT = 60
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert runs.default_time_limit("repair") == runs.INLINE_REPAIR_CAP
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert runs.default_time_limit("repair") == 60
