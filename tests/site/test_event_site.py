"""What the public site shows of an event, and what it keeps back: the event's own
languages, the programme's descriptions, organisations' websites, one count of the
organisations taking part, and the online channel's address only for those it is for."""

from __future__ import annotations

import re

import pytest

from liaison.events import services
from liaison.events.models import Organisation
from liaison.programme import services as programme_services
from tests.factories import OrganisationFactory, UserFactory, three

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def switcher(page: str) -> list[str]:
    languages = re.search(r'<ul class="languages".*?</ul>', page, re.S).group(0)
    return re.findall(r'hreflang="([^"]+)"', languages)


def test_switcher_offers_only_the_event_languages(client, seminar):
    services.update_event(seminar, languages=["en", "ja"])

    assert switcher(text_of(client.get("/en/chengdu-2021/"))) == ["en", "ja"]
    assert switcher(text_of(client.get("/ja/chengdu-2021/organisations/"))) == ["en", "ja"]
    # The list of all seminars is in every language.
    assert switcher(text_of(client.get("/en/"))) == ["en", "zh-Hans", "ja"]


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/zh-hans/chengdu-2021/", "/en/chengdu-2021/"),
        ("/zh-hans/chengdu-2021/organisations/", "/en/chengdu-2021/organisations/"),
    ],
)
def test_event_page_in_a_language_it_does_not_offer_leads_to_its_default(
    client, seminar, path, target
):
    services.update_event(seminar, languages=["en", "ja"])

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == target


def test_online_channel_address_hidden_from_anonymous_visitors(client, seminar):
    services.update_event(seminar, online_url="https://live.example.org/secret-room")

    page = text_of(client.get("/en/chengdu-2021/"))

    assert "secret-room" not in page
    assert "Video link" in page
    assert "The link to follow online is given to registered participants." in page


def test_online_channel_address_shown_to_the_event_team(client, seminar):
    services.update_event(seminar, online_url="https://live.example.org/secret-room")
    staff = UserFactory(username="door")
    services.add_team_member(seminar, staff, "staff")
    client.force_login(staff)

    page = text_of(client.get("/ja/chengdu-2021/"))

    assert 'href="https://live.example.org/secret-room"' in page
    assert "オンライン中継" in page


def test_signed_in_stranger_does_not_see_the_online_address(client, seminar):
    services.update_event(seminar, online_url="https://live.example.org/secret-room")
    client.force_login(UserFactory(username="stranger"))

    assert "secret-room" not in text_of(client.get("/en/chengdu-2021/"))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The message sees great potential in the digital economy."),
        ("zh-hans", "致辞指出，两国在数字经济领域合作潜力巨大。"),
        ("ja", "デジタル経済の分野に大きな協力の可能性があるとしました。"),
    ],
)
def test_programme_item_description_shown_in_each_language(client, seminar, language, text):
    item = seminar.agenda_items.get(kind="video_message")
    programme_services.update_item(
        item,
        description=three(
            "The message sees great potential in the digital economy.",
            "致辞指出，两国在数字经济领域合作潜力巨大。",
            "デジタル経済の分野に大きな協力の可能性があるとしました。",
        ),
    )

    page = text_of(client.get(f"/{language}/chengdu-2021/"))

    assert f'<div class="item-text"><p>{text}</p></div>' in page


def test_organisation_websites_linked_on_both_pages(client, seminar):
    host = Organisation.objects.get(slug="chengdu-2021-hitachi")
    member = Organisation.objects.get(slug="chengdu-2021-jp-co")

    home = text_of(client.get("/en/chengdu-2021/"))
    listing = text_of(client.get("/ja/chengdu-2021/organisations/"))

    assert f'href="{host.website}"' in home
    assert f'href="{host.website}"' in listing
    assert f'<a class="org-name" href="{member.website}"' in listing
    assert "さくらシステムズ</a>" in listing


def test_organisation_without_website_is_not_a_link(client, seminar):
    host = Organisation.objects.get(slug="chengdu-2021-hitachi")
    services.update_organisation(host, website="")

    page = text_of(client.get("/en/chengdu-2021/"))

    assert '<span class="org-name">Hitachi, Ltd.</span>' in page


def test_both_pages_count_the_organisations_taking_part_as_the_console_does(client, seminar):
    # Listed by an organiser, with nobody in any role yet: it takes part all the same.
    services.add_organisation_to_event(
        seminar,
        OrganisationFactory(slug="observer-org", name=three("Observer", "观察方", "オブザーバー")),
    )
    expected = services.event_counts(seminar)["organisations"]

    home = text_of(client.get("/en/chengdu-2021/"))
    listing = text_of(client.get("/en/chengdu-2021/organisations/"))

    assert expected == 6  # 3 hosts and supporter, 2 of the sides, the one just listed
    assert f"<dd>{expected}</dd><dt>Organisations</dt>" in home
    assert f"<dd>{expected}</dd><dt>Organisations</dt>" in listing
