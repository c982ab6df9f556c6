"""A small public seminar with a programme, its team, and generated media files."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from liaison.core.services import create_token
from liaison.events.services import add_team_member
from tests.e2e.conftest import browser  # noqa: F401 - the shared chromium fixture
from tests.factories import (
    AgendaItemFactory,
    DelegationFactory,
    EventFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
    three,
)

T0 = datetime(2021, 7, 15, 6, 0, tzinfo=UTC)  # 14:00 China Standard Time


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event(db):
    return EventFactory(slug="hybrid-2021", starts_at=T0, ends_at=T0 + timedelta(hours=4))


@pytest.fixture
def speaker(event):
    person = PersonFactory(
        family_name="井田", given_name="健", family_name_latin="Ida", given_name_latin="Ken"
    )
    side = DelegationFactory(event=event, code="jp", name=three("Japan", "日本", "日本"))
    RoleFactory(event=event, person=person, kind="chair", delegation=side)
    return person


@pytest.fixture
def items(event, speaker):
    opening = AgendaItemFactory(
        event=event,
        kind="opening",
        starts_at=T0,
        ends_at=T0 + timedelta(minutes=10),
        title=three("Opening", "开幕", "開会"),
        people=[speaker],
    )
    message = AgendaItemFactory(
        event=event,
        kind="video_message",
        starts_at=T0 + timedelta(minutes=10),
        ends_at=T0 + timedelta(minutes=20),
        title=three("Video message", "视频致辞", "ビデオメッセージ"),
    )
    session = AgendaItemFactory(
        event=event,
        kind="thematic_session",
        starts_at=T0 + timedelta(minutes=20),
        ends_at=T0 + timedelta(minutes=80),
        title=three("Digital economy", "数字经济", "デジタル経済"),
        room=three("Room A", "A分会场", "分科会場A"),
    )
    parallel = AgendaItemFactory(
        event=event,
        kind="thematic_session",
        starts_at=T0 + timedelta(minutes=20),
        ends_at=T0 + timedelta(minutes=80),
        title=three("Elderly care", "养老服务", "高齢者介護"),
        room=three("Room B", "B分会场", "分科会場B"),
        position=1,
    )
    closing = AgendaItemFactory(
        event=event,
        kind="closing",
        starts_at=T0 + timedelta(minutes=80),
        ends_at=T0 + timedelta(minutes=90),
        title=three("Closing", "闭幕", "閉会"),
    )
    return [opening, message, session, parallel, closing]


def _member(event, username, role):
    user = UserFactory(username=username)
    add_team_member(event, user, role)
    return user


@pytest.fixture
def organiser(event):
    return _member(event, "organiser", "organiser")


@pytest.fixture
def chair(event):
    return _member(event, "chair", "chair")


@pytest.fixture
def editor(event):
    return _member(event, "editor", "editor")


def api_as(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user).key}")
    return client


def make_video(path: Path, container: str = "webm", seconds: int = 3) -> Path:
    """A tiny real video made by ffmpeg (a colour card and a tone)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    codecs = (
        ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"]
        if container == "webm"
        else ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    )
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"color=c=blue:s=320x180:d={seconds}:r=25",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         *codecs, "-g", "25", "-shortest", str(path)],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path


@pytest.fixture(scope="session")
def webm_bytes(tmp_path_factory) -> bytes:
    return make_video(tmp_path_factory.mktemp("video") / "sample.webm").read_bytes()


@pytest.fixture(scope="session")
def mp4_bytes(tmp_path_factory) -> bytes:
    return make_video(tmp_path_factory.mktemp("video") / "sample.mp4", "mp4").read_bytes()


VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"
