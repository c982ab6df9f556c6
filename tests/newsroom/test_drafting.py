"""The drafted release states the record's facts in each language, leaves gaps for what the
record lacks, and the published page carries them with the breadcrumb and source line."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from liaison.events.demo import load_demo
from liaison.events.models import Event
from liaison.newsroom import services
from liaison.newsroom.models import Release
from liaison.newsroom.sanitise import text_of
from liaison.newsroom.selectors import about
from tests.factories import EventFactory, three

# The facts of ../shared/seed/seminar-article.txt, as each language writes them.
SEED_FACTS = {
    "en": [
        "15 July 2021", "Chengdu", "online and offline", "Hitachi", "National Development and "
        "Reform Commission", "Ning Jizhe", "Vice-Chairman", "Toshiaki Higashihara",
        "Executive Chairman", "video message", "Department of International Cooperation",
        "Ida Takashi", "General Representative", "presided", "Liu Xiaoliu", "Vice Mayor of "
        "Chengdu", "Nobuyuki Watanabe", "Consul General of Japan in Chongqing", "speeches",
        "digital economy", "elderly care", "intelligent transportation", "green energy for "
        "carbon neutrality", "About 200 representatives",
    ],
    "zh-hans": [
        "2021年7月15日", "成都", "线上线下", "日立", "国家发展和改革委员会", "宁吉喆", "副主任",
        "東原敏昭", "执行役会长", "视频致辞", "国际合作司", "Ida Takashi", "总代表", "主持",
        "Liu Xiaoliu", "成都市副市长", "Nobuyuki Watanabe", "日本国驻重庆总领事", "致辞",
        "数字经济", "养老服务", "智慧交通", "绿色能源", "约200名代表",
    ],
    "ja": [
        "2021年7月15日", "成都", "オンライン", "日立", "国家発展改革委員会", "宁吉喆", "副主任",
        "東原敏昭", "執行役会長", "ビデオメッセージ", "国際協力司", "Ida Takashi", "総代表",
        "司会", "Liu Xiaoliu", "成都市副市長", "Nobuyuki Watanabe", "在重慶日本国総領事",
        "挨拶", "デジタル経済", "高齢者介護", "スマート交通", "グリーンエネルギー", "約200名",
    ],
}  # fmt: skip


@pytest.mark.slow
def test_demo_release_states_the_seed_facts_in_each_language(db, client, settings, tmp_path):
    settings.LIAISON_VAR_DIR = settings.VAR_DIR = tmp_path
    load_demo()
    release = Release.objects.get(event__slug="chengdu-2021")
    assert release.state == Release.State.PUBLISHED
    revision = release.revisions.order_by("-number").first()
    for language, facts in SEED_FACTS.items():
        text = revision.title[language] + text_of(revision.body[language])
        missing = [fact for fact in facts if fact not in text]
        assert not missing, (language, missing)
        assert "[[" not in text
        page = client.get(f"/{language}/news/{release.slug}/").content.decode()
        missing = [fact for fact in facts if fact not in page.replace("&#x27;", "'")]
        assert not missing, (language, missing)
    english = client.get(f"/en/news/{release.slug}/").content.decode()
    assert '<li><a href="/en/">Home</a></li><li><a href="/en/news/">News</a></li>' in english
    assert "Source: Department of International Cooperation / Updated: " in english
    assert (
        "来源：国际合作司 / 更新：" in client.get(f"/zh-hans/news/{release.slug}/").content.decode()
    )
    assert "出典：国際協力司 / 更新日：" in client.get(f"/ja/news/{release.slug}/").content.decode()


def test_draft_uses_roles_where_the_programme_is_silent(release):
    revision = release.revisions.get()
    # The seminar fixture has Ning's video message in the programme and thematic sessions.
    assert (
        "H.E. Mr. Ning Jizhe, Vice-Chairman, NDRC (online), sent a video message"
        in (revision.body["en"])
        or "H.E. Mr. Ning Jizhe, Vice-Chairman, NDRC, sent a video message" in revision.body["en"]
    )
    assert "in thematic sessions on technological innovation" in revision.body["en"]
    assert "6 representatives from Japanese side and Chinese side" in revision.body["en"]
    assert "宁吉喆" in revision.body["zh-hans"] and "宁吉喆氏" in revision.body["ja"]


def test_draft_marks_gaps_for_missing_facts_and_publish_refuses_them(newsroom, publisher):
    bare = EventFactory(
        slug="bare-seminar",
        title=three("Bare seminar", "空白交流会", "空白セミナー"),
        city={},
        venue={},
        languages=["en", "zh-hans", "ja"],
    )
    release = services.draft_release(bare, actor=publisher, newsroom=newsroom)
    body = release.revisions.get().body
    assert "[[city]]" in body["en"] or "online" in body["en"]
    assert "[[host]]" in body["en"] and "[[主办单位]]" in body["zh-hans"]
    assert "[[参加者数]]" in body["ja"] and "[[number of representatives]]" in body["en"]
    with pytest.raises(ValidationError, match=r"Fill the gaps"):
        services.publish(release, actor=publisher)
    release.refresh_from_db()
    assert release.state == Release.State.DRAFT
    assert not release.revisions.exclude(seal="").exists()


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (7, (7, False)),
        (187, (200, True)),
        (203, (200, True)),
        (64, (60, True)),
        (1234, (1200, True)),
    ],
)
def test_attendance_is_rounded_as_a_release_would(n, shown):
    assert about(n) == shown


def test_draft_without_a_newsroom_is_refused_clearly(seminar):
    with pytest.raises(ValidationError, match="No newsroom"):
        services.draft_release(seminar)
    assert not Event.objects.get(pk=seminar.pk).releases.exists()
