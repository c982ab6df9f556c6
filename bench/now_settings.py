"""Liaison's production settings with one bench-only route (bench/now_on_stage.py).

Everything is ``liaison.settings`` (middleware, cache, database, logging); only the root
URLconf differs: ``bench.now_urls`` = ``liaison.urls`` plus ``/bench/constant/``. The route
never ships: production runs with ``DJANGO_SETTINGS_MODULE=liaison.settings``.
"""

from liaison.settings import *  # noqa: F403

ROOT_URLCONF = "bench.now_urls"
