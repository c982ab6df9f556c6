"""A small seminar shaped like the Chengdu one, built with the model factories, for the
public site, console and browser tests."""

from __future__ import annotations

from datetime import UTC, datetime

from liaison.events import services
from liaison.events.models import Event, Organisation
from tests.factories import (
    AgendaItemFactory,
    CooperationAreaFactory,
    DelegationFactory,
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    RoleFactory,
    three,
)

AREAS = [
    ("Digital economy", "数字经济", "デジタル経済"),
    ("Medical health", "医疗健康", "医療・健康"),
    ("Elderly care", "养老服务", "高齢者介護"),
    (
        "Technological innovation for quality of life",
        "提升生活品质的科技创新",
        "生活の質を高める技術革新",
    ),
    ("Intelligent transportation", "智能交通", "スマート交通"),
    ("Digital health care", "数字医疗", "デジタルヘルスケア"),
    (
        "Green energy for carbon neutrality",
        "助力碳中和的绿色能源",
        "カーボンニュートラルに向けたグリーンエネルギー",
    ),
]


def at(hour: int, minute: int = 0) -> datetime:
    """15 July 2021, local time in Chengdu (UTC+8), as UTC."""
    return datetime(2021, 7, 15, hour - 8, minute, tzinfo=UTC)


def organisation(slug: str, name: dict, country: str, kind: str = "company") -> Organisation:
    return OrganisationFactory(
        slug=slug, name=name, kind=kind, country=country, city=three("Chengdu", "成都", "成都")
    )


def build_seminar(slug: str = "chengdu-2021", status: str = "held", delegates: int = 6) -> Event:
    """Hosts, supporter, seven areas, two sides with delegates (who have e-mail addresses),
    and a programme with video messages, presiding, speeches and parallel sessions."""
    event = EventFactory(
        slug=slug,
        title=three(
            "Economic and Technological Cooperation Seminar",
            "经济技术合作交流会",
            "経済技術協力セミナー",
        ),
        theme=three(
            "Helping the high-quality development of the Chengdu-Chongqing region",
            "助力成渝地区高质量发展",
            "成渝地域の質の高い発展に向けて",
        ),
        description={"en": "Held online and offline in Chengdu."},
        timezone="Asia/Shanghai",
        starts_at=at(14),
        ends_at=at(17, 30),
        city=three("Chengdu", "成都", "成都"),
        venue=three("Chengdu conference centre", "成都会议中心", "成都会議センター"),
        online_channel=three("Video link", "视频连线", "オンライン中継"),
        status=status,
        default_language="en",
    )
    hitachi = organisation(
        f"{slug}-hitachi", three("Hitachi, Ltd.", "株式会社日立制作所", "株式会社日立製作所"), "JP"
    )
    hitachi_china = organisation(
        f"{slug}-hitachi-china",
        three("Hitachi (China) Ltd.", "日立（中国）有限公司", "日立（中国）有限公司"),
        "CN",
    )
    ndrc = organisation(
        f"{slug}-ndrc",
        three(
            "National Development and Reform Commission",
            "国家发展和改革委员会",
            "国家発展改革委員会",
        ),
        "CN",
        kind="government",
    )
    services.update_event(event, hosts=[hitachi, hitachi_china], supporters=[ndrc])
    japan = DelegationFactory(
        event=event, code="jp", name=three("Japanese side", "日方", "日本側"), country="JP"
    )
    china = DelegationFactory(
        event=event,
        code="cn",
        name=three("Chinese side", "中方", "中国側"),
        country="CN",
        position=1,
    )
    areas = [
        CooperationAreaFactory(event=event, slug=f"area-{i}", name=three(*names), position=i)
        for i, names in enumerate(AREAS)
    ]
    members = {
        japan: organisation(
            f"{slug}-jp-co", three("Sakura Systems", "樱花系统", "さくらシステムズ"), "JP"
        ),
        china: organisation(f"{slug}-cn-co", three("Shu Medical", "蜀医疗", "蜀メディカル"), "CN"),
    }
    for i in range(delegates):
        side = japan if i % 2 else china
        person = PersonFactory(
            family_name_latin=f"Delegatename{i}",
            given_name_latin="Private",
            email=f"delegate{i}.{slug}@example.org",
            organisation=members[side],
        )
        RoleFactory(event=event, person=person, kind="delegate", delegation=side)
    ning = PersonFactory(
        family_name="宁",
        given_name="吉喆",
        family_name_latin="Ning",
        given_name_latin="Jizhe",
        latin_order="family_first",
        honorific="H.E. Mr.",
        title=three("Vice-Chairman, NDRC", "国家发展改革委副主任", "国家発展改革委員会副主任"),
        organisation=ndrc,
        email=f"principal.{slug}@example.org",
    )
    RoleFactory(event=event, person=ning, kind="video_principal", delegation=china)
    message = AgendaItemFactory(
        event=event,
        starts_at=at(14),
        ends_at=at(14, 10),
        kind="video_message",
        title=three("Video message", "视频致辞", "ビデオメッセージ"),
    )
    message.people.set([ning])
    for i, area in enumerate(areas[3:]):
        AgendaItemFactory(
            event=event,
            starts_at=at(15),
            ends_at=at(16, 30),
            kind="thematic_session",
            title=area.name,
            area=area,
            position=i,
        )
    return event
