"""The online channel of an event or of one parallel session: an https stream (HLS or any
player page) or a room on the configured self-hosted Jitsi Meet server."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Channel:
    kind: str  # "stream" or "jitsi"
    url: str

    @property
    def is_hls(self) -> bool:
        return self.kind == "stream" and self.url.split("?")[0].endswith(".m3u8")


def _jitsi(room: str) -> Channel | None:
    base = settings.JITSI_BASE_URL
    if not base or not room:
        return None
    return Channel("jitsi", base.rstrip("/") + "/" + room)


def channel_for(stage, item=None) -> Channel | None:
    """The item's own channel when it has one (a parallel session), else the event's."""
    if item is not None and item.stream_url:
        return Channel("stream", item.stream_url)
    if item is not None and item.jitsi_room and _jitsi(item.jitsi_room):
        return _jitsi(item.jitsi_room)
    if stage is None:
        return None
    if stage.stream_url:
        return Channel("stream", stage.stream_url)
    return _jitsi(stage.jitsi_room)
