"""The event's settings and a new event, through the console's forms."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission

from liaison.core.models import AuditEntry
from liaison.events.models import Event, TeamMember
from liaison.events.services import update_event
from tests.console.conftest import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = "/console/chengdu-2021/settings/"


def test_settings_form_shows_the_three_languages_side_by_side(console, seminar):
    page = console.get(SETTINGS).content.decode()

    assert 'name="title_0" value="Economic and Technological Cooperation Seminar"' in page
    assert 'lang="zh-Hans"' in page and 'name="title_1" value="经济技术合作交流会"' in page
    assert 'lang="ja"' in page and 'name="title_2" value="経済技術協力セミナー"' in page
    assert '<span class="ml-name">Japanese</span>' in page


def test_settings_form_marks_the_missing_translations(console, seminar):
    # The seminar's description is in English only.
    page = console.get(SETTINGS).content.decode()

    description = page[page.index("<legend>Description") :]
    description = description[: description.index("</fieldset>")]
    assert description.count('class="ml-lang is-missing"') == 2
    assert "Missing translations" in page
    assert re.search(r"<li>Description: Simplified Chinese, Japanese</li>", page)
    # An empty optional field is not a missing translation.
    update_event(seminar, venue={})
    page = console.get(SETTINGS).content.decode()
    venue = page[page.index("<legend>Venue") :]
    assert 'is-missing"' not in venue[: venue.index("</fieldset>")]


def test_editing_the_japanese_title_shows_on_the_public_site_and_in_the_audit_log(
    console, seminar, organiser
):
    data = form_data(console.get(SETTINGS))
    data["title_2"] = "日中経済技術協力セミナー"

    response = console.post(SETTINGS, data)

    assert response.status_code == 302
    assert response["Location"] == SETTINGS
    seminar.refresh_from_db()
    assert seminar.title.data["ja"] == "日中経済技術協力セミナー"
    assert seminar.title.data["en"] == "Economic and Technological Cooperation Seminar"
    # Nothing else changed: the times read on the event's clock came back unchanged.
    assert seminar.starts_at == datetime(2021, 7, 15, 6, 0, tzinfo=UTC)
    entry = AuditEntry.objects.filter(event=seminar, action="event.update").latest("id")
    assert entry.actor == organiser
    assert entry.summary == "Changed title"
    assert entry.data["changes"]["title"]["ja"] == "日中経済技術協力セミナー"
    public = console.get("/ja/chengdu-2021/").content.decode()
    assert '<h1 id="event-title">日中経済技術協力セミナー</h1>' in public
    assert (
        "日中経済技術協力セミナー" in console.get("/console/chengdu-2021/audit/").content.decode()
    )


def test_saving_the_form_unchanged_writes_nothing(console, seminar):
    entries = AuditEntry.objects.count()

    response = console.post(SETTINGS, form_data(console.get(SETTINGS)))

    assert response.status_code == 302
    assert AuditEntry.objects.count() == entries


def test_times_are_read_on_the_event_clock(console, seminar):
    data = form_data(console.get(SETTINGS))
    assert data["starts_at"] == ["2021-07-15T14:00"]
    data["starts_at"], data["ends_at"] = "2021-07-15T09:00", "2021-07-15T12:00"
    data["timezone"] = "Asia/Tokyo"

    console.post(SETTINGS, data)

    seminar.refresh_from_db()
    assert seminar.timezone == "Asia/Tokyo"
    assert seminar.starts_at == datetime(2021, 7, 15, 0, 0, tzinfo=UTC)
    assert seminar.ends_at == datetime(2021, 7, 15, 3, 0, tzinfo=UTC)


def test_end_before_start_is_refused_with_the_field_named(console, seminar):
    data = form_data(console.get(SETTINGS))
    data["ends_at"] = "2021-07-15T13:00"
    data["title_2"] = "変更しても失われない"

    response = console.post(SETTINGS, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The end must come after the start." in page
    assert 'value="変更しても失われない"' in page  # nothing typed is lost
    seminar.refresh_from_db()
    assert seminar.title.data["ja"] == "経済技術協力セミナー"


def test_title_in_no_language_is_refused(console, seminar):
    data = form_data(console.get(SETTINGS))
    data.update(title_0="", title_1="", title_2="")

    page = console.post(SETTINGS, data).content.decode()

    assert "Give this in at least one language." in page


def test_default_language_must_be_offered(console, seminar):
    data = form_data(console.get(SETTINGS))
    data["languages"] = ["zh-hans", "ja"]

    page = console.post(SETTINGS, data).content.decode()

    assert "The default language must be one of the languages offered." in page


def test_fewer_languages_show_fewer_columns_and_keep_the_other_texts(console, seminar):
    data = form_data(console.get(SETTINGS))
    data["languages"] = ["en", "ja"]
    console.post(SETTINGS, data)

    page = console.get(SETTINGS).content.decode()
    assert "title_2" not in page
    assert 'name="title_1" value="経済技術協力セミナー"' in page
    data = form_data(console.get(SETTINGS))
    data["title_1"] = "経済技術協力セミナー 2021"
    console.post(SETTINGS, data)

    seminar.refresh_from_db()
    assert seminar.languages == ["en", "ja"]
    assert seminar.title.data["zh-hans"] == "经济技术合作交流会"  # kept, though not shown
    assert seminar.title.data["ja"] == "経済技術協力セミナー 2021"


def test_status_is_changed_from_the_settings(console, seminar):
    data = form_data(console.get(SETTINGS))
    data["status"] = "draft"

    console.post(SETTINGS, data)

    seminar.refresh_from_db()
    assert seminar.status == "draft"
    assert console.get("/en/chengdu-2021/").status_code == 404


def test_form_error_in_chinese(console, seminar):
    console.cookies["django_language"] = "zh-hans"
    data = form_data(console.get(SETTINGS))
    data["ends_at"] = "2021-07-15T13:00"
    data.update(title_0="", title_1="", title_2="")

    page = console.post(SETTINGS, data).content.decode()

    assert '<html lang="zh-Hans">' in page
    assert "结束时间必须晚于开始时间。" in page
    assert "请至少用一种语言填写。" in page
    assert "请更正下面标出的字段，您输入的内容都已保留。" in page


# --- A new event --------------------------------------------------------------------------


@pytest.fixture
def creator(db):
    """A staff user allowed to create events (rules.can_create_event)."""
    user = UserFactory(username="creator", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    return user


def new_event_data(client, **changes) -> dict:
    data = form_data(client.get("/console/new/"))
    data.update(
        slug="osaka-2023",
        title_0="Osaka Seminar",
        title_2="大阪セミナー",
        city_0="Osaka",
        city_1="大阪",
        city_2="大阪",
        starts_at="2023-05-10T13:00",
        ends_at="2023-05-10T17:00",
        timezone="Asia/Tokyo",
    )
    data.update(changes)
    return data


def test_creator_makes_an_event_and_becomes_its_organiser(client, creator):
    client.force_login(creator)

    response = client.post("/console/new/", new_event_data(client))

    assert response.status_code == 302
    assert response["Location"] == "/console/osaka-2023/"
    event = Event.objects.get(slug="osaka-2023")
    assert event.status == "draft"
    assert event.title.data == {"en": "Osaka Seminar", "ja": "大阪セミナー"}
    assert event.starts_at == datetime(2023, 5, 10, 4, 0, tzinfo=UTC)
    assert TeamMember.objects.filter(event=event, user=creator, role="organiser").exists()
    assert AuditEntry.objects.filter(event=event, action="event.create", actor=creator).exists()
    assert client.get("/console/osaka-2023/settings/").status_code == 200


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("ja-cn", "“ja-cn” looks like a language code; choose a longer address."),
        ("login", "“login” is a word the site already uses; choose another."),
        ("Osaka 2023", "Use lower-case letters, digits and single hyphens, e.g. chengdu-2021."),
    ],
)
def test_new_event_refuses_addresses_the_site_cannot_serve(client, creator, slug, message):
    client.force_login(creator)

    response = client.post("/console/new/", new_event_data(client, slug=slug))

    page = response.content.decode()
    assert response.status_code == 200
    assert message.replace("“", "&ldquo;") in page or message in page
    slug_field = page[page.index('for="id_slug"') :]
    assert message in slug_field[: slug_field.index("</div>")]
    assert not Event.objects.exists()


def test_new_event_with_a_taken_address_is_refused(client, creator, seminar):
    client.force_login(creator)

    page = client.post("/console/new/", new_event_data(client, slug="chengdu-2021")).content

    assert "Another event has the address “chengdu-2021”." in page.decode()


def test_event_list_offers_a_new_event_only_to_who_may_create(client, creator, organiser):
    client.force_login(organiser)
    assert "/console/new/" not in client.get("/console/").content.decode()
    client.force_login(creator)
    assert 'href="/console/new/"' in client.get("/console/").content.decode()
