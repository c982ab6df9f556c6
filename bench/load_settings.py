"""Liaison's production settings with one bench-only route (bench/load.py).

Everything is ``liaison.settings``; only the root URLconf differs: ``bench.load_urls`` =
``liaison.urls`` plus ``/bench/constant/``. Production runs ``liaison.settings``: the route
never ships.
"""

from liaison.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
