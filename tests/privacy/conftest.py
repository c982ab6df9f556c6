import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache

from liaison.attendance import services as attendance
from liaison.matchmaking import services as matchmaking
from liaison.matchmaking.models import Meeting, MeetingSlot, Table
from tests.security.scene import build_scene


@pytest.fixture
def scene(db):
    """The matrix's scene, plus what erasure must handle: a check-in, a profile with a pitch
    and phone, an opportunity, a message, a meeting in a run, next steps of an outcome."""
    cache.clear()
    scene = build_scene()
    mine = scene["registration"]
    attendance.check_in(
        scene.event, mine.badge_code, client_id=uuid.uuid4(), by=scene.users["staff"]
    )
    matchmaking.save_profile(
        mine,
        pitch={"en": "Sensors for care homes, by Taro1 Yamada"},
        phone="+81 90 1234 5678",
        languages=["ja", "en"],
        actor=scene.users["delegate"],
    )
    matchmaking.add_opportunity(
        mine,
        direction="offer",
        kind="technology",
        area=scene.event.areas.first(),
        title={"en": "Fall detection"},
        description={"en": "Write to matrix1@example.org"},
        actor=scene.users["delegate"],
    )
    slot = MeetingSlot.objects.create(
        event=scene.event,
        starts_at=scene.event.starts_at,
        ends_at=scene.event.starts_at + timedelta(minutes=20),
    )
    table = Table.objects.create(event=scene.event, number=1)
    Meeting.objects.create(
        run=scene["run"], event=scene.event, request=scene["request"], slot=slot, table=table
    )
    return scene
