"""Benchmark of people search on 100,000 people; every figure is measured in the run that
prints it.

Builds (once; --rebuild to start again) a database of invented Chinese and Japanese people
in invented organisations, with their search documents, then runs a fixed set of queries
(CJK names and cities of one and two characters, their Latin spellings, partial words,
kana, full-width Latin) many times, the way a console list runs them: the first page of 50
people in list order, and the total. It prints the median and 95th percentile per query and
overall, beside the baseline: the same query as an unindexed substring scan (``LIKE`` on
every document, index scans turned off), and checks that both find the same people.

    PYTHONPATH=src python bench/search.py [DATABASE_URL] [--people 100000] [--repeat 30]
        [--baseline-repeat 5] [--rebuild]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/searchdemo_bench; the database
is created when missing. A sqlite:///path URL measures the SQLite fallback (a scan).
The people are bulk-inserted directly (not through the services: it is a bench).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/searchdemo_bench"
PAGE = 50

QUERIES = [
    ("Chinese family name, 1 char", "王"),
    ("its Latin spelling", "Wang"),
    ("Chinese city, 2 chars", "成都"),
    ("its Latin spelling", "Chengdu"),
    ("Japanese company, 2 chars", "日立"),
    ("its Latin spelling", "Hitachi"),
    ("partial word", "hita"),
    ("partial word", "yamam"),
    ("partial word, 2 words", "chen xi"),
    ("hiragana given name, 2 chars", "かな"),
    ("katakana company, 4 chars", "ソラクモ"),
    ("half-width katakana", "ｿﾗｸﾓ"),
    ("full-width Latin", "ＷＡＮＧ"),
    ("full-width Latin, partial", "Ｈｉｔａ"),
    ("Japanese family name, 2 chars", "山本"),
    ("name and city", "王 成都"),
    ("Latin 2 letters", "li"),
    ("no match", "zzqx"),
]

CN_FAMILY = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"),
    ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"),
    ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("许", "Xu"),
    ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"),
]  # fmt: skip
CN_SYLLABLES = [
    ("溪", "xi"), ("岚", "lan"), ("禾", "he"), ("瑶", "yao"), ("澄", "cheng"), ("芷", "zhi"),
    ("翎", "ling"), ("墨", "mo"), ("棠", "tang"), ("屿", "yu"), ("桐", "tong"), ("璇", "xuan"),
    ("明", "ming"), ("华", "hua"), ("静", "jing"), ("磊", "lei"), ("芳", "fang"), ("军", "jun"),
]  # fmt: skip
JP_FAMILY = [
    ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"),
    ("伊藤", "Ito"), ("山本", "Yamamoto"), ("中村", "Nakamura"), ("小林", "Kobayashi"),
    ("加藤", "Kato"), ("吉田", "Yoshida"), ("山田", "Yamada"), ("松本", "Matsumoto"),
    ("井上", "Inoue"), ("木村", "Kimura"), ("清水", "Shimizu"), ("山口", "Yamaguchi"),
    ("森", "Mori"), ("池田", "Ikeda"), ("橋本", "Hashimoto"), ("石川", "Ishikawa"),
]  # fmt: skip
JP_SYLLABLES = [
    ("か", "ka"), ("な", "na"), ("み", "mi"), ("る", "ru"), ("そ", "so"), ("り", "ri"),
    ("ほ", "ho"), ("せ", "se"), ("ゆ", "yu"), ("と", "to"), ("は", "ha"), ("の", "no"),
]  # fmt: skip
CN_CITIES = [
    ("成都", "Chengdu", "成都"), ("重庆", "Chongqing", "重慶"), ("绵阳", "Mianyang", "綿陽"),
    ("德阳", "Deyang", "徳陽"), ("北京", "Beijing", "北京"), ("上海", "Shanghai", "上海"),
]  # fmt: skip
JP_CITIES = [
    ("东京", "Tokyo", "東京"), ("大阪", "Osaka", "大阪"), ("名古屋", "Nagoya", "名古屋"),
    ("横滨", "Yokohama", "横浜"), ("京都", "Kyoto", "京都"), ("福冈", "Fukuoka", "福岡"),
]  # fmt: skip
SECTORS = [
    ("Digital Technology", "数字科技", "デジタルテクノロジー"),
    ("Medical Devices", "医疗器械", "医療機器"),
    ("Elderly Care Services", "养老服务", "介護サービス"),
    ("Smart Mobility", "智慧出行", "スマートモビリティ"),
    ("New Energy", "新能源", "新エネルギー"),
    ("Data Services", "数据服务", "データサービス"),
    ("Robotics", "机器人", "ロボティクス"),
    ("Logistics", "智能物流", "物流"),
]
CN_STEMS = [
    ("锦岚", "Jinlan"), ("蓉桥", "Rongqiao"), ("云蜀", "Yunshu"), ("青瑶", "Qingyao"),
    ("溪鹭", "Xilu"), ("岷江", "Minjiang"), ("浮云", "Fuyun"), ("天步", "Tianbu"),
    ("峨眉", "Emei"), ("蜀智", "Shuzhi"), ("嘉陵", "Jialing"), ("渝新", "Yuxin"),
]  # fmt: skip
JP_STEMS = [
    ("アマツリ", "Amatsuri"), ("コハネラ", "Kohanera"), ("ミズホシ", "Mizuhoshi"),
    ("ソラクモ", "Sorakumo"), ("ヒナツキ", "Hinatsuki"), ("ツムギハ", "Tsumugiha"),
    ("カザナミ", "Kazanami"), ("アサモヤ", "Asamoya"), ("イクノハラ", "Ikunohara"),
]  # fmt: skip
TITLES = [
    ("Manager, International Business", "国际业务经理", "国際事業部 マネージャー"),
    ("Director, Research and Development", "研发总监", "研究開発部長"),
    ("Senior Engineer", "高级工程师", "シニアエンジニア"),
    ("General Manager", "总经理", "ゼネラルマネージャー"),
]


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-key")
    os.environ.setdefault("NEWSROOM_SEAL_KEY", "bench-only-seal-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    os.environ.setdefault("LIAISON_VAR_DIR", str(ROOT / "var"))
    for p in (str(ROOT / "src"), str(ROOT)):
        if p not in sys.path:
            sys.path.insert(0, p)
    if url.startswith("postgres"):
        _create_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def three(en: str, zh: str, ja: str) -> dict:
    return {"en": en, "zh-hans": zh, "ja": ja}


def _organisations(rng: random.Random) -> list:
    from liaison.events.models import Organisation

    orgs = [
        Organisation(
            slug="hitachi",
            name=three("Hitachi, Ltd.", "日立制作所", "日立製作所"),
            kind="company",
            country="JP",
            city=three("Tokyo", "东京", "東京"),
        ),
        Organisation(
            slug="hitachi-china",
            name=three("Hitachi China", "日立（中国）", "日立（中国）"),
            kind="company",
            country="CN",
            city=three("Beijing", "北京", "北京"),
        ),
    ]
    n = 0
    for country, stems, cities in (("CN", CN_STEMS, CN_CITIES), ("JP", JP_STEMS, JP_CITIES)):
        for stem, stem_latin in stems:
            for city_native, city_latin, city_ja in cities:
                for sector_en, sector_zh, sector_ja in SECTORS:
                    n += 1
                    # Half of the companies carry their city in their name.
                    with_city = rng.random() < 0.5
                    en = f"{city_latin} " * with_city + f"{stem_latin} {sector_en}"
                    zh = city_native * with_city + f"{stem}{sector_zh}"
                    ja = city_ja * with_city + f"{stem}{sector_ja}"
                    orgs.append(
                        Organisation(
                            slug=f"bench-{n}",
                            name=three(en, zh, ja),
                            kind="company",
                            country=country,
                            city=three(city_latin, city_native, city_ja),
                            website=f"https://bench-{n}.example.org/",
                        )
                    )
    return Organisation.objects.bulk_create(orgs, batch_size=1000)


def _people(rng: random.Random, count: int, orgs: list) -> list:
    from liaison.events.models import Person

    cn_orgs = [o for o in orgs if o.country == "CN"]
    jp_orgs = [o for o in orgs if o.country == "JP"]
    people = []
    for i in range(count):
        chinese = rng.random() < 0.6
        families, syllables = (CN_FAMILY, CN_SYLLABLES) if chinese else (JP_FAMILY, JP_SYLLABLES)
        family, family_latin = rng.choice(families)
        chosen = rng.sample(syllables, 2)
        given = "".join(s for s, _ in chosen)
        given_latin = "".join(r for _, r in chosen).capitalize()
        organisation = rng.choice(cn_orgs if chinese else jp_orgs)
        if rng.random() < 0.01:
            organisation = orgs[0 if rng.random() < 0.5 else 1]  # Hitachi's people
        people.append(
            Person(
                family_name=family,
                given_name=given,
                family_name_latin=family_latin,
                given_name_latin=given_latin,
                latin_order="family_first" if chinese else "given_first",
                title=three(*rng.choice(TITLES)),
                organisation=organisation,
                preferred_language="zh-hans" if chinese else "ja",
                email=f"{given_latin.lower()}.{family_latin.lower()}.{i}@example.org",
            )
        )
    return people


def build(count: int, rebuild: bool) -> None:
    from django.db import connection, transaction

    from liaison.events.models import Organisation, Person
    from liaison.search import index
    from liaison.search.models import SearchDocument

    have = Person.objects.count()
    if have == count and not rebuild:
        print(f"Reusing the {have} people already in the database (--rebuild to start again).")
        return
    if (Person.objects.exclude(email__endswith="@example.org").exists()) and not rebuild:
        sys.exit("The database holds other people; use a database of its own for the bench.")
    started = time.perf_counter()
    rng = random.Random(2021)
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        Person.objects.all().delete()
        Organisation.objects.all().delete()
        orgs = _organisations(rng)
        people = Person.objects.bulk_create(_people(rng, count, orgs), batch_size=2000)
        documents = [index._document("organisation", o) for o in orgs]
        documents += [index._document("person", p) for p in people]
        SearchDocument.objects.bulk_create(documents, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
            cursor.execute("ANALYZE events_person")
    print(
        f"Built {len(people)} people in {len(orgs)} organisations with their documents "
        f"in {time.perf_counter() - started:.1f} s."
    )


def _baseline_ids(query: str):
    """The first version's query: a substring test per word, no use of the grams."""
    from liaison.search.index import normalise
    from liaison.search.models import SearchDocument

    documents = SearchDocument.objects.filter(kind="person")
    for word in normalise(query).split():
        documents = documents.filter(text__contains=word)
    return documents.values("object_id")


def _list_page(query: str, baseline: bool) -> tuple[int, list[int]]:
    from django.db import connection, transaction

    from liaison.events.models import Person
    from liaison.search import index

    with transaction.atomic():
        if baseline and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # GIN indexes are only read by bitmap scans: no index serves the LIKE.
                cursor.execute("SET LOCAL enable_bitmapscan = off")
        people = Person.objects.all()
        if baseline:
            people = people.filter(pk__in=_baseline_ids(query))
        else:
            people = index.search(people, query)
        return people.count(), list(people.values_list("pk", flat=True)[:PAGE])


def _same_people(query: str) -> bool:
    """Both ways find exactly the same people (not only the same first page: people with
    the same name may come in either order)."""
    from liaison.events.models import Person
    from liaison.search import index

    found = set(index.search(Person.objects.all(), query).values_list("pk", flat=True))
    scanned = Person.objects.filter(pk__in=_baseline_ids(query))
    return found == set(scanned.values_list("pk", flat=True))


def _time(query: str, baseline: bool, repeat: int) -> tuple[list[float], tuple]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = _list_page(query, baseline)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, result


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=DEFAULT_URL, help="DATABASE_URL")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--baseline-repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)

    _setup(args.url)
    from django.db import connection

    build(args.people, args.rebuild)
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"Each run: count + first {PAGE} people in list order; "
        f"{args.repeat} runs indexed, {args.baseline_repeat} runs baseline (ms)."
    )
    header = (
        f"{'query':<14} {'what':<30} {'found':>7} {'median':>8} {'p95':>8}"
        f" {'base med':>9} {'base p95':>9} {'same':>5}"
    )
    print(header)
    print("-" * len(header))
    indexed_all, baseline_all, all_same = [], [], True
    for what, query in QUERIES:
        _list_page(query, False)  # warm the caches alike for both
        timings, result = _time(query, False, args.repeat)
        base_timings, base_result = _time(query, True, args.baseline_repeat)
        same = result[0] == base_result[0] and _same_people(query)
        all_same &= same
        indexed_all += timings
        baseline_all += base_timings
        print(
            f"{_pad(query, 14)} {what:<30} {result[0]:>7} {statistics.median(timings):>8.1f}"
            f" {_p95(timings):>8.1f} {statistics.median(base_timings):>9.1f}"
            f" {_p95(base_timings):>9.1f} {'yes' if same else 'NO':>5}"
        )
    print("-" * len(header))
    print(
        f"{'overall':<14} {'':<30} {'':>7} {statistics.median(indexed_all):>8.1f}"
        f" {_p95(indexed_all):>8.1f} {statistics.median(baseline_all):>9.1f}"
        f" {_p95(baseline_all):>9.1f} {'yes' if all_same else 'NO':>5}"
    )
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
