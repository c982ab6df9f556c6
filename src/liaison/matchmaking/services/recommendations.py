"""Precomputed recommendations: one pass over the event, stored per delegate."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from liaison.core.audit import record
from liaison.events.models import Event

from .. import selectors
from ..models import MatchmakingSettings, Recommendation
from ..recommender import recommend
from .profiles import settings_for


def refresh_recommendations(event: Event, *, top: int = 10, actor=None) -> int:
    """Recompute every approved delegate's counterparts; returns how many were stored."""
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
