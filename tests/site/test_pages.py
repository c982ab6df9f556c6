"""The public event site, as a visitor reads it in English, Chinese and Japanese."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.core.i18n import localize
from liaison.events.models import Delegation, Event, Organisation, Person
from tests.factories import (
    AgendaItemFactory,
    CooperationAreaFactory,
    EventFactory,
    PersonFactory,
    RoleFactory,
    three,
)
from tests.site.seminar import at, build_seminar, organisation

pytestmark = pytest.mark.django_db

LANGUAGE_PAGES = [
    ("en", 'lang="en"', "15 July 2021, 14:00–17:30 China Standard Time (UTC+8)"),
    ("zh-hans", 'lang="zh-Hans"', "2021年7月15日 14:00–17:30 中国标准时间（UTC+8）"),
    ("ja", 'lang="ja"', "2021年7月15日 14:00～17:30 中国標準時（UTC+8）"),
]


def text_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("language", "html_lang", "when"), LANGUAGE_PAGES)
def test_event_page_names_hosts_supporter_areas_and_date_in_each_language(
    client, seminar, language, html_lang, when
):
    response = client.get(f"/{language}/chengdu-2021/")

    assert response.status_code == 200
    page = text_of(response)
    assert f"<html {html_lang}>" in page
    assert localize(seminar.title, language).text in page
    for host in seminar.hosts.all():
        assert localize(host.name, language).text in page
    for supporter in seminar.supporters.all():
        assert localize(supporter.name, language).text in page
    areas = list(seminar.areas.all())
    assert len(areas) == 7
    for area in areas:
        assert localize(area.name, language).text in page
    assert when in page


def test_event_home_shows_time_in_japan_for_the_japanese_side(client, seminar):
    page = text_of(client.get("/en/chengdu-2021/"))

    assert "15 July 2021, 15:00–18:30 Japan Standard Time (UTC+9)" in page
    assert "Chengdu conference centre" in page
    assert "Video link" in page
    assert "Held on site and online at the same time." in page


def test_event_home_shows_programme_with_principal_and_parallel_sessions(client, seminar):
    page = text_of(client.get("/en/chengdu-2021/"))

    assert "H.E. Mr. Ning Jizhe" in page
    assert "4 sessions in parallel" in page
    assert page.count('class="item"') == 5


def test_event_home_names_people_in_their_own_script_in_chinese(client, seminar):
    page = text_of(client.get("/zh-hans/chengdu-2021/"))

    assert "宁吉喆" in page
    assert "4 场同时进行" in page


def test_event_home_key_figures_count_delegates_per_side(client, db):
    build_seminar(delegates=5)

    page = text_of(client.get("/en/chengdu-2021/"))

    figures = re.findall(r"<dd>(\d+)</dd><dt>([^<]+)</dt>", page)
    assert ("2", "Delegates, Japanese side") in figures
    assert ("3", "Delegates, Chinese side") in figures
    assert ("5", "Delegates in all") in figures


def test_site_root_redirects_to_a_language_prefix(client, seminar):
    response = client.get("/", headers={"accept-language": "ja"})

    assert response.status_code == 302
    assert response["Location"] == "/ja/"


def _seminar(slug: str, days_later: int, title: dict, city: dict, status: str = "open") -> Event:
    return EventFactory(
        slug=slug,
        title=title,
        city=city,
        status=status,
        starts_at=at(14) + timedelta(days=days_later),
        ends_at=at(17) + timedelta(days=days_later),
    )


@pytest.mark.parametrize(
    ("language", "dates", "cities"),
    [
        ("en", ["3 October 2022", "15 July 2021"], ["Osaka", "Chengdu"]),
        ("zh-hans", ["2022年10月3日", "2021年7月15日"], ["大阪", "成都"]),
        ("ja", ["2022年10月3日", "2021年7月15日"], ["大阪", "成都"]),
    ],
)
def test_index_lists_public_events_newest_first_with_date_city_and_link(
    client, seminar, language, dates, cities
):
    _seminar(
        "osaka-2022",
        445,
        three(
            "Osaka Seminar on Green Energy", "大阪绿色能源交流会", "大阪グリーンエネルギーセミナー"
        ),
        three("Osaka", "大阪", "大阪"),
    )
    _seminar(
        "tokyo-2023",
        800,
        three("A later draft seminar", "稍后的草稿", "後の下書き"),
        three("Tokyo", "东京", "東京"),
        status="draft",
    )

    page = text_of(client.get(f"/{language}/"))

    entries = re.findall(
        r'<a class="seminar" href="([^"]+)">.*?class="seminar-date">([^<]+)</span>'
        r'<span class="seminar-city">([^<]+)</span>.*?class="seminar-title">([^<]+)</span>',
        page,
        re.S,
    )
    titles = [
        localize(Event.objects.get(slug=slug).title, language).text
        for slug in ("osaka-2022", "chengdu-2021")
    ]
    assert entries == [
        (f"/{language}/osaka-2022/", dates[0], cities[0], titles[0]),
        (f"/{language}/chengdu-2021/", dates[1], cities[1], titles[1]),
    ]
    assert "A later draft seminar" not in page and "後の下書き" not in page


def test_index_list_queries_do_not_grow_with_the_number_of_events(
    client, db, django_assert_num_queries
):
    _seminar("seminar-1", 1, three("One", "一", "一"), three("Chengdu", "成都", "成都"))
    with CaptureQueriesContext(connection) as with_one:
        assert client.get("/en/").status_code == 200
    for i in (2, 3):
        _seminar(
            f"seminar-{i}", i, three(f"Seminar {i}", "会", "会"), three("Osaka", "大阪", "大阪")
        )

    with django_assert_num_queries(len(with_one.captured_queries)):
        page = text_of(client.get("/en/"))
    assert page.count('class="seminar"') == 3


def test_index_without_public_event_shows_empty_state(client, db):
    build_seminar(status="draft")

    response = client.get("/ja/")

    assert response.status_code == 200
    assert "まだ公開されたセミナーはありません" in text_of(response)


@pytest.mark.parametrize("language", ["en", "zh-hans", "ja"])
def test_organisations_page_lists_sides_with_their_organisations(client, seminar, language):
    response = client.get(f"/{language}/chengdu-2021/organisations/")

    assert response.status_code == 200
    page = text_of(response)
    for delegation in Delegation.objects.filter(event=seminar):
        assert localize(delegation.name, language).text in page
    for slug in ("chengdu-2021-jp-co", "chengdu-2021-cn-co", "chengdu-2021-hitachi"):
        assert localize(Organisation.objects.get(slug=slug).name, language).text in page


def test_organisations_page_shows_kind_and_city_in_japanese(client, seminar):
    page = text_of(client.get("/ja/chengdu-2021/organisations/"))

    assert "企業" in page
    assert "政府機関" in page
    assert "成都" in page
    assert "代表者数" in page


def test_draft_event_is_not_found(client, db):
    build_seminar(status="draft")

    assert client.get("/en/chengdu-2021/").status_code == 404
    assert client.get("/en/chengdu-2021/organisations/").status_code == 404


@pytest.mark.parametrize("path", ["/fr/", "/xx/chengdu-2021/", "/de/chengdu-2021/organisations/"])
def test_unknown_language_prefix_is_not_found_with_the_site_page(client, seminar, path):
    response = client.get(path)

    assert response.status_code == 404
    page = text_of(response)
    assert "Page not found" in page
    assert "liaison/liaison.css" in page


def test_unknown_event_is_not_found_in_japanese(client, seminar):
    response = client.get("/ja/no-such-seminar/")

    assert response.status_code == 404
    assert "ページが見つかりません" in text_of(response)


@pytest.mark.parametrize("path", ["/en/", "/en/chengdu-2021/organisations/", "/ja/chengdu-2021/"])
def test_public_pages_show_no_delegate_email_or_name(client, seminar, path):
    page = text_of(client.get(path))

    assert "@" not in page
    assert "Delegatename" not in page
    for email in Person.objects.values_list("email", flat=True):
        assert email not in page
    for delegate in Person.objects.filter(roles__kind="delegate"):
        assert delegate.native_name not in page


def test_untranslated_text_falls_back_visibly_with_its_language(client, seminar):
    page = text_of(client.get("/ja/chengdu-2021/"))

    assert '<div class="fallback fallback-block" lang="en"' in page
    assert "Held online and offline in Chengdu." in page
    assert "日本語訳はまだありません。英語で表示しています" in page


def test_language_switcher_links_to_the_same_page_in_each_language(client, seminar):
    page = text_of(client.get("/en/chengdu-2021/organisations/"))

    assert 'href="/ja/chengdu-2021/organisations/" lang="ja"' in page
    assert 'href="/zh-hans/chengdu-2021/organisations/" lang="zh-Hans"' in page


def _grow(event: Event, numbers: range) -> None:
    """More hosts, areas, agenda items with speakers, and organisations on each side."""
    for i in numbers:
        host = organisation(f"extra-host-{i}", three(f"Host {i}", f"主办{i}", f"主催{i}"), "JP")
        event.hosts.add(host)
        CooperationAreaFactory(event=event, name=three(f"Area {i}", "领域", "分野"))
        for side in event.delegations.all():
            member = organisation(f"extra-{side.code}-{i}", three(f"Org {i}", "机构", "機関"), "CN")
            RoleFactory(event=event, person__organisation=member, delegation=side)
        speaker = PersonFactory(family_name_latin=f"Speaker{i}", organisation=host)
        AgendaItemFactory(
            event=event,
            starts_at=at(16, 30 + i),
            ends_at=at(16, 31 + i),
            kind="speech",
            title=three(f"Speech {i}", "致辞", "挨拶"),
            people=[speaker],
        )


@pytest.mark.parametrize("path", ["/en/chengdu-2021/", "/en/chengdu-2021/organisations/"])
def test_page_queries_do_not_grow_with_the_number_of_objects(
    client, db, django_assert_num_queries, path
):
    event = build_seminar(delegates=0)
    _grow(event, range(1))
    with CaptureQueriesContext(connection) as with_one:
        assert client.get(path).status_code == 200

    _grow(event, range(1, 3))  # now 3 of each
    with django_assert_num_queries(len(with_one.captured_queries)):
        response = client.get(path)
    assert "Org 2" in text_of(response) or "Speech 2" in text_of(response)


def test_server_error_page_renders_without_request_in_chinese():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        page = render_to_string("500.html")

    assert '<html lang="zh-Hans">' in page
    assert "服务器出现问题" in page


@pytest.mark.parametrize(("language", "html_lang", "when"), LANGUAGE_PAGES)
def test_demo_seminar_home_page_names_hosts_supporter_and_seven_areas(
    client,
    language,
    html_lang,
    when,  # noqa: ARG001 - the date is checked per language below
):
    demo = pytest.importorskip("liaison.events.demo")  # skipped until the loader exists
    demo.load_demo(seed=1)
    event = Event.objects.get(slug="chengdu-2021")

    page = text_of(client.get(f"/{language}/chengdu-2021/"))

    assert f"<html {html_lang}>" in page
    names = [o.name for o in [*event.hosts.all(), *event.supporters.all()]]
    names += [a.name for a in event.areas.all()]
    assert len(names) == 3 + 7
    for name in names:
        assert localize(name, language).text in page
    date, zone = {
        "en": ("15 July 2021", "China Standard Time (UTC+8)"),
        "zh-hans": ("2021年7月15日", "中国标准时间（UTC+8）"),
        "ja": ("2021年7月15日", "中国標準時（UTC+8）"),
    }[language]
    assert date in page
    assert zone in page
    assert "@" not in page
