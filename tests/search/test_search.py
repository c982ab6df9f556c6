"""Search finds people, organisations and events by any of their names, in any script, and
nothing unrelated: "王" and "Wang", "成都" and "Chengdu", "日立" and "Hitachi", part of a word,
kana, full-width letters."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from liaison.events import services
from liaison.events.models import Event, Organisation, Person
from liaison.search import index
from liaison.search.models import SearchDocument
from tests.factories import EventFactory, OrganisationFactory, PersonFactory, UserFactory, three

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two cities, two companies, people with Chinese and Japanese names."""
    hitachi = OrganisationFactory(
        slug="hitachi",
        name=three("Hitachi, Ltd.", "日立制作所", "日立製作所"),
        city=three("Tokyo", "东京", "東京"),
        country="JP",
    )
    sorakumo = OrganisationFactory(
        slug="sorakumo",
        name=three("Sorakumo Data Works", "空云数据工房", "ソラクモ・データワークス"),
        city=three("Osaka", "大阪", "大阪"),
        country="JP",
    )
    jinlan = OrganisationFactory(
        slug="jinlan",
        name=three("Chengdu Jinlan Digital", "成都锦岚数字科技", "成都錦嵐デジタル"),
        city=three("Chengdu", "成都", "成都"),
        country="CN",
    )
    chongqing = OrganisationFactory(
        slug="yuxin",
        name=three("Yuxin Connected Vehicles", "渝新智联汽车", "渝新コネクテッドカー"),
        city=three("Chongqing", "重庆", "重慶"),
        country="CN",
    )
    people = {
        "wang": PersonFactory(
            family_name="王",
            given_name="溪岚",
            family_name_latin="Wang",
            given_name_latin="Xilan",
            organisation=jinlan,
        ),
        "li": PersonFactory(
            family_name="李",
            given_name="明华",
            family_name_latin="Li",
            given_name_latin="Minghua",
            organisation=chongqing,
        ),
        "yamamoto": PersonFactory(
            family_name="山本",
            given_name="かなる",
            family_name_latin="Yamamoto",
            given_name_latin="Kanaru",
            latin_order=Person.LatinOrder.GIVEN_FIRST,
            organisation=hitachi,
            preferred_language="ja",
        ),
        "sato": PersonFactory(
            family_name="佐藤",
            given_name="みそり",
            family_name_latin="Sato",
            given_name_latin="Misori",
            latin_order=Person.LatinOrder.GIVEN_FIRST,
            organisation=sorakumo,
            preferred_language="ja",
        ),
    }
    return {
        "hitachi": hitachi,
        "sorakumo": sorakumo,
        "jinlan": jinlan,
        "chongqing": chongqing,
        **people,
    }


def people(query: str) -> set[str]:
    return {p.family_name_latin for p in index.search(Person.objects.all(), query)}


def organisations(query: str) -> set[str]:
    return {o.slug for o in index.search(Organisation.objects.all(), query)}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("王", {"Wang"}),
        ("Wang", {"Wang"}),
        ("李", {"Li"}),
        ("成都", {"Wang"}),  # by the name of the company in Chengdu
        ("Chengdu", {"Wang"}),
        ("日立", {"Yamamoto"}),
        ("Hitachi", {"Yamamoto"}),
        ("hita", {"Yamamoto"}),  # part of a word
        ("yamam", {"Yamamoto"}),
        ("山本", {"Yamamoto"}),
        ("かな", {"Yamamoto"}),  # hiragana, two characters
        ("かなる", {"Yamamoto"}),
        ("ソラクモ", {"Sato"}),  # katakana
        ("ｿﾗｸﾓ", {"Sato"}),  # half-width katakana
        ("ＷＡＮＧ", {"Wang"}),  # full-width Latin
        ("Ｈｉｔａ", {"Yamamoto"}),
        ("wAnG", {"Wang"}),
        ("Wang Xilan", {"Wang"}),  # both orders of a Latin name
        ("Xilan Wang", {"Wang"}),
        ("王溪岚", {"Wang"}),  # the full name in its own script
        ("王 成都", {"Wang"}),  # every word must match
        ("王 Hitachi", set()),
        ("Kanaru Yamamoto", {"Yamamoto"}),
        ("li", {"Li"}),  # two Latin letters: Li, not the others
        ("溪", {"Wang"}),  # one character of a given name
        ("重庆", set()),  # the company's city is not the person's
        ("zzqx", set()),
    ],
)
def test_people_found_by_any_name_in_any_script(world, query, found):
    assert people(query) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("成都", {"jinlan"}),
        ("Chengdu", {"jinlan"}),
        ("chengd", {"jinlan"}),
        ("日立", {"hitachi"}),
        ("Hitachi", {"hitachi"}),
        ("東京", {"hitachi"}),
        ("東", {"hitachi"}),
        ("重慶", {"yuxin"}),  # Japanese spelling of Chongqing
        ("重庆", {"yuxin"}),
        ("ﾃﾞｰﾀ", {"sorakumo"}),  # half-width katakana with a voiced mark
        ("データ", {"sorakumo"}),
    ],
)
def test_organisations_found_by_name_and_city_in_every_language(world, query, found):
    assert organisations(query) == found


def test_events_found_by_city_in_each_script(db):
    EventFactory(slug="chengdu-2021", city=three("Chengdu", "成都", "成都"))
    EventFactory(slug="osaka-2022", city=three("Osaka", "大阪", "大阪"))

    def events(query):
        return {e.slug for e in index.search(Event.objects.all(), query)}

    assert events("成都") == {"chengdu-2021"}
    assert events("Ｃｈｅｎｇｄｕ") == {"chengdu-2021"}
    assert events("大阪") == {"osaka-2022"}
    assert events("") == {"chengdu-2021", "osaka-2022"}


def test_search_narrows_the_queryset_it_is_given(world):
    japanese = Person.objects.filter(preferred_language="ja")

    assert {p.family_name_latin for p in index.search(japanese, "a")} == {"Yamamoto", "Sato"}
    assert list(index.search(japanese, "王")) == []


def test_normalise_folds_width_case_and_spaces():
    assert index.normalise("ＡＢＣ  ｶﾀｶﾅ\u3000Straße ＷＡＮＧ") == "abc カタカナ strasse wang"
    assert index.normalise("ﾃﾞｰﾀ") == "データ"
    assert index.normalise("１２３") == "123"


def test_grams_hold_every_short_substring_within_words():
    assert index.grams_of("成都 ab") == "a ab b 成 成都 都"


def test_documents_hold_both_scripts_of_a_name_and_every_language(world):
    text = SearchDocument.objects.get(kind="person", object_id=world["wang"].pk).text

    assert "王溪岚" in text and "wang xilan" in text and "xilan wang" in text
    assert "成都锦岚数字科技" in text and "成都錦嵐デジタル" in text and "chengdu jinlan" in text


def test_renamed_organisation_reindexes_its_people(world):
    services.update_organisation(
        world["hitachi"], name=three("Higashi Works", "东方工厂", "ヒガシ工業")
    )

    assert people("Hitachi") == set()
    assert people("日立") == set()
    assert people("東方") == set()
    assert people("东方") == {"Yamamoto"}
    assert people("ヒガシ") == {"Yamamoto"}


def test_deleted_organisation_no_longer_finds_its_people(world):
    services.delete_organisation(world["hitachi"])

    assert people("Hitachi") == set()
    assert people("Yamamoto") == {"Yamamoto"}


def test_person_moving_to_another_organisation_is_found_by_the_new_one(world):
    services.update_person(world["li"], organisation=world["hitachi"])

    assert people("Hitachi") == {"Yamamoto", "Li"}
    assert people("渝新") == set()


def test_deleted_person_is_no_longer_found(world):
    services.delete_person(world["wang"])

    assert people("王") == set()
    assert not SearchDocument.objects.filter(kind="person", object_id=world["wang"].pk).exists()


def test_reindex_command_rebuilds_every_document(world):
    expected = {(d.kind, d.object_id): (d.text, d.grams) for d in SearchDocument.objects.all()}
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(kind="person", object_id=987654, text="ghost", grams="")
    assert people("王") == set()

    out = io.StringIO()
    call_command("reindex", stdout=out)

    assert out.getvalue().strip() == ("Reindexed 0 event(s), 4 organisation(s) and 4 people.")
    rebuilt = {(d.kind, d.object_id): (d.text, d.grams) for d in SearchDocument.objects.all()}
    assert rebuilt == expected
    assert people("王") == {"Wang"}


def test_admin_search_finds_people_by_chinese_name(client, world):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)

    page = client.get("/admin/events/person/", {"q": "王"}).content.decode()

    assert "Wang Xilan" in page
    assert "Li Minghua" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")
def test_postgres_indexes_serve_the_search_expressions(world):
    """The expressions the search uses are those the migration indexed (the planner picks
    them on a large table: bench/search.py)."""
    from django.db import transaction

    documents = SearchDocument.objects.all()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        short = documents.alias(g=index._gram_array()).filter(g__contains=["成都"]).explain()
        long = documents.filter(text__contains="chengdu").explain()
        cursor.execute("SELECT show_trgm('成都市')")
        (trigrams,) = cursor.fetchone()

    assert "search_document_grams" in short
    assert "search_document_text_trgm" in long
    # Under the database's C.UTF-8 locale pg_trgm reads CJK characters as word characters:
    # "  成", " 成都", "成都市", "都市 ".
    assert len(trigrams) == 4


def test_words_with_punctuation_and_no_trigram_are_found(world):
    OrganisationFactory(
        slug="hitachi-china",
        name=three("Hitachi (China)", "日立（中国）", "日立（中国）"),
        city=three("Beijing", "北京", "北京"),
        country="CN",
    )

    assert organisations("（中国") == {"hitachi-china"}  # full-width bracket, three characters
    assert organisations("国)") == {"hitachi-china"}
    assert organisations("a-b") == set()
