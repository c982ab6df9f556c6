"""Checks of uploaded media by content: videos with ffprobe (Debian's ffmpeg), subtitles as
WebVTT. A file's name and the type its sender claims are never trusted."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VIDEO_CODECS = {"mp4": {"h264", "hevc", "av1", "mpeg4"}, "webm": {"vp8", "vp9", "av1"}}
AUDIO_CODECS = {"mp4": {"aac", "mp3", "opus"}, "webm": {"opus", "vorbis"}}
PROBE_SECONDS = 30


class TooLarge(ValidationError):
    """The file is over the size limit (the API answers 413)."""


@dataclass(frozen=True)
class VideoFacts:
    container: str
    video_codec: str
    audio_codec: str
    duration: float
    width: int
    height: int


def size_limit() -> int:
    return int(settings.VIDEO_MAX_BYTES)


def check_size(size: int) -> None:
    if size > size_limit():
        raise TooLarge(
            {
                "file": _("The video is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": f"{size / 1024**2:,.0f}", "limit": f"{size_limit() / 1024**2:,.0f}"}
            }
        )


def _container(format_name: str) -> str | None:
    # ffprobe names WebM "matroska,webm"; the codec check below keeps to WebM's codecs.
    names = set(format_name.split(","))
    if "webm" in names or "matroska" in names:
        return "webm"
    if "mp4" in names or "mov" in names:
        return "mp4"
    return None


def probe_video(path: str | Path) -> VideoFacts:
    """What ffprobe reads in the file; ``ValidationError`` naming the problem otherwise."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise ValidationError({"file": _("Videos cannot be checked: ffprobe is not installed.")})
    try:
        done = subprocess.run(
            [
                ffprobe,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                str(path),
            ],
            capture_output=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ValidationError({"file": _("The video could not be read in time.")}) from None
    not_video = ValidationError({"file": _("This file is not an MP4 or WebM video.")})
    if done.returncode != 0:
        raise not_video
    try:
        info = json.loads(done.stdout or b"{}")
    except ValueError:
        raise not_video from None
    fmt = info.get("format") or {}
    streams = info.get("streams") or []
    container = _container(fmt.get("format_name", ""))
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and (s.get("disposition") or {}).get("attached_pic") != 1
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if container is None or not videos:
        raise not_video
    video_codec = videos[0].get("codec_name", "")
    audio_codec = audios[0].get("codec_name", "") if audios else ""
    if video_codec not in VIDEO_CODECS[container]:
        raise ValidationError(
            {
                "file": _("The %(container)s video uses the %(codec)s codec; use one of %(known)s.")
                % {
                    "container": container.upper(),
                    "codec": video_codec or "?",
                    "known": ", ".join(sorted(VIDEO_CODECS[container])),
                }
            }
        )
    if audio_codec and audio_codec not in AUDIO_CODECS[container]:
        raise ValidationError(
            {
                "file": _("The sound uses the %(codec)s codec; use one of %(known)s.")
                % {"codec": audio_codec, "known": ", ".join(sorted(AUDIO_CODECS[container]))}
            }
        )
    try:
        duration = float(fmt.get("duration") or videos[0].get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise ValidationError({"file": _("The video has no duration: it may be damaged.")})
    if duration > settings.VIDEO_MAX_SECONDS:
        raise ValidationError(
            {
                "file": _("The video lasts %(minutes)s minutes; the limit is %(limit)s.")
                % {
                    "minutes": f"{duration / 60:.0f}",
                    "limit": f"{settings.VIDEO_MAX_SECONDS / 60:.0f}",
                }
            }
        )
    return VideoFacts(
        container=container,
        video_codec=video_codec,
        audio_codec=audio_codec,
        duration=duration,
        width=int(videos[0].get("width") or 0),
        height=int(videos[0].get("height") or 0),
    )


def probe_upload(upload) -> VideoFacts:
    """Probe an uploaded file (on disk or in memory) by its content."""
    check_size(upload.size)
    path = getattr(upload, "temporary_file_path", None)
    if path is not None:
        return probe_video(path())
    with tempfile.NamedTemporaryFile(suffix=".upload") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        upload.seek(0)
        return probe_video(tmp.name)


_STAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_TIMING = re.compile(rf"^{_STAMP}[ \t]+-->[ \t]+{_STAMP}(?:[ \t].*)?$")
SUBTITLE_MAX_BYTES = 2 * 1024**2


def check_webvtt(data: bytes) -> str:
    """The text of a valid WebVTT file, or ``ValidationError`` saying what is wrong."""
    if len(data) > SUBTITLE_MAX_BYTES:
        raise ValidationError({"file": _("The subtitle file is larger than 2 MB.")})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The subtitle file is not UTF-8 text.")}) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(
            {"file": _('This is not a WebVTT file: it must begin with the line "WEBVTT".')}
        )
    timings = [line for line in lines if "-->" in line]
    if not timings:
        raise ValidationError({"file": _("The WebVTT file holds no cue.")})
    for number, line in enumerate(lines, start=1):
        if "-->" in line and not _TIMING.match(line.strip()):
            raise ValidationError(
                {
                    "file": _("Line %(line)s of the WebVTT file is not a valid cue timing.")
                    % {"line": number}
                }
            )
    return text
