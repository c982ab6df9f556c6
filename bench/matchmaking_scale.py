"""Matchmaking at scale on PostgreSQL: 2,000 delegates and 10,000 meeting requests.

Builds one event (slug ``mmscale-bench``) on a database of its own, then measures, each
against the issue's target, through the code paths the app itself uses:

a. recommendations for all delegates: ``services.refresh_recommendations`` (what the task
   and a stale page call), split into reading the delegates, ranking, writing the rows;
   target < 60 s;
b. a delegate's recommendation page, ``GET /{language}/mmscale-bench/matchmaking/
   recommendations/`` through Django's test client with the delegate signed in, for a
   sample of delegates: server time p50/p95/max (target < 100 ms) and the SQL queries of
   each page (they must not depend on the event's size). The target is held against
   p95: on two cores shared with other work a single page now and then waits for the CPU
   (the maximum is printed too);
c. a scheduling run: ``services.start_run`` as the console starts it (without a broker
   the task runs inline once the run is committed), timed by pieces: reading the event
   into the ``liaison-schedule/1`` instance, the solver (in its supervised subprocess;
   target: within the run's time limit, 30 s, the scheduler's figure for hybrid events of
   2,000 delegates), writing the draft (the instance document and the meetings); target
   for reading + writing < 15 s. Then publishing it (``services.publish_run``), which
   e-mails each delegate with a meeting their agenda (inline without a broker; the
   locmem e-mail backend).

Printed beside these, without a target: the first recommendation page after a delegate
changed their profile (without a broker it recomputes every delegate's recommendations
inline), a delegate's agenda page once the schedule is published (timed as in b), and a
cancellation after publication with the repair it causes (inline without a broker).

The event: two sides (40 % Japanese companies, 60 % Chinese organisations), 30 % of the
delegates online, each with a profile (a pitch in their languages, the languages they
speak, one to three areas) and one or two offers or needs whose texts come from the
quality bench's topics (``bench/recommendations.py``: a technology applied to a setting,
in Japanese, Chinese or English, a third of the delegates in two languages). 10,000
requests, mostly across the sides to delegates who work in the same area (popular
delegates are asked more), at most the quota (10) sent per delegate: 75 % accepted, 12 %
pending, 10 % declined, 3 % cancelled; 1 % of the accepted ones are organisers'
must-meet pairs (weight 5). Fourteen 20-minute slots (a morning and an afternoon
session), tables for a fifth of the on-site delegates and video rooms for 60 % of the
online meetings a slot would need, so that capacity binds as in the scheduler's bench.
The data is bulk-inserted (a bench, not the app: ``tests/test_write_path.py`` reads
``src/liaison`` only); slots, tables and video rooms go through the services. Its time is
printed apart and counts for nothing.

    PYTHONPATH=src:. .venv/bin/python bench/matchmaking_scale.py \\
        [--database-url postgres://postgres@127.0.0.1:5432/liaison_mmscale_bench] \\
        [--delegates 2000] [--requests 10000] [--pages 50] [--time-limit 30] [--seed 15]

The database is created when missing and migrated; one holding any event but the bench's
is refused. A previous run's event and people are deleted first.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _p in (str(ROOT / "src"), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/liaison_mmscale_bench"
SLUG = "mmscale-bench"
MAIL = "mmscale.bench.example.org"  # every invented person's and account's e-mail domain

TARGET_RECOMMENDATIONS_S = 60.0
TARGET_PAGE_MS = 100.0
TARGET_DB_S = 15.0

# the quality bench's areas (ids 1-7 there) as the event's cooperation areas
AREAS = [
    (1, "advanced-manufacturing", "Advanced manufacturing", "先进制造", "先端製造"),
    (2, "medical-health", "Medical health", "医疗健康", "医療・健康"),
    (3, "elderly-care", "Elderly care", "养老服务", "介護"),
    (4, "environment", "Environmental protection", "环境保护", "環境保全"),
    (5, "intelligent-transport", "Intelligent transport", "智能交通", "スマート交通"),
    (6, "digital-health", "Digital health", "数字医疗", "デジタルヘルス"),
    (7, "green-energy", "Green energy", "绿色能源", "グリーンエネルギー"),
]
JP_FAMILY = [
    ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"),
    ("伊藤", "Ito"), ("山本", "Yamamoto"), ("中村", "Nakamura"), ("小林", "Kobayashi"),
    ("加藤", "Kato"), ("吉田", "Yoshida"), ("山田", "Yamada"), ("松本", "Matsumoto"),
]  # fmt: skip
JP_GIVEN = [
    ("健太", "Kenta"), ("直子", "Naoko"), ("翔", "Sho"), ("美咲", "Misaki"), ("大輔", "Daisuke"),
    ("陽子", "Yoko"), ("誠", "Makoto"), ("由美", "Yumi"), ("拓也", "Takuya"), ("恵", "Megumi"),
]  # fmt: skip
CN_FAMILY = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
]  # fmt: skip
CN_GIVEN = [
    ("伟", "Wei"), ("芳", "Fang"), ("敏", "Min"), ("静", "Jing"), ("磊", "Lei"),
    ("洋", "Yang"), ("艳", "Yan"), ("勇", "Yong"), ("军", "Jun"), ("杰", "Jie"),
]  # fmt: skip
JP_ORG_WORDS = [
    ("東邦", "Toho"), ("北斗", "Hokuto"), ("光洋", "Koyo"), ("大和", "Yamato"),
    ("新星", "Shinsei"), ("青葉", "Aoba"), ("朝日", "Asahi"), ("富士", "Fuji"),
]  # fmt: skip
JP_ORG_KINDS = [("テクノロジー", "Technology"), ("メディカル", "Medical"), ("工業", "Industries")]
CN_CITIES = [("成都", "Chengdu"), ("重庆", "Chongqing"), ("绵阳", "Mianyang"), ("宜宾", "Yibin")]
CN_ORG_KINDS = [
    ("人民医院", "People's Hospital", "university"),
    ("养老服务中心", "Elderly Care Centre", "association"),
    ("高新区管委会", "High-tech Zone Administration", "region"),
    ("科技有限公司", "Technology Co., Ltd.", "company"),
    ("环保集团", "Environmental Group", "company"),
]
PITCH = {
    "jp": {
        "ja": "日本の企業です。中国の協力先と共に新しい事業を始めたいと考えています。",
        "en": "A Japanese company looking for partners in China to start new business.",
    },
    "cn": {
        "zh-hans": "我们是四川和重庆的机构，希望与日本企业在技术和项目上开展合作。",
        "en": "An institution from Sichuan and Chongqing seeking Japanese partners.",
    },
}


def three(en: str, zh: str, ja: str) -> dict:
    return {"en": en, "zh-hans": zh, "ja": ja}


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-in-production")
    os.environ.setdefault("NEWSROOM_SEAL_KEY", "bench-only-seal-key-never-used-in-production")
    os.environ.setdefault("HTTPS", "0")  # the bench talks plain HTTP in process
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("CELERY_BROKER_URL", None)  # background work inline, as without a broker
    os.environ.setdefault("LIAISON_VAR_DIR", str(ROOT / "var"))
    if not url.startswith("postgres"):
        raise SystemExit("bench/matchmaking_scale.py measures PostgreSQL: give a postgres:// URL")
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # pages name their static files through the manifest, as `liaison serve` collects them
    call_command("collectstatic", interactive=False, verbosity=0)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


# --- the event ----------------------------------------------------------------------------


def _clear() -> None:
    """Refuse a database holding other events; delete a previous run's event and people."""
    from django.contrib.auth import get_user_model

    from liaison.events import services as event_services
    from liaison.events.models import Event, Organisation, Person

    others = Event.objects.exclude(slug=SLUG)
    if others.exists():
        shown = ", ".join(others.values_list("slug", flat=True)[:3])
        raise SystemExit(
            f"the database holds other events ({shown} ...); give the bench a database of "
            "its own (--database-url)"
        )
    for event in Event.objects.filter(slug=SLUG):
        event_services.delete_event(event)
    Person.objects.filter(email__endswith="@" + MAIL).delete()
    Organisation.objects.filter(slug__startswith="mmscale-").delete()
    get_user_model().objects.filter(email__endswith="@" + MAIL).delete()


def build(n_delegates: int, n_requests: int, seed: int):
    """The event with its delegates, profiles, offers and needs, requests, slots, tables
    and video rooms. Returns (event, organiser user)."""
    from bench.recommendations import SETTINGS, TECHNOLOGIES, phrase
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from liaison.events import services as event_services
    from liaison.events.models import CooperationArea, Delegation, Organisation, Person
    from liaison.matchmaking import services
    from liaison.matchmaking.models import (
        MeetingRequest,
        MeetingSlot,
        Opportunity,
        Profile,
    )
    from liaison.matchmaking.recommender import fold
    from liaison.registration.models import Registration

    rng = random.Random(seed)
    user_model = get_user_model()
    start = datetime(2031, 10, 15, 0, 0, tzinfo=UTC)  # 08:00 in Chengdu
    organiser = user_model.objects.create_user(
        "mmscale-organiser", f"organiser@{MAIL}", password=None
    )
    event = event_services.create_event(
        slug=SLUG,
        title=three("Matchmaking at scale", "大规模对接会", "大規模商談会"),
        starts_at=start,
        ends_at=start + timedelta(hours=10),
        timezone="Asia/Shanghai",
        venue=three("Exhibition centre", "会展中心", "展示場"),
        status="open",
        organisers=[organiser],
    )
    with transaction.atomic():
        sides = {
            "jp": Delegation.objects.create(
                event=event, code="jp", name=three("Japan", "日本", "日本"), country="JP"
            ),
            "cn": Delegation.objects.create(
                event=event,
                code="cn",
                name=three("China", "中国", "中国"),
                country="CN",
                position=1,
            ),
        }
        areas = {
            number: CooperationArea.objects.create(
                event=event, slug=slug, name=three(en, zh, ja), position=number
            )
            for number, slug, en, zh, ja in AREAS
        }

        # people, organisations, accounts
        n_jp = round(0.4 * n_delegates)
        password = make_password(None)  # unusable: the bench signs delegates in directly
        orgs, people, users, meta = [], [], [], []
        for i in range(n_delegates):
            side = "jp" if i < n_jp else "cn"
            if side == "jp":
                (fam, fam_l), (giv, giv_l) = rng.choice(JP_FAMILY), rng.choice(JP_GIVEN)
                word, word_l = rng.choice(JP_ORG_WORDS)
                kind, kind_l = rng.choice(JP_ORG_KINDS)
                org = Organisation(
                    slug=f"mmscale-{i}",
                    name=three(f"{word_l} {kind_l} {i}", f"{word}{kind}{i}", f"{word}{kind}{i}"),
                    kind="company",
                    country="JP",
                )
                own_languages = ["ja", "en"]
            else:
                (fam, fam_l), (giv, giv_l) = rng.choice(CN_FAMILY), rng.choice(CN_GIVEN)
                city, city_l = rng.choice(CN_CITIES)
                name, name_l, kind = rng.choice(CN_ORG_KINDS)
                org = Organisation(
                    slug=f"mmscale-{i}",
                    name=three(f"{city_l} {name_l} {i}", f"{city}{name}{i}", f"{city}{name}{i}"),
                    kind=kind,
                    country="CN",
                )
                own_languages = ["zh-hans", "en"]
            languages = [rng.choice(own_languages)]
            if rng.random() < 1 / 3:
                languages = own_languages
            email = f"d{i}@{MAIL}"
            users.append(user_model(username=f"mmscale-d{i}", email=email, password=password))
            orgs.append(org)
            people.append(
                Person(
                    family_name=fam,
                    given_name=giv,
                    family_name_latin=fam_l,
                    given_name_latin=giv_l,
                    latin_order="family_first" if side == "cn" else "given_first",
                    preferred_language=own_languages[0],
                    email=email,
                )
            )
            meta.append({"side": side, "languages": languages, "online": rng.random() < 0.3})
        Organisation.objects.bulk_create(orgs, batch_size=1000)
        users = user_model.objects.bulk_create(users, batch_size=1000)
        for person, org, user in zip(people, orgs, users, strict=True):
            person.organisation, person.user = org, user
        Person.objects.bulk_create(people, batch_size=1000)
        now = datetime.now(UTC)
        registrations = Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    person=person,
                    email=person.email,
                    organisation=person.organisation,
                    delegation=sides[m["side"]],
                    mode="online" if m["online"] else "onsite",
                    language=person.preferred_language,
                    consent_contact=rng.random() < 0.7,
                    status="approved",
                    decided_at=now,
                )
                for person, m in zip(people, meta, strict=True)
            ],
            batch_size=1000,
        )

        # topics, areas, profiles, offers and needs (the quality bench's phrasing)
        topics = [(t, s) for t in range(len(TECHNOLOGIES)) for s in range(len(SETTINGS))]
        jp_offers = {tp: rng.random() < 0.75 for tp in topics}
        profiles, opportunities, reg_areas = [], [], []
        for reg, person, org, m in zip(registrations, people, orgs, meta, strict=True):
            own_topic = rng.choice(topics)
            offers = jp_offers[own_topic] == (m["side"] == "jp")
            posts = [(own_topic, "offer" if offers else "need")]
            if rng.random() < 0.5:
                posts.append((rng.choice(topics), rng.choice(("offer", "need"))))
            area_ids = {TECHNOLOGIES[tp[0]][0] for tp, _d in posts}
            if rng.random() < 0.5:
                area_ids.add(rng.randint(1, len(AREAS)))
            m["areas"] = sorted(area_ids)
            m["topics"] = {tp for tp, _d in posts}
            pitch = {lang: PITCH[m["side"]][lang] for lang in m["languages"]}
            search = " ".join(
                [*pitch.values(), *org.name.values(), person.native_name, person.latin_name]
            )
            profiles.append(
                Profile(
                    registration=reg,
                    event=event,
                    pitch=pitch,
                    languages=m["languages"],
                    search_text=fold(search),
                )
            )
            reg_areas += [(reg.pk, areas[a].pk) for a in m["areas"]]
            for tp, direction in posts:
                tech, place = TECHNOLOGIES[tp[0]], SETTINGS[tp[1]]
                titles = {
                    "ja": f"{place[0]}向け{tech[2]}",
                    "zh-hans": f"面向{place[1]}的{tech[3]}",
                    "en": f"{tech[4].capitalize()} for {place[2]}",
                }
                title = {lang: titles[lang] for lang in m["languages"]}
                description = {lang: phrase(tp, direction, lang) for lang in m["languages"]}
                opportunities.append(
                    (
                        reg.pk,
                        Opportunity(
                            event=event,
                            direction=direction,
                            kind=tech[1],
                            area=areas[tech[0]],
                            title=title,
                            description=description,
                            search_text=fold(
                                " ".join(title.values()) + " " + " ".join(description.values())
                            ),
                        ),
                    )
                )
        Registration.areas.through.objects.bulk_create(
            [
                Registration.areas.through(registration_id=r, cooperationarea_id=a)
                for r, a in reg_areas
            ],
            batch_size=2000,
        )
        profiles = Profile.objects.bulk_create(profiles, batch_size=1000)
        profile_of = {p.registration_id: p for p in profiles}
        by_reg: dict[int, list[int]] = {}
        for r, a in reg_areas:
            by_reg.setdefault(r, []).append(a)
        Profile.areas.through.objects.bulk_create(
            [
                Profile.areas.through(profile_id=p.pk, cooperationarea_id=a)
                for p in profiles
                for a in by_reg.get(p.registration_id, [])
            ],
            batch_size=2000,
        )
        for reg_pk, o in opportunities:
            o.profile = profile_of[reg_pk]
        Opportunity.objects.bulk_create([o for _r, o in opportunities], batch_size=1000)

        # requests: across the sides, to someone in the same area, popular ones more
        pool: dict[tuple[str, int], list[int]] = {}
        for k, m in enumerate(meta):
            for a in m["areas"]:
                pool.setdefault((m["side"], a), []).append(k)
        popularity = [rng.paretovariate(2.0) for _ in meta]
        quota = services.settings_for(event).default_quota
        sent: Counter = Counter()
        pairs: set[tuple[int, int]] = set()
        chosen: list[tuple[int, int]] = []
        order = list(range(n_delegates))
        attempts = 0
        while len(chosen) < n_requests and attempts < 50 * n_requests:
            attempts += 1
            i = rng.choice(order)
            if sent[i] >= quota:
                continue
            m = meta[i]
            other = "cn" if m["side"] == "jp" else "jp"
            members = pool.get((other, rng.choice(m["areas"])))
            if not members:
                continue
            j = rng.choices(members, weights=[popularity[x] for x in members])[0]
            key = (min(i, j), max(i, j))
            if key in pairs:
                continue
            pairs.add(key)
            sent[i] += 1
            chosen.append((i, j))
        states = ["accepted"] * 75 + ["pending"] * 12 + ["declined"] * 10 + ["cancelled"] * 3
        rows = []
        for i, j in chosen:
            status = rng.choice(states)
            must = status == "accepted" and rng.random() < 0.01
            language = meta[i]["languages"][0]
            message = {
                "ja": "ぜひ一度お話しできればと思います。",
                "zh-hans": "希望能与您当面交流合作机会。",
                "en": "We would be glad to discuss a cooperation with you.",
            }[language]
            rows.append(
                MeetingRequest(
                    event=event,
                    requester=registrations[i],
                    recipient=registrations[j],
                    message=message,
                    status=status,
                    priority="must_meet" if must else "normal",
                    weight=5 if must else 1,
                    created_by=organiser if must else users[i],
                    decided_at=now if status in ("accepted", "declined") else None,
                )
            )
        MeetingRequest.objects.bulk_create(rows, batch_size=2000)

    # where and when: fourteen 20-minute slots in two sessions; tables and video rooms
    with transaction.atomic():
        slots = []
        for first in (
            datetime(2031, 10, 15, 1, 0, tzinfo=UTC),
            datetime(2031, 10, 15, 6, 0, tzinfo=UTC),
        ):
            for k in range(7):
                at = first + timedelta(minutes=20 * k)
                slots.append(
                    MeetingSlot(event=event, starts_at=at, ends_at=at + timedelta(minutes=20))
                )
        MeetingSlot.objects.bulk_create(slots)
    onsite = sum(1 for m in meta if not m["online"])
    accepted = [(i, j) for (i, j), r in zip(chosen, rows, strict=True) if r.status == "accepted"]
    online_meetings = sum(1 for i, j in accepted if meta[i]["online"] or meta[j]["online"])
    services.set_tables(event, min(1000, max(1, round(0.2 * onsite))), seats=4)
    services.set_video_rooms(event, min(1000, max(1, round(0.6 * online_meetings / len(slots)))))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return event, organiser, registrations, meta


# --- measuring ----------------------------------------------------------------------------


class Timer:
    """Wraps module functions for the length of a ``with``: seconds and calls per bucket."""

    def __init__(self):
        self.seconds: Counter = Counter()
        self.calls: Counter = Counter()
        self.returned: dict = {}  # bucket: what its last call returned
        self._undo = []

    def wrap(self, module, name: str, bucket: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                returned = original(*args, **kwargs)
                self.returned[bucket] = returned
                return returned
            finally:
                self.seconds[bucket] += time.perf_counter() - began
                self.calls[bucket] += 1

        setattr(module, name, timed)
        self._undo.append((module, name, original))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)


def measure_recommendations(event) -> dict:
    from django.db.models import F

    from liaison.matchmaking import selectors, services
    from liaison.matchmaking.models import Recommendation
    from liaison.matchmaking.services import recommendations as module

    with Timer() as timer:
        timer.wrap(selectors, "recommender_input", "read")
        timer.wrap(module, "recommend", "rank")
        began = time.perf_counter()
        stored = services.refresh_recommendations(event)
        total = time.perf_counter() - began
    rows = Recommendation.objects.filter(event=event)
    readers = rows.values("registration").distinct().count()
    same_side = rows.filter(registration__delegation=F("counterpart__delegation")).count()
    return {
        "total": total,
        "read": timer.seconds["read"],
        "rank": timer.seconds["rank"],
        "write": total - timer.seconds["read"] - timer.seconds["rank"],
        "stored": stored,
        "readers": readers,
        "same_side": same_side,
    }


PAGES = {  # page: (path under the event, what marks one of its items in the HTML)
    "recommendations": ("matchmaking/recommendations/", 'class="mm-reason"'),
    "agenda": ("matchmaking/agenda/", 'class="mm-time"'),
}


def measure_pages(event, registrations, count: int, seed: int, page: str) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from liaison.registration.models import Registration

    regs = list(
        Registration.objects.filter(pk__in=[r.pk for r in registrations])
        .select_related("person__user")
        .order_by("pk")
    )
    rng = random.Random(seed)
    sample = rng.sample(regs, min(count + 1, len(regs)))
    warm, sample = sample[0], sample[1:]
    path, marker = PAGES[page]

    def url(reg) -> str:
        return f"/{reg.language}/{SLUG}/{path}"

    # One client for all: its handler loads the middleware once, as a server process does
    # (whitenoise reads the static files then); a new Client per delegate would time that.
    client = Client()
    client.force_login(warm.person.user)
    client.get(url(warm))  # templates, translations, URL resolvers: loaded once per process
    times, queries, shown = [], [], []
    for reg in sample:
        client.force_login(reg.person.user)  # a signed-in delegate's first look at the page
        began = time.perf_counter()
        response = client.get(url(reg))
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the {page} page answered {response.status_code}")
        shown.append(response.content.decode().count(marker))
        with CaptureQueriesContext(connection) as ctx:
            client.get(url(reg))
        queries.append(len(ctx.captured_queries))
    times.sort()
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "max": times[-1],
        "queries": Counter(queries),
        "shown": Counter(shown),
    }


def measure_stale_page(event, registrations) -> dict:
    """A delegate edits their pitch; the next recommendation page finds the stored ones
    stale. Without a broker it recomputes them inline (with one it queues the task and
    shows the stored ones): the time of that page."""
    from django.test import Client

    from liaison.matchmaking import services
    from liaison.registration.models import Registration

    editor, reader = (
        Registration.objects.select_related("person__user").get(pk=r.pk) for r in registrations[:2]
    )
    services.save_profile(editor, pitch={editor.language: "We also build training centres."})
    client = Client()
    client.force_login(reader.person.user)
    began = time.perf_counter()
    response = client.get(f"/{reader.language}/{SLUG}/matchmaking/recommendations/")
    took = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise SystemExit(f"the recommendation page answered {response.status_code}")
    return {"ms": took}


def measure_run(event, organiser, time_limit: float) -> dict:
    from liaison.matchmaking import instance, services
    from liaison.matchmaking.models import Meeting
    from liaison.matchmaking.services import runs
    from liaison.scheduling import readers, result, supervisor

    with Timer() as timer:
        timer.wrap(instance, "build", "build")
        timer.wrap(readers, "instance_from_dict", "parse")
        timer.wrap(runs, "store_instance", "store_instance")
        timer.wrap(supervisor, "solve_in_subprocess", "solve")
        timer.wrap(runs, "save_progress", "progress")
        timer.wrap(runs, "beat", "progress")
        timer.wrap(result, "to_dict", "to_dict")
        timer.wrap(runs, "finish_run", "finish_run")
        began = time.perf_counter()
        run = services.start_run(event, actor=organiser, time_limit=time_limit)
        total = time.perf_counter() - began
    run.refresh_from_db()
    s = timer.seconds
    return {
        "run": run,
        "total": total,
        "read": s["build"] + s["parse"],
        "build": s["build"],
        "parse": s["parse"],
        "solve": s["solve"],
        # the solver's own clock (``Result.seconds``), which the time limit bounds; the
        # rest of "solve" is the child process's start and the pipes
        "solver": getattr(timer.returned.get("solve"), "seconds", float("nan")),
        "progress": s["progress"],
        "progress_calls": timer.calls["progress"],
        "write": s["store_instance"] + s["to_dict"] + s["finish_run"],
        "store_instance": s["store_instance"],
        "to_dict": s["to_dict"],
        "finish_run": s["finish_run"],
        "meetings": Meeting.objects.filter(run=run).count(),
    }


def measure_publish(run, organiser) -> dict:
    from django.core import mail

    from liaison.matchmaking import emails, services

    mail.outbox = []
    with Timer() as timer:
        timer.wrap(emails, "agenda_message", "mail")
        began = time.perf_counter()
        changed = services.publish_run(run, actor=organiser)
        total = time.perf_counter() - began
    return {
        "total": total,
        "mail": timer.seconds["mail"],
        "changed": len(changed),
        "sent": len(mail.outbox),
    }


def measure_repair(event, organiser) -> dict:
    """A delegate cancels an accepted request after publication: the repair (``keep``)
    runs inline, as without a broker, inside the request that cancelled."""
    from django.core import mail

    from liaison.matchmaking import selectors, services
    from liaison.matchmaking.models import ScheduleRun

    meeting = selectors.schedule(event).order_by("id").first()
    mail.outbox = []
    began = time.perf_counter()
    services.cancel_request(meeting.request, actor=organiser)
    total = time.perf_counter() - began
    repair = ScheduleRun.objects.filter(event=event, kind="repair").order_by("-id").first()
    return {"total": total, "repair": repair, "sent": len(mail.outbox)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--delegates", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=50, help="delegates whose page is timed")
    parser.add_argument("--time-limit", type=float, default=30.0, help="the run's, seconds")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--skip-repair", action="store_true")
    args = parser.parse_args(argv)

    _setup(args.database_url)
    from django.db import connection

    from liaison.matchmaking.models import MeetingRequest, Opportunity, Table, VideoRoom

    print(f"database: {connection.settings_dict['NAME']} (PostgreSQL); load {_load()}")
    _clear()
    began = time.perf_counter()
    event, organiser, registrations, meta = build(args.delegates, args.requests, args.seed)
    generated = time.perf_counter() - began
    states = Counter(MeetingRequest.objects.filter(event=event).values_list("status", flat=True))
    online = sum(1 for m in meta if m["online"])
    print(
        f"generated in {generated:.1f} s (not measured): {len(registrations)} delegates "
        f"({sum(1 for m in meta if m['side'] == 'jp')} jp, "
        f"{sum(1 for m in meta if m['side'] == 'cn')} cn; {online} online), "
        f"{Opportunity.objects.filter(event=event).count()} offers and needs, "
        f"{sum(states.values())} requests {dict(sorted(states.items()))}, "
        f"14 slots, {Table.objects.filter(event=event).count()} tables, "
        f"{VideoRoom.objects.filter(event=event).count()} video rooms"
    )

    print(f"\n(a) recommendations for all delegates ... load {_load()}")
    rec = measure_recommendations(event)
    print(
        f"    {rec['stored']} recommendations for {rec['readers']} delegates in "
        f"{rec['total']:.2f} s: read {rec['read']:.2f} s, rank {rec['rank']:.2f} s, "
        f"write {rec['write']:.2f} s; same-side recommendations: {rec['same_side']}"
    )

    print(f"\n(b) recommendation pages ... load {_load()}")
    pages = measure_pages(event, registrations, args.pages, args.seed, "recommendations")
    print(
        f"    {pages['n']} delegates: p50 {pages['p50']:.1f} ms, p95 {pages['p95']:.1f} ms, "
        f"max {pages['max']:.1f} ms; queries per page {dict(pages['queries'])}; "
        f"recommendations shown {dict(sorted(pages['shown'].items()))}"
    )

    stale = measure_stale_page(event, registrations)
    print(
        f"    the first page after a delegate changed their profile (recomputed inline, "
        f"no broker): {stale['ms']:.0f} ms"
    )

    print(f"\n(c) scheduling run (time limit {args.time_limit:g} s) ... load {_load()}")
    sched = measure_run(event, organiser, args.time_limit)
    run = sched["run"]
    print(
        f"    run {run.status} ({run.solver_status}): {sched['meetings']} of "
        f"{run.meetings_requested} meetings, weight {run.weight} / bound "
        f"{run.weight_upper_bound}, breaks {run.breaks}; {len(run.unscheduled)} unscheduled"
    )
    print(
        f"    {sched['total']:.2f} s in all: read {sched['read']:.2f} s (build "
        f"{sched['build']:.2f}, parse {sched['parse']:.2f}), solve {sched['solve']:.2f} s "
        f"(the solver's own clock {sched['solver']:.2f} s, the rest its process's start "
        "and pipes; "
        f"{sched['progress_calls']} progress/heartbeat writes "
        f"{sched['progress']:.2f} s), write {sched['write']:.2f} s (instance "
        f"{sched['store_instance']:.2f}, result document {sched['to_dict']:.2f}, meetings "
        f"{sched['finish_run']:.2f})"
    )
    print(f"    load {_load()}")
    pub = None
    if run.status == "done" and run.solver_status in ("optimal", "feasible"):
        pub = measure_publish(run, organiser)
        print(
            f"    published in {pub['total']:.2f} s, of which writing {pub['sent']} agenda e-mails "
            f"{pub['mail']:.2f} s ({pub['changed']} agendas)"
        )
    agenda = None
    if pub is not None:
        agenda = measure_pages(event, registrations, args.pages, args.seed + 1, "agenda")
        print(
            f"    agenda pages, {agenda['n']} delegates: p50 {agenda['p50']:.1f} ms, p95 "
            f"{agenda['p95']:.1f} ms, max {agenda['max']:.1f} ms; queries per page "
            f"{dict(agenda['queries'])}; meetings shown {dict(sorted(agenda['shown'].items()))}"
        )
    repair = None
    if pub is not None and not args.skip_repair:
        repair = measure_repair(event, organiser)
        r = repair["repair"]
        print(
            f"    a cancellation after publication, its repair inline: {repair['total']:.2f} s"
            + (
                f" (repair {r.status}/{r.solver_status}, limit {r.time_limit:g} s, moved "
                f"{r.moved}, {repair['sent']} e-mails)"
                if r
                else " (no repair)"
            )
        )
    print(f"    load {_load()}")

    def met(ok: bool) -> str:
        return "yes" if ok else "**no**"

    db = sched["read"] + sched["write"]
    print("\n| measure | measured | target | met |")
    print("|---|---|---|---|")
    print(
        f"| recommendations, all {len(registrations)} delegates | {rec['total']:.1f} s "
        f"| < {TARGET_RECOMMENDATIONS_S:.0f} s | {met(rec['total'] < TARGET_RECOMMENDATIONS_S)} |"
    )
    print(
        f"| recommendation page, {pages['n']} delegates p50 / p95 / max | "
        f"{pages['p50']:.0f} / {pages['p95']:.0f} / {pages['max']:.0f} ms "
        f"| < {TARGET_PAGE_MS:.0f} ms | {met(pages['p95'] < TARGET_PAGE_MS)} |"
    )
    q = sorted(pages["queries"])
    print(
        f"| SQL queries per recommendation page | {q[0]}"
        + (f"-{q[-1]}" if q[-1] != q[0] else "")
        + f" | the same for every delegate | {met(len(q) == 1)} |"
    )
    print(
        f"| the page after a profile change (recomputes inline without a broker) | "
        f"{stale['ms']:.0f} ms | — | |"
    )
    print(
        f"| scheduling run: solver, its own clock (in its subprocess) | "
        f"{sched['solver']:.1f} s ({sched['solve']:.1f} s) | ≤ time limit {args.time_limit:g} s "
        f"| {met(sched['solver'] <= args.time_limit)} |"
    )
    print(
        f"| scheduling run: database read + write | {sched['read']:.1f} + "
        f"{sched['write']:.1f} = {db:.1f} s | < {TARGET_DB_S:.0f} s | {met(db < TARGET_DB_S)} |"
    )
    print(f"| scheduling run: in all | {sched['total']:.1f} s | — | |")
    if pub is not None:
        print(f"| publishing ({pub['sent']} agenda e-mails, inline) | {pub['total']:.1f} s | — | |")
    if agenda is not None:
        q = sorted(agenda["queries"])
        print(
            f"| agenda page, {agenda['n']} delegates p50 / p95 / max (queries) | "
            f"{agenda['p50']:.0f} / {agenda['p95']:.0f} / {agenda['max']:.0f} ms ({q[0]}"
            + (f"-{q[-1]}" if q[-1] != q[0] else "")
            + ") | — | |"
        )
    if repair is not None:
        print(f"| a cancellation with its inline repair | {repair['total']:.1f} s | — | |")
    print(f"\nload average at the end: {_load()}")
    ok = (
        rec["total"] < TARGET_RECOMMENDATIONS_S
        and pages["p95"] < TARGET_PAGE_MS
        and sched["solver"] <= args.time_limit
        and db < TARGET_DB_S
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
