"""The demo seminar: the economic and technological cooperation seminar hosted by Hitachi
with the support of the National Development and Reform Commission, held online and in
Chengdu on 15 July 2021 (see the news release in shared/seed), plus 200 synthetic delegates.

What the seminar is (texts, organisations, people, roles, names to draw delegates from) is
data, in ``demo.toml`` beside this module; this module builds it through the services.
"""

from __future__ import annotations

import os
import random
import secrets
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time
from importlib import import_module, resources
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


def login_file() -> Path:
    return Path(settings.VAR_DIR) / LOGIN_FILE_NAME


def read_data(app_module: str, name: str = "demo.toml") -> dict:
    """A demo's data file, shipped inside the app's package."""
    return tomllib.loads(resources.files(app_module).joinpath(name).read_text(encoding="utf-8"))


def local_time(event: Event, moment: time) -> datetime:
    """``moment`` on the event's (local) day, in its time zone; stored by Django as UTC."""
    zone = ZoneInfo(event.timezone)
    return datetime.combine(event.starts_at.astimezone(zone).date(), moment, tzinfo=zone)


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


def _build_seminar(rng: random.Random, organiser) -> tuple[Event, DemoContext]:
    data = read_data(__package__)
    cities = data["cities"]

    def organisation(row: dict, country: str, website: str = "") -> Organisation:
        return services.create_organisation(
            slug=row["slug"],
            name=row["name"],
            kind=row["kind"],
            country=country,
            city=cities[row["city"]],
            website=website,
        )

    named = {row["slug"]: organisation(row, row["country"]) for row in data["named_organisations"]}
    spec = data["event"]
    zone = ZoneInfo(spec["timezone"])
    event = services.create_event(
        slug=spec["slug"],
        title=spec["title"],
        theme=spec["theme"],
        description=spec["description"],
        timezone=spec["timezone"],
        starts_at=datetime.combine(spec["date"], spec["starts"], tzinfo=zone),
        ends_at=datetime.combine(spec["date"], spec["ends"], tzinfo=zone),
        city=cities[spec["city"]],
        venue=spec["venue"],
        online_channel=spec["online_channel"],
        online_url=spec["online_url"],
        languages=spec["languages"],
        default_language=spec["default_language"],
        status=spec["status"],
        hosts=[named[slug] for slug in spec["hosts"]],
        supporters=[named[slug] for slug in spec["supporters"]],
        organisers=[organiser],
    )
    sides = {
        side["code"]: services.add_delegation(
            event, side["code"], side["name"], country=side["country"], position=position
        )
        for position, side in enumerate(data["sides"], start=1)
    }
    areas = [
        services.add_area(event, area["slug"], area["name"], position=position)
        for position, area in enumerate(data["areas"], start=1)
    ]
    principals = {}
    for row in data["principals"]:
        fields = {k: v for k, v in row.items() if k not in ("key", "organisation")}
        principals[row["key"]] = services.create_person(
            organisation=named[row["organisation"]], **fields
        )
    for position, role in enumerate(data["roles"], start=1):
        services.add_role(
            event,
            principals[role["person"]],
            role["kind"],
            delegation=sides[role["side"]],
            mode=role["mode"],
            position=position,
        )
    delegates = []
    for side in data["delegates"]["sides"]:
        organisations = [
            organisation(row, side["country"], f"https://{row['slug']}.{side['domain']}/")
            for row in side["organisations"]
        ]
        delegates.append((side, organisations))
    roles = []
    emails: set[str] = set()
    for side, organisations in delegates:
        roles += _delegates(
            rng, event, sides[side["side"]], side, organisations, areas, data, emails
        )
    return event, DemoContext(rng=rng, principals=principals, delegates=roles)


def _given_name(rng: random.Random, syllables) -> tuple[str, str]:
    chosen = rng.sample(syllables, 2)
    native = "".join(s for s, _ in chosen)
    latin = "".join(r for _, r in chosen)
    return native, latin.capitalize()


def _delegates(rng, event, delegation, side, organisations, areas, data, emails):
    """The invented delegates of one side (``[[delegates.sides]]`` in demo.toml)."""
    roles = []
    job_titles = data["delegates"]["job_titles"]
    for index in range(1, side["count"] + 1):
        family, family_latin = rng.choice(side["family_names"])
        given, given_latin = _given_name(rng, side["syllables"])
        local = f"{given_latin}.{family_latin}".lower()
        email = f"{local}@{side['domain']}"
        suffix = 2
        while email in emails:
            email = f"{local}{suffix}@{side['domain']}"
            suffix += 1
        emails.add(email)
        person = services.create_person(
            family_name=family,
            given_name=given,
            family_name_latin=family_latin,
            given_name_latin=given_latin,
            latin_order=side["latin_order"],
            title=rng.choice(job_titles),
            organisation=rng.choice(organisations),
            preferred_language=rng.choice(side["languages"]),
            email=email,
        )
        mode = Role.Mode.ONLINE if rng.random() < side["online_share"] else Role.Mode.ONSITE
        chosen = sorted(rng.sample(areas, rng.randint(1, 3)), key=lambda a: a.position)
        role = services.add_role(
            event,
            person,
            Role.Kind.DELEGATE,
            delegation=delegation,
            mode=mode,
            areas=chosen,
            position=index,
        )
        roles.append((role, chosen))
    return roles
