"""The organisations of the event: search in any script, filters, pages, add, edit,
remove from the event."""

from __future__ import annotations

import re

import pytest

from liaison.core.models import AuditEntry
from liaison.events.models import Organisation
from liaison.events.services import add_team_member
from tests.console.conftest import form_data
from tests.factories import EventFactory, OrganisationFactory, UserFactory, three

pytestmark = pytest.mark.django_db

LIST = "/console/chengdu-2021/organisations/"


def listed(response) -> list[str]:
    """The organisation names in the list, in order."""
    page = response.content.decode()
    return re.findall(r'<td class="cell-main"><a href="[^"]+">([^<]+)</a>', page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("日立", ["Hitachi, Ltd.", "Hitachi (China) Ltd."]),  # Chinese and Japanese
        ("Hitachi", ["Hitachi, Ltd.", "Hitachi (China) Ltd."]),
        ("hita", ["Hitachi, Ltd.", "Hitachi (China) Ltd."]),  # part of a word
        ("ＨＩＴＡＣＨＩ", ["Hitachi, Ltd.", "Hitachi (China) Ltd."]),  # full-width letters
        ("さくら", ["Sakura Systems"]),  # kana
        ("蜀医疗", ["Shu Medical"]),
        ("发展和改革", ["National Development and Reform Commission"]),
        ("制作所", ["Hitachi, Ltd."]),
        ("nowhere-at-all", []),
    ],
)
def test_search_finds_organisations_in_any_script(console, seminar, query, expected):
    assert listed(console.get(LIST, {"q": query})) == expected


def test_search_by_city_in_chinese_finds_the_new_organisation(console, seminar):
    OrganisationFactory(
        slug="mianyang-labs",
        name=three("Mianyang Labs", "绵阳实验室", "綿陽ラボ"),
        city=three("Mianyang", "绵阳", "綿陽"),
        event=seminar,
    )

    assert listed(console.get(LIST, {"q": "绵阳"})) == ["Mianyang Labs"]
    assert listed(console.get(LIST, {"q": "綿陽"})) == ["Mianyang Labs"]
    assert listed(console.get(LIST, {"q": "mianyang"})) == ["Mianyang Labs"]


def test_list_shows_only_the_event_organisations(console, seminar):
    OrganisationFactory(slug="elsewhere", name=three("Elsewhere Co", "别处公司", "よそ会社"))

    names = listed(console.get(LIST))

    assert "Elsewhere Co" not in names
    assert len(names) == 5
    assert listed(console.get(LIST, {"q": "别处"})) == []


def test_filters_by_kind_and_country(console, seminar):
    assert listed(console.get(LIST, {"kind": "government"})) == [
        "National Development and Reform Commission"
    ]
    assert listed(console.get(LIST, {"country": "JP"})) == ["Hitachi, Ltd.", "Sakura Systems"]
    assert listed(console.get(LIST, {"country": "CN", "q": "hitachi"})) == ["Hitachi (China) Ltd."]


def test_list_marks_hosts_and_supporters(console, seminar):
    page = console.get(LIST).content.decode()

    assert re.search(r"Hitachi, Ltd\.</a>\s*<span class=\"badge\">Host</span>", page)
    assert re.search(r"Commission</a>\s*<span class=\"badge\">Supporter</span>", page)


def test_list_pages_keep_the_filters(console, seminar):
    for i in range(26):
        OrganisationFactory(slug=f"extra-{i:02d}", country="JP", event=seminar)

    first = console.get(LIST, {"country": "JP"})
    second = console.get(LIST, {"country": "JP", "page": 2})

    assert len(listed(first)) == 25
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?country=JP&amp;page=2"' in first.content.decode()
    assert len(listed(second)) == 3  # 26 + Hitachi + Sakura = 28
    assert "28 results" in second.content.decode()


def _event_with_organisations(n: int):
    user = UserFactory(username=f"organiser-of-{n}")
    event = EventFactory(slug=f"counted-{n}")
    add_team_member(event, user, "organiser")
    for i in range(n):
        OrganisationFactory(slug=f"counted-{n}-{i}", event=event)
    return event, user


@pytest.mark.parametrize("n", [1, 3])
def test_list_takes_the_same_queries_for_one_or_three(client, django_assert_num_queries, n):
    event, user = _event_with_organisations(n)
    client.force_login(user)

    # session, user, team roles, event, countries, count, page, hosts, supporters
    with django_assert_num_queries(9):
        response = client.get(f"/console/{event.slug}/organisations/", {"q": "Example"})

    assert len(listed(response)) == n


def test_adding_an_organisation_lists_it_with_the_event(console, seminar, organiser):
    data = form_data(console.get(f"{LIST}add/"))
    data.update(
        name_0="Chengdu Robotics",
        name_1="成都机器人公司",
        name_2="成都ロボティクス",
        kind="company",
        country="cn",
        city_0="Chengdu",
        city_1="成都",
        website="robotics.example.cn",
    )

    response = console.post(f"{LIST}add/", data)

    assert response.status_code == 302
    assert response["Location"] == LIST
    organisation = Organisation.objects.get(slug="chengdu-robotics")
    assert organisation.country == "CN"
    assert organisation.website == "https://robotics.example.cn"
    assert seminar.organisations.filter(pk=organisation.pk).exists()
    entry = AuditEntry.objects.get(action="organisation.create", object_id=str(organisation.pk))
    assert entry.event == seminar and entry.actor == organiser
    assert listed(console.get(LIST, {"q": "机器人"})) == ["Chengdu Robotics"]
    assert listed(console.get(LIST, {"q": "ロボ"})) == ["Chengdu Robotics"]
    audit = console.get("/console/chengdu-2021/audit/").content.decode()
    assert "organisation.create" in audit and "Organisation chengdu-robotics" in audit


def test_adding_an_organisation_with_a_taken_code_gets_a_free_one(console, seminar):
    data = form_data(console.get(f"{LIST}add/"))
    data.update(name_0="Sakura Systems", kind="company", country="JP")
    OrganisationFactory(slug="sakura-systems")

    console.post(f"{LIST}add/", data)

    assert seminar.organisations.filter(slug="sakura-systems-2").exists()


def test_adding_an_organisation_reports_every_error_in_place(console, seminar):
    data = form_data(console.get(f"{LIST}add/"))
    data.update(name_2="名前だけ", kind="company", country="J1", website="not a web address")

    response = console.post(f"{LIST}add/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the two-letter country code, e.g. CN or JP." in page
    assert "Enter a valid URL." in page
    assert 'value="名前だけ"' in page
    assert not Organisation.objects.filter(slug="organisation").exists()


def test_editing_an_organisation(console, seminar, organiser):
    sakura = Organisation.objects.get(slug="chengdu-2021-jp-co")
    url = f"{LIST}{sakura.pk}/"
    data = form_data(console.get(url))
    assert data["name_2"] == ["さくらシステムズ"]
    data["name_2"] = "さくらシステムズ株式会社"

    assert console.post(url, data).status_code == 302

    sakura.refresh_from_db()
    assert sakura.name.data["ja"] == "さくらシステムズ株式会社"
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.event == seminar and entry.data["changes"]["name"]["ja"].endswith("株式会社")
    assert listed(console.get(LIST, {"q": "システムズ株式"})) == ["Sakura Systems"]


def test_an_organisation_of_another_event_cannot_be_edited_here(console, seminar):
    other = OrganisationFactory(slug="not-here")

    assert console.get(f"{LIST}{other.pk}/").status_code == 404
    assert console.post(f"{LIST}{other.pk}/remove/").status_code == 404


def test_removing_an_organisation_from_the_event(console, seminar):
    spare = OrganisationFactory(slug="spare", event=seminar)

    response = console.post(f"{LIST}{spare.pk}/remove/")

    assert response.status_code == 302
    assert not seminar.organisations.filter(pk=spare.pk).exists()
    assert Organisation.objects.filter(pk=spare.pk).exists()  # kept for other events
    assert AuditEntry.objects.filter(action="event.organisation_remove", event=seminar).exists()
    follow = console.get(response["Location"]).content.decode()
    assert "The organisation is no longer listed with the event." in follow


def test_removing_a_host_is_refused_with_the_reason(console, seminar):
    hitachi = Organisation.objects.get(slug="chengdu-2021-hitachi")

    response = console.post(f"{LIST}{hitachi.pk}/remove/", follow=True)

    page = response.content.decode()
    assert "hosts or supports the event or has people in it; change those first." in page
    assert seminar.organisations.filter(pk=hitachi.pk).exists()


# --- Adding an organisation known from another event --------------------------------------

PICK = f"{LIST}existing/"


def offered(response) -> list[str]:
    """The organisation names the page offers to add, in order."""
    page = response.content.decode()
    return re.findall(r'<span class="organisation-name">([^<]+)</span>', page)


@pytest.fixture
def elsewhere(seminar, organiser):
    """Another event of the organiser's with an organisation the seminar does not list, and
    an event the organiser is not on, with an organisation of its own."""
    mine = EventFactory(slug="tokyo-2022")
    add_team_member(mine, organiser, "staff")  # reading its record is enough
    known = OrganisationFactory(
        slug="kyoto-optics",
        name=three("Kyoto Optics", "京都光学", "京都光学株式会社"),
        event=mine,
    )
    theirs = EventFactory(slug="secret-2023")
    hidden = OrganisationFactory(
        slug="hidden-works", name=three("Hidden Works", "隐藏工厂", "隠れ工業"), event=theirs
    )
    OrganisationFactory(slug="on-no-event", name=three("Nowhere Ltd", "无处公司", "どこにも"))
    return known, hidden


def test_the_organisations_page_links_to_adding_an_existing_one(console, seminar):
    page = console.get(LIST).content.decode()

    assert f'href="{PICK}"' in page and "Add an existing organisation" in page


@pytest.mark.parametrize("query", ["京都", "kyoto", "ＫＹＯＴＯ", "光学株式", "opt"])
def test_organisations_of_your_other_events_are_found_in_any_script(console, elsewhere, query):
    assert offered(console.get(PICK, {"q": query})) == ["Kyoto Optics"]


def test_only_organisations_you_can_see_and_not_yet_listed_are_offered(console, elsewhere):
    names = offered(console.get(PICK))

    assert names == ["Kyoto Optics"]  # not Hidden Works, not Nowhere Ltd, not the seminar's
    assert offered(console.get(PICK, {"q": "隐藏"})) == []
    assert offered(console.get(PICK, {"q": "Hitachi"})) == []  # listed already


def test_adding_an_existing_organisation_lists_it_with_the_event(
    console, seminar, organiser, elsewhere
):
    known, _hidden = elsewhere

    response = console.post(PICK, {"organisation": known.pk})

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert seminar.organisations.filter(pk=known.pk).exists()
    assert known.events.filter(slug="tokyo-2022").exists()  # still at the other event
    entry = AuditEntry.objects.get(action="event.organisation_add", object_id=str(known.pk))
    assert entry.event == seminar and entry.actor == organiser
    follow = console.get(LIST).content.decode()
    assert "Kyoto Optics is now listed with the event." in follow
    assert listed(console.get(LIST, {"q": "京都"})) == ["Kyoto Optics"]
    assert offered(console.get(PICK)) == []
    assert "Every organisation you can see is already listed with the event." in (
        console.get(PICK).content.decode()
    )


def test_an_organisation_you_cannot_see_cannot_be_added(console, seminar, elsewhere):
    _known, hidden = elsewhere

    response = console.post(PICK, {"organisation": hidden.pk})

    assert response.status_code == 400
    assert "This organisation cannot be added" in response.content.decode()
    assert not seminar.organisations.filter(pk=hidden.pk).exists()
    assert not AuditEntry.objects.filter(action="event.organisation_add").exists()


def test_adding_an_organisation_twice_changes_nothing(console, seminar, elsewhere):
    hitachi = Organisation.objects.get(slug="chengdu-2021-hitachi")

    response = console.post(PICK, {"organisation": hitachi.pk})

    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="event.organisation_add").exists()


def test_a_superuser_is_offered_every_organisation(client, seminar, elsewhere):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    assert offered(client.get(PICK)) == ["Hidden Works", "Kyoto Optics", "Nowhere Ltd"]


def test_staff_may_not_add_an_existing_organisation(client, staff_member, elsewhere):
    known, _hidden = elsewhere
    client.force_login(staff_member)

    assert client.get(PICK).status_code == 403
    assert client.post(PICK, {"organisation": known.pk}).status_code == 403
    assert "Add an existing organisation" not in client.get(LIST).content.decode()
