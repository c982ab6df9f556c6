"""The demo seminar's programme, added by ``liaison demo`` after the seminar's record
(see ``liaison.events.demo``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files import File

from liaison.events.demo import three

from . import services

CST = ZoneInfo("Asia/Shanghai")


def cst(hour: int, minute: int = 0) -> datetime:
    """A time on 15 July 2021 in China Standard Time (stored by Django as UTC)."""
    return datetime(2021, 7, 15, hour, minute, tzinfo=CST)


MAIN_HALL = three("Main hall", "主会场", "メイン会場")


BOTH = ["zh-hans", "ja"]


def extend_demo(event, demo) -> None:
    """The programme the release describes; hours and rooms are the demo's own. The two
    video messages get generated placeholder videos (no real footage) with subtitles."""
    _agenda(event, list(event.areas.order_by("position")), demo.principals, demo.delegates)
    services.stage_of(event)
    for item in event.agenda_items.filter(kind="video_message").order_by("starts_at"):
        _placeholder_video(item)


def _agenda(event, areas, principals, delegates) -> None:
    """The programme the release describes; hours and rooms are the demo's own."""
    chairs = [principals["ndrc_representative"], principals["ida"]]
    items = [
        (cst(14, 0), cst(14, 5), "opening", three("Opening", "开幕", "開会"), chairs),
        (
            cst(14, 5),
            cst(14, 15),
            "presiding",
            three(
                "Presiding remarks by the representatives of both sides",
                "中日双方代表主持致辞",
                "日中双方代表による司会挨拶",
            ),
            chairs,
        ),
        (
            cst(14, 15),
            cst(14, 25),
            "video_message",
            three(
                "Video message from the Vice-Chairman of the National Development and Reform "
                "Commission",
                "国家发展和改革委员会副主任视频致辞",
                "国家発展改革委員会副主任によるビデオメッセージ",
            ),
            [principals["ning"]],
            three(
                "China and Japan have been deepening practical cooperation in economic and "
                "social areas. The message sees great potential in the digital economy and "
                "elderly care, and hopes that Hitachi and Chinese partners will cooperate more "
                "deeply to help the high-quality development of the Chengdu-Chongqing region.",
                "中日两国在经济社会领域的务实合作不断深化。致辞指出，两国在数字经济和养老服务领域合作潜力巨大，"
                "希望日立与中方在数字经济、健康养老、地方发展合作等领域开展更深入的务实合作，"
                "助力成渝地区高质量发展。",
                "日中両国は経済・社会分野での実務協力を深めてきました。メッセージは、デジタル経済と"
                "高齢者介護の分野に大きな協力の可能性があるとし、日立と中国側がより踏み込んだ実務協力を"
                "進め、成渝地域の質の高い発展に貢献することへの期待を述べました。",
            ),
        ),
        (
            cst(14, 25),
            cst(14, 35),
            "video_message",
            three(
                "Video message from the Executive Chairman of Hitachi, Ltd.",
                "日立制作所执行役会长视频致辞",
                "日立製作所執行役会長によるビデオメッセージ",
            ),
            [principals["higashihara"]],
        ),
        (
            cst(14, 35),
            cst(14, 45),
            "speech",
            three(
                "Speech by the Vice Mayor of Chengdu", "成都市副市长致辞", "成都市副市長による挨拶"
            ),
            [principals["liu"]],
        ),
        (
            cst(14, 45),
            cst(14, 55),
            "speech",
            three(
                "Speech by the Consul General of Japan in Chongqing",
                "日本国驻重庆总领事致辞",
                "在重慶日本国総領事による挨拶",
            ),
            [principals["watanabe"]],
        ),
    ]
    position = 0
    for starts, ends, kind, title, people, *description in items:
        position += 1
        _agenda_item(
            event, starts, ends, kind, title, MAIN_HALL, people, position, *description[:1]
        )
    _agenda_item(
        event,
        cst(14, 55),
        cst(15, 0),
        "break",
        three("Move to the thematic sessions", "前往各专题分会场", "分科会場へ移動"),
        MAIN_HALL,
        [],
        position + 1,
    )
    # Parallel sessions, one room per area; two delegates of each side open each one.
    opened: set = set()
    for letter, area in zip("ABCDEFG", areas, strict=True):
        name = area.name.data
        # The sessions run in parallel: nobody opens two of them.
        in_area = [role for role, chosen in delegates if area in chosen and role not in opened]
        openers = [r for r in in_area if r.delegation.code == "jp"][:2] + [
            r for r in in_area if r.delegation.code == "cn"
        ][:2]
        opened.update(openers)
        _agenda_item(
            event,
            cst(15, 0),
            cst(16, 0),
            "thematic_session",
            three(
                f"Thematic session: {name['en']}",
                f"专题交流：{name['zh-hans']}",
                f"分科会：{name['ja']}",
            ),
            three(f"Room {letter}", f"{letter}分会场", f"分科会場{letter}"),
            [(role.person, "moderator" if i == 0 else "speaker") for i, role in enumerate(openers)],
            position + 1 + area.position,
            area=area,
        )
    _agenda_item(
        event,
        cst(16, 0),
        cst(16, 15),
        "break",
        three("Break", "茶歇", "休憩"),
        MAIN_HALL,
        [],
        20,
    )
    _agenda_item(
        event,
        cst(16, 15),
        cst(17, 15),
        "matchmaking",
        three(
            "Matchmaking between the delegates of the two sides",
            "中日双方代表对接洽谈",
            "日中双方代表による商談会",
        ),
        three("Matchmaking area", "对接洽谈区", "商談エリア"),
        [],
        21,
    )
    _agenda_item(
        event, cst(17, 15), cst(17, 30), "closing", three("Closing", "闭幕", "閉会"), MAIN_HALL,
        chairs, 22,
    )  # fmt: skip


def _agenda_item(
    event, starts, ends, kind, title, room, people, position, description="", area=None
) -> None:
    services.create_item(
        event,
        people=people,
        description=description,
        starts_at=starts,
        ends_at=ends,
        kind=kind,
        title=title,
        room=room,
        area=area,
        position=position,
        online=True,
        # Chinese and Japanese are spoken; interpretation between them (and into English
        # on the online channel) is offered except in breaks and at the matchmaking tables.
        languages=BOTH if kind != "break" else [],
        interpretation=kind not in ("break", "matchmaking"),
    )


# --- placeholder videos -------------------------------------------------------------------

PLACEHOLDER_SECONDS = 8
SUBTITLES = {
    "en": ["[Placeholder video: no real footage]", "The recorded message is played here."],
    "zh-hans": ["【占位视频：并非真实影像】", "录制的致辞在此播放。"],
    "ja": [
        "【プレースホルダー動画：実際の映像ではありません】",
        "録画メッセージはここで再生されます。",
    ],
}


def _webvtt(lines: list[str]) -> bytes:
    half = PLACEHOLDER_SECONDS // 2
    cues = [
        f"00:00.000 --> 00:0{half}.000\n{lines[0]}",
        f"00:0{half}.000 --> 00:0{PLACEHOLDER_SECONDS}.000\n{lines[1]}",
    ]
    return ("WEBVTT\n\n" + "\n\n".join(cues) + "\n").encode("utf-8")


def _placeholder_video(item) -> None:
    """A colour card reading PLACEHOLDER with a running clock and a tone, made by ffmpeg
    (VP8 + Opus in WebM), uploaded through the same checks as any video, with subtitles in
    the three languages. Skipped when ffmpeg is missing (the demo still loads)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return
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
                "-f", "lavfi", "-i", f"color=c={colour}:s=640x360:d={PLACEHOLDER_SECONDS}:r=25",
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={PLACEHOLDER_SECONDS}",
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
    for language, lines in SUBTITLES.items():
        services.add_subtitles(video, language, _webvtt(lines))
