"""A release drafted from the event's record, in each language's own news style.

Deterministic templates, no language model: the facts are gathered once (``facts``), then
each language writes them its own way (``compose``). A fact the record lacks becomes a gap
``[[…]]`` that the editor must fill; publishing refuses a release that still has one.
The programme (video messages, presiding, speeches, thematic sessions) is used where it
exists, the event's roles where it does not; the attendance figure comes from one selector.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps

from liaison.core.i18n import localize
from liaison.core.timezones import in_zone
from liaison.events.models import CooperationArea, Event, Organisation, Person, Role

from .selectors import about, attendance_figure

GAP_OPEN, GAP_CLOSE = "[[", "]]"

ITEM_KINDS = {
    "video": ("video_message",),
    "presiding": ("presiding",),
    "speech": ("speech",),
    "session": ("session", "thematic_session"),
}
ROLE_KINDS = {
    "video": Role.Kind.VIDEO_PRINCIPAL,
    "presiding": Role.Kind.CHAIR,
    "speech": Role.Kind.SPEAKER,
}


def gap(text: str) -> str:
    return f"{GAP_OPEN}{text}{GAP_CLOSE}"


def has_gaps(value: str) -> bool:
    return GAP_OPEN in (value or "")


@dataclass
class Speaker:
    person: Person
    online: bool


@dataclass
class Facts:
    event: Event
    department: dict
    first_day: date
    last_day: date
    offline: bool
    online: bool
    hosts: list[Organisation]
    supporters: list[Organisation]
    video: list[Speaker]
    messages: list[dict]  # the video messages' descriptions, as the programme gives them
    presiding: list[Speaker]
    speakers: list[Speaker]
    areas: list[CooperationArea]
    in_sessions: bool
    attendance: int | None
    sides: list = field(default_factory=list)


def _agenda(event: Event) -> list:
    if not apps.is_installed("liaison.programme"):
        return []
    try:
        from liaison.programme.models import AgendaItem
    except ImportError:  # the programme app is being reworked; the roles still serve
        return []
    return list(
        AgendaItem.objects.filter(event=event)
        .select_related("area")
        .prefetch_related("people__organisation")
        .order_by("starts_at", "position", "id")
    )


def facts(event: Event, department: dict) -> Facts:
    roles = list(
        Role.objects.filter(event=event)
        .select_related("person__organisation", "delegation")
        .order_by("kind", "position", "id")
    )
    position = {}
    online_people = set()
    for role in roles:
        position.setdefault((role.person_id, role.kind), role.position)
        if role.mode == Role.Mode.ONLINE and role.kind != Role.Kind.DELEGATE:
            online_people.add(role.person_id)

    items = _agenda(event)

    def people(group: str) -> list[Speaker]:
        kind = ROLE_KINDS[group]
        found: list[Person] = []
        for item in items:
            if item.kind in ITEM_KINDS[group]:
                ordered = sorted(
                    item.people.all(), key=lambda p: (position.get((p.pk, kind), 999), p.pk)
                )
                found += [p for p in ordered if p not in found]
        if not found:
            found = [r.person for r in roles if r.kind == kind]
        return [Speaker(p, p.pk in online_people) for p in found]

    messages = [
        item.description.data if hasattr(item.description, "data") else item.description
        for item in items
        if item.kind in ITEM_KINDS["video"] and item.description
    ]
    session_areas = []
    for item in items:
        if item.kind in ITEM_KINDS["session"] and item.area and item.area not in session_areas:
            session_areas.append(item.area)
    areas = session_areas or list(event.areas.order_by("position", "slug"))
    figure, _source = attendance_figure(event)
    return Facts(
        event=event,
        department=department,
        first_day=in_zone(event.starts_at, event.timezone).date(),
        last_day=in_zone(event.ends_at, event.timezone).date(),
        offline=bool(event.venue) or any(r.mode == Role.Mode.ONSITE for r in roles),
        online=bool(event.online_channel or event.online_url),
        hosts=list(event.hosts.all()),
        supporters=list(event.supporters.all()),
        video=people("video"),
        messages=[m for m in messages if isinstance(m, dict)],
        presiding=people("presiding"),
        speakers=people("speech"),
        areas=areas,
        in_sessions=bool(session_areas),
        attendance=figure,
        sides=list(event.delegations.all()),
    )


# --- Writing ------------------------------------------------------------------------------


def _t(value, language: str) -> str:
    """The value in ``language`` only: a fallback to another language would put the wrong
    script in the release, so a missing translation is a gap instead."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return (data.get(language) or "").strip()
    return (str(data or "")).strip() if language == "en" else ""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


GAPS = {
    "en": {
        "title": "title of the seminar",
        "city": "city",
        "host": "host",
        "supporter": "supporting body",
        "person_title": "title of {name}",
        "attendance": "number of representatives",
        "name": "name",
        "department": "department",
    },
    "zh-hans": {
        "title": "会议名称",
        "city": "举办城市",
        "host": "主办单位",
        "supporter": "支持单位",
        "person_title": "{name}的职务",
        "attendance": "代表人数",
        "name": "姓名",
        "department": "供稿部门",
    },
    "ja": {
        "title": "会議名",
        "city": "開催都市",
        "host": "主催者",
        "supporter": "支援機関",
        "person_title": "{name}氏の肩書",
        "attendance": "参加者数",
        "name": "氏名",
        "department": "提供部署",
    },
}


def _or_gap(text: str, language: str, key: str, **kw) -> str:
    return text if text else gap(GAPS[language][key].format(**kw))


def _join(items: list[str], language: str) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if language == "en":
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    if language == "zh-hans":
        return items[0] if len(items) == 1 else "、".join(items[:-1]) + "和" + items[-1]
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + "と" + items[-1]


def _people_en(items: list[str]) -> str:
    """People with titles ("A, Vice Mayor of X") need the serial comma, and a comma after
    the last title before the verb."""
    if len(items) == 1:
        return items[0] + ("," if "," in items[0] else "")
    return ", ".join(items[:-1]) + ", and " + items[-1] + ","


def _org_name(org: Organisation, language: str) -> str:
    name = _t(org.name, language)
    # English puts "the" before a public body's name ("the National Development and Reform
    # Commission"), never before a company's.
    if (
        language == "en"
        and name
        and org.kind in (Organisation.Kind.GOVERNMENT, Organisation.Kind.ASSOCIATION)
        and not name.lower().startswith("the ")
    ):
        name = "the " + name
    return name


def _org_names(orgs: list[Organisation], language: str, key: str) -> str:
    return _or_gap(_join([_org_name(o, language) for o in orgs], language), language, key)


def _name(person: Person, language: str) -> tuple[str, bool]:
    """The person's name for ``language`` and whether it is a function ("Representative of
    ...") rather than a name."""
    name = person.name_for(language)
    known_as = _t(person.known_as, language)
    if not (person.family_name or person.family_name_latin):
        return _or_gap(known_as, language, "name"), True
    return name, False


def _person(speaker: Speaker, language: str, online_mark: bool = True) -> str:
    person = speaker.person
    name, by_function = _name(person, language)
    title = _t(person.title, language)
    if not title and not by_function:
        title = gap(GAPS[language]["person_title"].format(name=name))
    online = speaker.online and online_mark
    if language == "en":
        honorific = f"{person.honorific} " if person.honorific else ""
        text = name if by_function else f"{honorific}{name}, {title}"
        return text + (" (online)" if online else "")
    if language == "zh-hans":
        text = name if by_function else f"{title}{name}"
        return text + ("（线上）" if online else "")
    text = name if by_function else f"{title}の{name}氏"
    return text + ("（オンライン）" if online else "")


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def _date(f: Facts, language: str) -> str:
    a, b = f.first_day, f.last_day
    if language == "en":
        if a == b:
            return f"on {a.day} {EN_MONTHS[a.month - 1]} {a.year}"
        return f"from {a.day} {EN_MONTHS[a.month - 1]} to {b.day} {EN_MONTHS[b.month - 1]} {b.year}"
    day = f"{a.year}年{a.month}月{a.day}日"
    if a == b:
        return day
    return (
        day
        + ("至" if language == "zh-hans" else "から")
        + f"{b.month}月{b.day}日"
        + ("" if language == "zh-hans" else "まで")
    )


def _about(f: Facts, language: str) -> str:
    if f.attendance is None:
        return gap(GAPS[language]["attendance"])
    n, rounded = about(f.attendance)
    if language == "en":
        return f"About {n:,}" if rounded else f"{n}"
    if language == "zh-hans":
        return f"约{n}" if rounded else f"{n}"
    return f"約{n}" if rounded else f"{n}"


@dataclass
class Draft:
    title: str
    summary: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "".join(f"<p>{_e(p)}</p>" for p in self.paragraphs if p)


def _english(f: Facts) -> Draft:
    lang = "en"
    title = _or_gap(_t(f.event.title, lang), lang, "title")
    city = _or_gap(_t(f.event.city, lang), lang, "city")
    hosts = _org_names(f.hosts, lang, "host")
    supporters = _org_names(f.supporters, lang, "supporter")
    where = (
        f"online and offline in {city}"
        if f.online and f.offline
        else "online"
        if f.online
        else f"in {city}"
    )
    verb = "holds" if len(f.hosts) == 1 else "hold"
    headline = f"{hosts} {verb} {title} with the support of {supporters}"
    theme = _t(f.event.theme, lang)
    theme_clause = f", aimed at {_lower_first(theme)}," if theme else ""
    lead = (
        f"The {title}{theme_clause} was held {where} {_date(f, lang)} by {hosts}, with the "
        f"support of {supporters}."
    )
    paragraphs = [lead]
    if f.video:
        many = len(f.video) > 1
        paragraphs.append(
            f"{_people_en([_person(s, lang) for s in f.video])} sent "
            f"{'video messages' if many else 'a video message'}."
        )
    paragraphs += [_t(m, lang) for m in f.messages]
    middle = []
    if f.presiding:
        middle.append(
            f"{_people_en([_person(s, lang, False) for s in f.presiding])} presided over the "
            "seminar."
        )
    if f.areas:
        names = _join([_lower_first(_t(a.name, lang)) or gap("area") for a in f.areas], lang)
        sessions = " in thematic sessions" if f.in_sessions else ""
        middle.append(f"Delegates of both sides exchanged views{sessions} on {names}.")
    if f.speakers:
        many = len(f.speakers) > 1
        middle.append(
            f"{_people_en([_person(s, lang) for s in f.speakers])} also delivered "
            f"{'speeches' if many else 'a speech'}."
        )
    sides = _join([_t(s.name, lang) for s in f.sides], lang)
    middle.append(
        f"{_about(f, lang)} representatives{f' from {sides}' if sides else ''} attended the "
        "seminar."
    )
    paragraphs.append(" ".join(middle))
    department = _or_gap(_t(f.department, lang), lang, "department")
    paragraphs.append(f"(Contributed by the {department})")
    return Draft(headline, lead, paragraphs)


def _chinese(f: Facts) -> Draft:
    lang = "zh-hans"
    title = _or_gap(_t(f.event.title, lang), lang, "title")
    city = _or_gap(_t(f.event.city, lang), lang, "city")
    hosts = _org_names(f.hosts, lang, "host")
    supporters = _org_names(f.supporters, lang, "supporter")
    how = (
        f"在{city}以线上线下相结合的方式"
        if f.online and f.offline
        else "以线上方式"
        if f.online
        else f"在{city}"
    )
    headline = f"{hosts}在{supporters}支持下成功举办{title}"
    lead = f"{_date(f, lang)}，由{hosts}主办、{supporters}支持的{title}{how}成功举办。"
    theme = _t(f.event.theme, lang)
    if theme:
        lead += f"会议以“{theme}”为主题。"
    paragraphs = [lead]
    if f.video:
        paragraphs.append(f"{'、'.join(_person(s, lang) for s in f.video)}发表视频致辞。")
    paragraphs += [_t(m, lang) for m in f.messages]
    middle = ""
    if f.presiding:
        together = "共同" if len(f.presiding) > 1 else ""
        middle += (
            f"{_join([_person(s, lang, False) for s in f.presiding], lang)}{together}主持会议。"
        )
    if f.areas:
        names = "、".join(_t(a.name, lang) or gap("领域") for a in f.areas)
        where = "在各专题分会上" if f.in_sessions else ""
        middle += f"与会双方代表{where}围绕{names}等领域进行了深入交流。"
    if f.speakers:
        middle += f"{'、'.join(_person(s, lang) for s in f.speakers)}出席会议并致辞。"
    sides = _join([_t(s.name, lang) for s in f.sides], lang)
    middle += f"{'来自' + sides + '的' if sides else ''}{_about(f, lang)}名代表参加会议。"
    paragraphs.append(middle)
    department = _or_gap(_t(f.department, lang), lang, "department")
    paragraphs.append(f"（{department}供稿）")
    return Draft(headline, lead, paragraphs)


def _japanese(f: Facts) -> Draft:
    lang = "ja"
    title = _or_gap(_t(f.event.title, lang), lang, "title")
    city = _or_gap(_t(f.event.city, lang), lang, "city")
    hosts = _org_names(f.hosts, lang, "host")
    supporters = _org_names(f.supporters, lang, "supporter")
    how = (
        f"{city}の会場とオンラインで"
        if f.online and f.offline
        else "オンラインで"
        if f.online
        else f"{city}で"
    )
    headline = f"{hosts}が「{title}」を開催　{supporters}が支援"
    lead = f"{hosts}は{_date(f, lang)}、{supporters}の支援のもと、「{title}」を{how}開催しました。"
    theme = _t(f.event.theme, lang)
    if theme:
        lead += f"テーマは「{theme}」です。"
    paragraphs = [lead]
    if f.video:
        paragraphs.append(
            f"{'、'.join(_person(s, lang) for s in f.video)}がビデオメッセージを寄せました。"
        )
    paragraphs += [_t(m, lang) for m in f.messages]
    middle = ""
    if f.presiding:
        middle += (
            f"{_join([_person(s, lang, False) for s in f.presiding], lang)}が司会を務めました。"
        )
    if f.areas:
        names = "、".join(_t(a.name, lang) or gap("分野") for a in f.areas)
        where = "分科会などで" if f.in_sessions else ""
        middle += f"双方の代表は{where}、{names}の各分野について意見を交わしました。"
    if f.speakers:
        middle += f"また、{'、'.join(_person(s, lang) for s in f.speakers)}が挨拶しました。"
    sides = "と".join(_t(s.name, lang) for s in f.sides if _t(s.name, lang))
    middle += f"会議には{sides + 'から' if sides else ''}{_about(f, lang)}名の代表が参加しました。"
    paragraphs.append(middle)
    department = _or_gap(_t(f.department, lang), lang, "department")
    paragraphs.append(f"（{department}提供）")
    return Draft(headline, lead, paragraphs)


WRITERS = {"en": _english, "zh-hans": _chinese, "ja": _japanese}


def compose(f: Facts, languages) -> dict[str, Draft]:
    return {lang: WRITERS[lang](f) for lang in languages if lang in WRITERS}


def localized(value, language: str) -> str:
    return localize(value, language).text
