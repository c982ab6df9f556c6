"""The demo seminar's programme, added by ``liaison demo`` after the seminar's record
(see ``liaison.events.demo``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from liaison.events.demo import three

from . import services

CST = ZoneInfo("Asia/Shanghai")


def cst(hour: int, minute: int = 0) -> datetime:
    """A time on 15 July 2021 in China Standard Time (stored by Django as UTC)."""
    return datetime(2021, 7, 15, hour, minute, tzinfo=CST)


MAIN_HALL = three("Main hall", "主会场", "メイン会場")


def extend_demo(event, demo) -> None:
    """The programme the release describes; hours and rooms are the demo's own."""
    _agenda(event, list(event.areas.order_by("position")), demo.principals, demo.delegates)


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
            "session",
            three(
                f"Thematic session: {name['en']}",
                f"专题交流：{name['zh-hans']}",
                f"分科会：{name['ja']}",
            ),
            three(f"Room {letter}", f"{letter}分会场", f"分科会場{letter}"),
            [role.person for role in openers],
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
    )
