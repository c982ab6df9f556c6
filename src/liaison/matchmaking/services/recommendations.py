"""Precomputed recommendations: one pass over the event, stored per delegate."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from liaison.core.audit import record
from liaison.events.models import Event

from .. import selectors
from ..models import MatchmakingSettings, Recommendation
from ..recommender import recommend
from .profiles import settings_for

# A queued refresh that never started (its worker lost) stops holding others back after:
QUEUED_FOR = 300  # seconds


def _queued_key(event_id: int) -> str:
    return f"matchmaking:recommendations-queued:{event_id}"


def queue_refresh(event: Event) -> bool:
    """Queue a refresh for a worker unless one is queued already and has not started (a
    refresh of 2,000 delegates takes seconds: a task per page view meanwhile would pile
    up). Returns whether one was queued. The mark lives in the cache: with the cache
    unreachable every call queues one. Raises what the broker raises."""
    from .. import tasks

    key = _queued_key(event.pk)
    if cache.get(key):
        return False
    cache.set(key, True, timeout=QUEUED_FOR)
    try:
        tasks.refresh_recommendations.delay(event.pk)
    except Exception:
        cache.delete(key)
        raise
    return True


def refresh_recommendations(event: Event, *, top: int = 10, actor=None) -> int:
    """Recompute every approved delegate's counterparts; returns how many were stored."""
    cache.delete(_queued_key(event.pk))  # a change from now on queues the next refresh
    started = timezone.now()
    delegates = selectors.recommender_input(event)
    may_meet = selectors.may_meet_rule(event)
    ranked = recommend(delegates, top=top, may_meet=may_meet)
    rows = [
        Recommendation(
            registration_id=reader,
            counterpart_id=m.counterpart,
            event=event,
            rank=rank,
            score=m.score,
            reason_code=m.code,
            reason_params=m.params,
        )
        for reader, matches in ranked.items()
        for rank, m in enumerate(matches, start=1)
    ]
    with transaction.atomic():
        MatchmakingSettings.objects.filter(pk=settings_for(event).pk).update(
            recommendations_at=started
        )
        Recommendation.objects.filter(event=event).delete()
        Recommendation.objects.bulk_create(rows, batch_size=2000)
        record(
            "matchmaking.recommendations",
            None,
            actor=actor,
            event=event,
            summary=f"{len(rows)} recommendations for {len(ranked)} delegates",
        )
    return len(rows)
