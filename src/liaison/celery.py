"""Celery on Redis when CELERY_BROKER_URL is set; without a broker tasks run inline."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
app = Celery("liaison")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
