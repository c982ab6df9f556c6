"""Background tasks: scheduled publication. Inline without a broker (settings); with Celery
beat, ``publish_due`` runs every minute."""

from __future__ import annotations

from celery import shared_task

from liaison.celery import app

from . import services


@shared_task(name="newsroom.publish_due")
def publish_due() -> list[tuple[str, str]]:
    return services.publish_due()


@app.on_after_finalize.connect
def _every_minute(sender, **kwargs) -> None:
    sender.add_periodic_task(60.0, publish_due.s(), name="newsroom: publish releases due")
