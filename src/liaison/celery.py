"""The Celery application. With ``CELERY_BROKER_URL`` unset, tasks run inline in the calling
process (``task_always_eager``), so the embedded default needs nothing running; with a
broker, `liaison worker` runs them (and beat runs the periodic ones)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")

app = Celery("liaison")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
