"""The demo seminar's programme, added by ``liaison demo`` after the seminar's record
(see ``liaison.events.demo``); what it is lies in ``demo.toml`` beside this module."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from string import ascii_uppercase

from django.core.files import File

from liaison.events.demo import local_time, read_data

from . import services


def extend_demo(event, demo) -> None:
    """The programme the release describes; hours and rooms are the demo's own. The two
    video messages get generated placeholder videos (no real footage) with subtitles."""
    data = read_data(__package__)
    areas = list(event.areas.order_by("position"))
    for item in data["items"]:
        if item.get("per_area"):
            _sessions(event, data, item, areas, demo.delegates)
            continue
        _create(
            event,
            data,
            item,
            title=item["title"],
            room=item.get("room", data["main_hall"]),
            people=[demo.principals[key] for key in item.get("people", [])],
            position=item["position"],
            description=item.get("description", ""),
        )
    services.stage_of(event)
    for item in event.agenda_items.filter(kind="video_message").order_by("starts_at"):
        _placeholder_video(item, data["placeholder_video"])


def _create(event, data: dict, item: dict, **fields) -> None:
    services.create_item(
        event,
        starts_at=local_time(event, item["starts"]),
        ends_at=local_time(event, item["ends"]),
        kind=item["kind"],
        online=True,
        languages=item.get("languages", data["languages"]),
        interpretation=item.get("interpretation", data["interpretation"]),
        **fields,
    )


def _sessions(event, data: dict, item: dict, areas, delegates) -> None:
    """Parallel sessions, one per area, each opened by delegates of both sides."""
    opened: set = set()
    for letter, area in zip(ascii_uppercase, areas):
        # The sessions run in parallel: nobody opens two of them.
        in_area = [role for role, chosen in delegates if area in chosen and role not in opened]
        openers = []
        for code in ("jp", "cn"):
            openers += [r for r in in_area if r.delegation.code == code][: item["openers"]]
        opened.update(openers)
        name = area.name.data
        _create(
            event,
            data,
            item,
            title={lang: text.format(area=name[lang]) for lang, text in item["title"].items()},
            room={lang: text.format(letter=letter) for lang, text in item["room"].items()},
            people=[(r.person, "speaker" if i else "moderator") for i, r in enumerate(openers)],
            position=item["position"] + area.position,
            area=area,
        )


# --- placeholder videos -------------------------------------------------------------------


def _webvtt(lines: list[str], seconds: int) -> bytes:
    half = seconds // 2
    cues = [
        f"00:00.000 --> 00:0{half}.000\n{lines[0]}",
        f"00:0{half}.000 --> 00:0{seconds}.000\n{lines[1]}",
    ]
    return ("WEBVTT\n\n" + "\n\n".join(cues) + "\n").encode("utf-8")


def _placeholder_video(item, spec: dict) -> None:
    """A colour card reading PLACEHOLDER with a running clock and a tone, made by ffmpeg
    (VP8 + Opus in WebM), uploaded through the same checks as any video, with subtitles in
    the three languages. Skipped when ffmpeg is missing (the demo still loads)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return
    seconds = spec["seconds"]
    colour = "0x23395d" if item.position % 2 else "0x5d2339"
    text = (
        "drawtext=text='PLACEHOLDER':fontcolor=white:fontsize=56:x=(w-text_w)/2:y=(h-text_h)/2-30"
    )
    clock = "drawtext=text='%{pts\\:hms}':fontcolor=white:fontsize=28:x=(w-text_w)/2:y=h/2+40"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "placeholder.webm"
        subprocess.run(
            [
                ffmpeg, "-v", "error", "-y",
                "-f", "lavfi", "-i", f"color=c={colour}:s=640x360:d={seconds}:r=25",
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                "-vf", f"{text},{clock}",
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k",
                "-c:a", "libopus", "-b:a", "32k", "-shortest", str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )  # fmt: skip
        with path.open("rb") as handle:
            video = services.upload_video(item, File(handle, name="placeholder.webm"))
    for language, lines in spec["subtitles"].items():
        services.add_subtitles(video, language, _webvtt(lines, seconds))
