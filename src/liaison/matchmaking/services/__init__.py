"""Matchmaking's one write path (every write of matchmaking data goes through here).

profiles: settings, profiles, opportunities; recommendations: the precomputed
counterparts; requests: meeting requests and must-meet pairs; runs: slots, tables, video
rooms, scheduling runs, publishing and repair; outcomes: what came of the meetings.
"""

from .outcomes import record_outcome
from .profiles import (
    add_opportunity,
    delete_opportunity,
    save_profile,
    settings_for,
    update_opportunity,
    update_settings,
)
from .recommendations import refresh_recommendations
from .requests import accept, add_must_meet, cancel_request, decline, request_meeting
from .runs import (
    cancel_run,
    generate_slots,
    publish_run,
    reap_stale_runs,
    set_tables,
    set_video_rooms,
    start_run,
)

__all__ = [
    "accept",
    "add_must_meet",
    "add_opportunity",
    "cancel_request",
    "cancel_run",
    "decline",
    "delete_opportunity",
    "generate_slots",
    "publish_run",
    "reap_stale_runs",
    "record_outcome",
    "refresh_recommendations",
    "request_meeting",
    "save_profile",
    "set_tables",
    "set_video_rooms",
    "settings_for",
    "start_run",
    "update_opportunity",
    "update_settings",
]
