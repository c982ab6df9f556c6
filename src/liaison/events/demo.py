"""The demo seminar: the economic and technological cooperation seminar hosted by Hitachi
with the support of the National Development and Reform Commission, held online and in
Chengdu on 15 July 2021 (see the news release in shared/seed), plus 200 synthetic delegates.

The named people, organisations and areas are those of the release. Everything else (the
delegates, their organisations, e-mail addresses, the hours and rooms) is invented for the
demo; the invented organisations use example.jp / example.org and resemble no real body.
"""

from __future__ import annotations

import os
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from liaison.core.audit import record
from liaison.core.services import create_user

from . import services
from .models import Event, Organisation, Person, Role

SLUG = "chengdu-2021"
CST = ZoneInfo("Asia/Shanghai")
ORGANISER_USERNAME = "organiser"
CONSOLE_URL = "http://127.0.0.1:8000/console/"
LOGIN_FILE_NAME = "demo-login.txt"


@dataclass
class DemoContext:
    """What the seminar's record gives the apps that extend the demo."""

    rng: random.Random
    principals: dict[str, Person]
    delegates: list[tuple[Role, list]]


@dataclass(frozen=True)
class DemoResult:
    loaded: bool
    message: str
    event: Event | None = None
    username: str = ""
    password: str = field(default="", repr=False)
    login_file: Path | None = None


def three(en: str, zh: str, ja: str) -> dict:
    return {"en": en, "zh-hans": zh, "ja": ja}


def cst(hour: int, minute: int = 0) -> datetime:
    """A time on 15 July 2021 in China Standard Time (stored by Django as UTC)."""
    return datetime(2021, 7, 15, hour, minute, tzinfo=CST)


def login_file() -> Path:
    return Path(settings.VAR_DIR) / LOGIN_FILE_NAME


# --- The seminar as the release describes it ----------------------------------------------

AREAS = [
    ("digital-economy", three("Digital economy", "数字经济", "デジタル経済")),
    ("medical-health", three("Medical health", "医疗健康", "医療・健康")),
    ("elderly-care", three("Elderly care", "养老服务", "高齢者介護")),
    (
        "quality-of-life",
        three(
            "Technological innovation for the improvement of people’s quality of life",
            "提升民众生活品质的科技创新",
            "人々の生活の質を高める技術革新",
        ),
    ),
    (
        "intelligent-transportation",
        three(
            "Intelligent transportation for convenient travel",
            "便捷出行的智慧交通",
            "快適な移動を支えるスマート交通",
        ),
    ),
    ("digital-health-care", three("Digital health care", "数字医疗健康", "デジタルヘルスケア")),
    (
        "green-energy",
        three(
            "Green energy for carbon neutrality",
            "助力碳中和的绿色能源",
            "カーボンニュートラルに向けたグリーンエネルギー",
        ),
    ),
]

CITIES = {
    "beijing": three("Beijing", "北京", "北京"),
    "chengdu": three("Chengdu", "成都", "成都"),
    "chongqing": three("Chongqing", "重庆", "重慶"),
    "mianyang": three("Mianyang", "绵阳", "綿陽"),
    "deyang": three("Deyang", "德阳", "徳陽"),
    "yibin": three("Yibin", "宜宾", "宜賓"),
    "leshan": three("Leshan", "乐山", "楽山"),
    "tokyo": three("Tokyo", "东京", "東京"),
    "osaka": three("Osaka", "大阪", "大阪"),
    "nagoya": three("Nagoya", "名古屋", "名古屋"),
    "yokohama": three("Yokohama", "横滨", "横浜"),
    "kyoto": three("Kyoto", "京都", "京都"),
    "fukuoka": three("Fukuoka", "福冈", "福岡"),
    "kobe": three("Kobe", "神户", "神戸"),
    "sapporo": three("Sapporo", "札幌", "札幌"),
}

# slug, name, kind, country, city: the organisations the release names, and no others.
NAMED_ORGANISATIONS = [
    ("hitachi", three("Hitachi, Ltd.", "日立制作所", "日立製作所"), "company", "JP", "tokyo"),
    (
        "hitachi-china",
        three("Hitachi China", "日立（中国）", "日立（中国）"),
        "company",
        "CN",
        "beijing",
    ),
    (
        "ndrc",
        three(
            "National Development and Reform Commission",
            "国家发展和改革委员会",
            "国家発展改革委員会",
        ),
        "government",
        "CN",
        "beijing",
    ),
    (
        "ndrc-international-cooperation",
        three(
            "Department of International Cooperation, National Development and Reform Commission",
            "国家发展和改革委员会国际合作司",
            "国家発展改革委員会 国際協力司",
        ),
        "government",
        "CN",
        "beijing",
    ),
    (
        "chengdu-government",
        three("Chengdu Municipal People's Government", "成都市人民政府", "成都市人民政府"),
        "government",
        "CN",
        "chengdu",
    ),
    (
        "consulate-general-japan-chongqing",
        three(
            "Consulate-General of Japan in Chongqing",
            "日本国驻重庆总领事馆",
            "在重慶日本国総領事館",
        ),
        "government",
        "JP",
        "chongqing",
    ),
    ("sichuan", three("Sichuan Province", "四川省", "四川省"), "region", "CN", "chengdu"),
    ("chongqing", three("Chongqing Municipality", "重庆市", "重慶市"), "region", "CN", "chongqing"),
]

# Invented for the demo (stems that are nobody's brand); websites on example.jp/.org.
# slug, name, kind, city
JAPANESE_ORGANISATIONS = [
    (
        "amatsuri-medical",
        three("Amatsuri Medical Devices", "天祭医疗器械", "アマツリ医療機器"),
        "company",
        "tokyo",
    ),
    (
        "kohanera-mobility",
        three("Kohanera Mobility Systems", "古花良出行系统", "コハネラ・モビリティシステムズ"),
        "company",
        "nagoya",
    ),
    (
        "mizuhoshi-energy",
        three("Mizuhoshi Green Energy", "水星绿色能源", "ミズホシ・グリーンエナジー"),
        "company",
        "osaka",
    ),
    (
        "sorakumo-data",
        three("Sorakumo Data Works", "空云数据工房", "ソラクモ・データワークス"),
        "company",
        "tokyo",
    ),
    (
        "hinatsuki-care",
        three("Hinatsuki Care Services", "日夏月养老服务", "ヒナツキ・ケアサービス"),
        "company",
        "yokohama",
    ),
    (
        "tsumugiha-robotics",
        three("Tsumugiha Care Robotics", "纺叶护理机器人", "ツムギハ・ケアロボティクス"),
        "company",
        "kyoto",
    ),
    (
        "kazanami-rail",
        three("Kazanami Rail Technology", "风波轨道技术", "カザナミ鉄道技術"),
        "company",
        "kobe",
    ),
    (
        "asamoya-pharma",
        three("Asamoya Health Sciences", "朝靄健康科学", "アサモヤ・ヘルスサイエンス"),
        "company",
        "osaka",
    ),
    (
        "ikunohara-sensors",
        three("Ikunohara Sensor Labs", "生野原传感器研究所", "イクノハラ・センサーラボ"),
        "company",
        "fukuoka",
    ),
    (
        "yumeshizu-hydrogen",
        three("Yumeshizu Hydrogen Systems", "梦静氢能系统", "ユメシズ水素システムズ"),
        "company",
        "sapporo",
    ),
    (
        "kirasuzu-software",
        three("Kirasuzu Software Studio", "煌铃软件工作室", "キラスズ・ソフトウェアスタジオ"),
        "company",
        "tokyo",
    ),
    (
        "hoshimura-clinic-it",
        three("Hoshimura Clinical IT", "星村临床信息技术", "ホシムラ・クリニカルIT"),
        "company",
        "nagoya",
    ),
    (
        "nagisora-batteries",
        three("Nagisora Battery Works", "渚空电池工房", "ナギソラ蓄電池工業"),
        "company",
        "yokohama",
    ),
    (
        "tamaharu-living",
        three("Tamaharu Smart Living", "玉春智慧生活", "タマハル・スマートリビング"),
        "company",
        "kyoto",
    ),
    (
        "kansai-demo-elderly-care-association",
        three(
            "Kansai Association for Elderly Care Technology (demo)",
            "关西养老科技协会（演示）",
            "関西介護テクノロジー協会（デモ）",
        ),
        "association",
        "osaka",
    ),
    (
        "tokai-demo-institute-mobility",
        three(
            "Tokai Institute of Future Mobility (demo)",
            "东海未来出行研究所（演示）",
            "東海未来モビリティ研究所（デモ）",
        ),
        "university",
        "nagoya",
    ),
]

CHINESE_ORGANISATIONS = [
    (
        "jinlanxi-digital",
        three("Jinlanxi Digital Technology", "锦岚溪数字科技", "錦嵐渓デジタルテクノロジー"),
        "company",
        "chengdu",
    ),
    (
        "rongqiao-health",
        three("Rongqiao Health Management", "蓉桥健康管理", "蓉橋ヘルスマネジメント"),
        "company",
        "chengdu",
    ),
    (
        "yunshuhe-elderly",
        three("Yunshuhe Elderly Care Services", "云蜀禾养老服务", "雲蜀禾高齢者介護サービス"),
        "company",
        "chengdu",
    ),
    (
        "qingyaotai-mobility",
        three("Qingyaotai Smart Mobility", "青瑶台智慧出行", "青瑶台スマートモビリティ"),
        "company",
        "chengdu",
    ),
    (
        "xiluzhou-energy",
        three("Xiluzhou New Energy", "溪鹭洲新能源", "渓鷺洲新エネルギー"),
        "company",
        "yibin",
    ),
    (
        "minjiangyu-medical",
        three("Minjiangyu Medical Equipment", "岷江屿医疗设备", "岷江嶼医療機器"),
        "company",
        "deyang",
    ),
    (
        "fuyunling-electronics",
        three("Fuyunling Electronics", "浮云岭电子", "浮雲嶺エレクトロニクス"),
        "company",
        "mianyang",
    ),
    (
        "tianbuyao-data",
        three("Tianbuyao Data Services", "天步遥数据服务", "天歩遥データサービス"),
        "company",
        "chengdu",
    ),
    (
        "emeixuan-tourism-tech",
        three("Emeixuan Travel Technology", "峨眉轩出行科技", "峨眉軒トラベルテック"),
        "company",
        "leshan",
    ),
    (
        "shuzhiyuan-robotics",
        three("Shuzhiyuan Service Robotics", "蜀智源服务机器人", "蜀智源サービスロボティクス"),
        "company",
        "chengdu",
    ),
    (
        "jialingwan-logistics",
        three("Jialingwan Intelligent Logistics", "嘉陵湾智能物流", "嘉陵湾インテリジェント物流"),
        "company",
        "chongqing",
    ),
    (
        "yuxinqiao-auto",
        three("Yuxinqiao Connected Vehicles", "渝新桥智联汽车", "渝新橋コネクテッドカー"),
        "company",
        "chongqing",
    ),
    (
        "shanchengyun-health",
        three("Shanchengyun Digital Health", "山城云数字健康", "山城雲デジタルヘルス"),
        "company",
        "chongqing",
    ),
    (
        "langtianmen-energy",
        three("Langtianmen Clean Energy", "朗天门清洁能源", "朗天門クリーンエネルギー"),
        "company",
        "chongqing",
    ),
    (
        "nanshanlu-care",
        three("Nanshanlu Senior Living", "南山麓康养", "南山麓シニアリビング"),
        "company",
        "chongqing",
    ),
    (
        "baxiyun-software",
        three("Baxiyun Software", "巴溪云软件", "巴渓雲ソフトウェア"),
        "company",
        "chongqing",
    ),
    (
        "liangjiangxin-materials",
        three("Liangjiangxin Materials", "两江芯材料", "両江芯マテリアル"),
        "company",
        "chongqing",
    ),
    (
        "yuzhoutai-pharma",
        three("Yuzhoutai Pharmaceutical", "渝洲泰制药", "渝洲泰製薬"),
        "company",
        "chongqing",
    ),
    (
        "sichuan-demo-institute-digital-health",
        three(
            "Sichuan Demonstration Institute of Digital Health (demo)",
            "四川数字健康示范研究院（演示）",
            "四川デジタルヘルス実証研究院（デモ）",
        ),
        "university",
        "chengdu",
    ),
    (
        "chengdu-demo-college-smart-transport",
        three(
            "Chengdu College of Smart Transport (demo)",
            "成都智慧交通学院（演示）",
            "成都スマート交通学院（デモ）",
        ),
        "university",
        "chengdu",
    ),
    (
        "chongqing-demo-energy-lab",
        three(
            "Chongqing Carbon Neutrality Laboratory (demo)",
            "重庆碳中和实验室（演示）",
            "重慶カーボンニュートラル研究所（デモ）",
        ),
        "university",
        "chongqing",
    ),
    (
        "sichuan-demo-elderly-care-association",
        three(
            "Sichuan Elderly Care Industry Association (demo)",
            "四川养老产业协会（演示）",
            "四川高齢者介護産業協会（デモ）",
        ),
        "association",
        "chengdu",
    ),
    (
        "chongqing-demo-digital-economy-association",
        three(
            "Chongqing Digital Economy Association (demo)",
            "重庆数字经济协会（演示）",
            "重慶デジタル経済協会（デモ）",
        ),
        "association",
        "chongqing",
    ),
    (
        "mianyang-demo-innovation-park",
        three(
            "Mianyang Innovation Park Service Centre (demo)",
            "绵阳创新园服务中心（演示）",
            "綿陽イノベーションパーク・サービスセンター（デモ）",
        ),
        "association",
        "mianyang",
    ),
]

# --- Synthetic names: common family names with given names built from syllables -----------

JAPANESE_FAMILY_NAMES = [
    ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"),
    ("伊藤", "Ito"), ("山本", "Yamamoto"), ("中村", "Nakamura"), ("小林", "Kobayashi"),
    ("加藤", "Kato"), ("吉田", "Yoshida"), ("山田", "Yamada"), ("松本", "Matsumoto"),
    ("井上", "Inoue"), ("木村", "Kimura"), ("清水", "Shimizu"), ("山口", "Yamaguchi"),
]  # fmt: skip
# Given names in hiragana: plainly made up ("かなる", "みそり"), yet easy to read aloud.
JAPANESE_SYLLABLES = [
    ("か", "ka"), ("な", "na"), ("み", "mi"), ("る", "ru"), ("そ", "so"), ("り", "ri"),
    ("ほ", "ho"), ("せ", "se"), ("ゆ", "yu"), ("と", "to"), ("は", "ha"), ("の", "no"),
]  # fmt: skip

CHINESE_FAMILY_NAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"),
    ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"),
]  # fmt: skip
CHINESE_SYLLABLES = [
    ("溪", "xi"), ("岚", "lan"), ("禾", "he"), ("瑶", "yao"), ("澄", "cheng"), ("芷", "zhi"),
    ("翎", "ling"), ("墨", "mo"), ("棠", "tang"), ("屿", "yu"), ("桐", "tong"), ("璇", "xuan"),
]  # fmt: skip

JOB_TITLES = [
    three("Manager, International Business", "国际业务经理", "国際事業部 マネージャー"),
    three("Director, Research and Development", "研发总监", "研究開発部長"),
    three("Head of Partnerships", "合作发展负责人", "アライアンス担当責任者"),
    three("Senior Engineer", "高级工程师", "シニアエンジニア"),
    three("Project Lead", "项目负责人", "プロジェクトリーダー"),
    three("General Manager", "总经理", "ゼネラルマネージャー"),
]

DELEGATES_JP = 80
DELEGATES_CN = 120


def load_demo(seed: int = 2021, stdout: TextIO | None = None) -> DemoResult:
    """Load the demo seminar into an empty database; on a database that holds any event,
    change nothing and say so. The same seed gives the same seminar."""

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    with transaction.atomic():
        existing = Event.objects.count()
        if existing:
            message = (
                f"The database already holds {existing} event(s); the demo seminar was not loaded."
            )
            say(message)
            return DemoResult(loaded=False, message=message)
        rng = random.Random(seed)
        password = secrets.token_urlsafe(12)
        organiser, made = _organiser(password)
        event, context = _build_seminar(rng, organiser)
        for app in apps.get_app_configs():
            # Each app adds its part of the seminar (the programme, registrations, ...) from
            # its own ``demo.extend_demo(event, context)``, in the order of INSTALLED_APPS.
            if app.name == __package__ or not module_has_submodule(app.module, "demo"):
                continue
            module = import_module(f"{app.name}.demo")
            if hasattr(module, "extend_demo"):
                module.extend_demo(event, context)
        counts = services.event_counts(event)
        record(
            "demo.load",
            event,
            summary=f"Loaded the demo seminar {SLUG} (seed {seed})",
            seed=seed,
            people=counts["people"],
            organisations=counts["organisations"],
        )
    message = (
        f"Loaded the demo seminar {SLUG}: {counts['people']} people from "
        f"{counts['organisations']} organisations on {counts['delegations']} sides."
    )
    say(message)
    if not made:
        say(
            f"The account {ORGANISER_USERNAME!r} existed already and was kept as it was, "
            f"password unchanged; it organises the demo seminar now "
            f"(`liaison changepassword {ORGANISER_USERNAME}` sets a new password)."
        )
        return DemoResult(loaded=True, message=message, event=event, username=ORGANISER_USERNAME)
    path = _write_login(password)
    say(f"Organiser login: {ORGANISER_USERNAME} / {password} (console: {CONSOLE_URL})")
    say(f"The password is kept in {path} for `liaison run` to show again.")
    return DemoResult(
        loaded=True,
        message=message,
        event=event,
        username=ORGANISER_USERNAME,
        password=password,
        login_file=path,
    )


def _organiser(password: str):
    """The demo organiser's account: made with ``password``, or, when an account of that name
    exists already, kept as it is (its password is never reset behind its owner's back).
    Returns the user and whether it was made now."""
    user = get_user_model().objects.filter(username=ORGANISER_USERNAME).first()
    if user is not None:
        return user, False
    user = create_user(ORGANISER_USERNAME, email="organiser@example.org", password=password)
    return user, True


def _write_login(password: str) -> Path:
    path = login_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"user: {ORGANISER_USERNAME}\npassword: {password}\nurl: {CONSOLE_URL}\n")
    os.chmod(path, 0o600)  # in case the file already existed with wider permissions
    return path


def _organisation(slug, name, kind, country, city, website="") -> Organisation:
    return services.create_organisation(
        slug=slug, name=name, kind=kind, country=country, city=CITIES[city], website=website
    )


def _build_seminar(rng: random.Random, organiser) -> tuple[Event, DemoContext]:
    named = {
        slug: _organisation(slug, name, kind, country, city)
        for slug, name, kind, country, city in NAMED_ORGANISATIONS
    }
    event = services.create_event(
        slug=SLUG,
        title=three(
            "Seminar on Economic and Technological Cooperation",
            "经济技术合作交流会",
            "経済技術協力セミナー",
        ),
        theme=three(
            "Helping the high-quality development of the Chengdu-Chongqing region",
            "助力成渝地区高质量发展",
            "成渝地域の質の高い発展を後押しする",
        ),
        description=three(
            "Hosted by Hitachi with the support of the National Development and Reform "
            "Commission, the seminar met online and in Chengdu. Japanese and Chinese delegates "
            "exchanged ideas on the digital economy, medical health, elderly care and other "
            "emerging areas, and about 200 representatives from Sichuan Province and Chongqing "
            "Municipality took part.",
            "本次交流会由日立主办、国家发展和改革委员会支持，在成都以线上线下相结合的方式举行。"
            "中日双方代表围绕数字经济、医疗健康、养老服务等新兴领域深入交流，"
            "来自四川省和重庆市的约200名代表参加。",
            "本セミナーは日立が主催し、中国国家発展改革委員会の支援のもと、成都の会場とオンラインで"
            "開催されました。日中双方の代表がデジタル経済、医療・健康、高齢者介護などの新しい分野に"
            "ついて意見を交わし、四川省と重慶市から約200名の代表が参加しました。",
        ),
        timezone="Asia/Shanghai",
        # The release gives the date only; the hours are our choice: a plausible afternoon,
        # 14:00-17:30 China Standard Time (06:00-09:30 UTC).
        starts_at=cst(14),
        ends_at=cst(17, 30),
        city=CITIES["chengdu"],
        venue=three("Conference hall, Chengdu", "成都会议厅", "成都市内の会議ホール"),
        online_channel=three("Seminar live stream", "交流会网络直播", "セミナーのライブ配信"),
        online_url=f"https://live.example.org/{SLUG}",
        languages=["en", "zh-hans", "ja"],
        default_language="en",
        status=Event.Status.HELD,
        hosts=[named["hitachi"], named["hitachi-china"]],
        supporters=[named["ndrc"]],
        organisers=[organiser],
    )
    japan = services.add_delegation(
        event, "jp", three("Japan", "日本", "日本"), country="JP", position=1
    )
    china = services.add_delegation(
        event, "cn", three("China", "中国", "中国"), country="CN", position=2
    )
    areas = [
        services.add_area(event, slug, name, position=i)
        for i, (slug, name) in enumerate(AREAS, start=1)
    ]
    principals = _principals(event, named, japan, china)
    delegates = _delegates(rng, event, japan, china, areas)
    return event, DemoContext(rng=rng, principals=principals, delegates=delegates)


def _principals(event, named, japan, china) -> dict[str, Person]:
    """The people the release names, with the roles it gives them."""
    ning = services.create_person(
        family_name="宁",
        given_name="吉喆",
        family_name_latin="Ning",
        given_name_latin="Jizhe",
        latin_order=Person.LatinOrder.FAMILY_FIRST,
        honorific="H.E. Mr.",
        title=three(
            "Vice-Chairman, National Development and Reform Commission",
            "国家发展和改革委员会副主任",
            "国家発展改革委員会副主任",
        ),
        organisation=named["ndrc"],
        preferred_language="zh-hans",
    )
    higashihara = services.create_person(
        family_name="東原",
        given_name="敏昭",
        family_name_latin="Higashihara",
        given_name_latin="Toshiaki",
        latin_order=Person.LatinOrder.GIVEN_FIRST,
        honorific="Mr.",
        title=three(
            "Executive Chairman, Hitachi, Ltd.",
            "日立制作所执行役会长",
            "日立製作所 執行役会長",
        ),
        organisation=named["hitachi"],
        preferred_language="ja",
    )
    # The release does not name the presiding representative of the department.
    ndrc_representative = services.create_person(
        known_as=three(
            "Representative of the Department of International Cooperation, NDRC",
            "国家发展和改革委员会国际合作司代表",
            "国家発展改革委員会 国際協力司の代表",
        ),
        organisation=named["ndrc-international-cooperation"],
        preferred_language="zh-hans",
    )
    # "Ida Takashi" as the release writes it, family name first; native script unknown.
    ida = services.create_person(
        family_name_latin="Ida",
        given_name_latin="Takashi",
        latin_order=Person.LatinOrder.FAMILY_FIRST,
        honorific="Mr.",
        title=three(
            "General Representative, Hitachi China",
            "日立（中国）总代表",
            "日立（中国）総代表",
        ),
        organisation=named["hitachi-china"],
        preferred_language="ja",
    )
    liu = services.create_person(
        family_name_latin="Liu",
        given_name_latin="Xiaoliu",
        latin_order=Person.LatinOrder.FAMILY_FIRST,
        title=three("Vice Mayor of Chengdu", "成都市副市长", "成都市副市長"),
        organisation=named["chengdu-government"],
        preferred_language="zh-hans",
    )
    watanabe = services.create_person(
        family_name_latin="Watanabe",
        given_name_latin="Nobuyuki",
        latin_order=Person.LatinOrder.GIVEN_FIRST,
        honorific="Mr.",
        title=three(
            "Consul General of Japan in Chongqing",
            "日本国驻重庆总领事",
            "在重慶日本国総領事",
        ),
        organisation=named["consulate-general-japan-chongqing"],
        preferred_language="ja",
    )
    online, onsite = Role.Mode.ONLINE, Role.Mode.ONSITE
    for position, (person, kind, side, mode) in enumerate(
        [
            (ning, Role.Kind.VIDEO_PRINCIPAL, china, online),
            (higashihara, Role.Kind.VIDEO_PRINCIPAL, japan, online),
            (ndrc_representative, Role.Kind.CHAIR, china, onsite),
            (ida, Role.Kind.CHAIR, japan, onsite),
            (liu, Role.Kind.SPEAKER, china, onsite),
            (watanabe, Role.Kind.SPEAKER, japan, onsite),
            # Who stands for the host and for the supporter at the seminar.
            (higashihara, Role.Kind.HOST, japan, online),
            (ida, Role.Kind.HOST, japan, onsite),
            (ning, Role.Kind.SUPPORTER, china, online),
            (ndrc_representative, Role.Kind.SUPPORTER, china, onsite),
        ],
        start=1,
    ):
        services.add_role(event, person, kind, delegation=side, mode=mode, position=position)
    return {
        "ning": ning,
        "higashihara": higashihara,
        "ndrc_representative": ndrc_representative,
        "ida": ida,
        "liu": liu,
        "watanabe": watanabe,
    }


def _given_name(rng: random.Random, syllables) -> tuple[str, str]:
    chosen = rng.sample(syllables, 2)
    native = "".join(s for s, _ in chosen)
    latin = "".join(r for _, r in chosen)
    return native, latin.capitalize()


def _delegates(rng, event, japan, china, areas) -> list[tuple[Role, list]]:
    """200 invented delegates: about 80 from Japanese companies, 120 from Sichuan and
    Chongqing; about 30 % online; each in one to three cooperation areas."""
    jp_orgs = [
        _organisation(slug, name, kind, "JP", city, f"https://{slug}.example.jp/")
        for slug, name, kind, city in JAPANESE_ORGANISATIONS
    ]
    cn_orgs = [
        _organisation(slug, name, kind, "CN", city, f"https://{slug}.example.org/")
        for slug, name, kind, city in CHINESE_ORGANISATIONS
    ]
    emails: set[str] = set()
    roles = []
    sides = [
        # side, count, organisations, names, syllables, domain, languages, share online
        (japan, DELEGATES_JP, jp_orgs, JAPANESE_FAMILY_NAMES, JAPANESE_SYLLABLES, "example.jp",
         ["ja"] * 4 + ["en"], 0.45),
        (china, DELEGATES_CN, cn_orgs, CHINESE_FAMILY_NAMES, CHINESE_SYLLABLES, "example.org",
         ["zh-hans"] * 8 + ["en"] * 2 + ["ja"], 0.2),
    ]  # fmt: skip
    for side, count, orgs, families, syllables, domain, languages, online_share in sides:
        for index in range(1, count + 1):
            family, family_latin = rng.choice(families)
            given, given_latin = _given_name(rng, syllables)
            local = f"{given_latin}.{family_latin}".lower()
            email = f"{local}@{domain}"
            suffix = 2
            while email in emails:
                email = f"{local}{suffix}@{domain}"
                suffix += 1
            emails.add(email)
            person = services.create_person(
                family_name=family,
                given_name=given,
                family_name_latin=family_latin,
                given_name_latin=given_latin,
                # Chinese names run family-first in Latin letters too; the invented Japanese
                # names follow the given-first order the release uses for Mr. Higashihara.
                latin_order=Person.LatinOrder.FAMILY_FIRST
                if side.code == "cn"
                else Person.LatinOrder.GIVEN_FIRST,
                title=rng.choice(JOB_TITLES),
                organisation=rng.choice(orgs),
                preferred_language=rng.choice(languages),
                email=email,
            )
            mode = Role.Mode.ONLINE if rng.random() < online_share else Role.Mode.ONSITE
            chosen = sorted(rng.sample(areas, rng.randint(1, 3)), key=lambda a: a.position)
            role = services.add_role(
                event,
                person,
                Role.Kind.DELEGATE,
                delegation=side,
                mode=mode,
                areas=chosen,
                position=index,
            )
            roles.append((role, chosen))
    return roles
