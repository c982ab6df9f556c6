"""Matchmaking speaks English, Chinese and Japanese: its catalogues are complete and
compiled, pages and API errors read in the reader's language."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

import liaison.matchmaking
from liaison.matchmaking import services

from .conftest import client_for, make_delegate, user_of

LOCALE = Path(liaison.matchmaking.__file__).parent / "locale"


def po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr (msgstr[0] for plurals) of a .po file."""
    out, msgid, msgstr, cur = {}, None, None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            msgid, cur = [line[6:]], "id"
        elif line.startswith("msgid_plural"):
            cur = "plural"
        elif line.startswith("msgstr"):
            msgstr, cur = [line.split(" ", 1)[1]], "str"
        elif line.startswith('"') and cur == "id":
            msgid.append(line)
        elif line.startswith('"') and cur == "str":
            msgstr.append(line)
        elif not line.strip() and msgid is not None and msgstr is not None:
            key = "".join(ast.literal_eval(p) for p in msgid)
            if key:
                out[key] = "".join(ast.literal_eval(p) for p in msgstr)
            msgid, msgstr, cur = None, None, None
    return out


@pytest.mark.parametrize("language", ["zh_Hans", "ja"])
def test_catalogue_is_complete_and_compiled(language):
    folder = LOCALE / language / "LC_MESSAGES"
    entries = po_entries(folder / "django.po")
    assert len(entries) > 250
    assert [k for k, v in entries.items() if not v.strip()] == []
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, msgstr in entries.items():
        assert compiled.gettext(msgid) == msgstr or "%(n)s opportunit" in msgid, msgid


@pytest.mark.django_db(transaction=True)
def test_pages_read_in_japanese_and_chinese(event, client):
    a = make_delegate(event, 1, "jp")
    client.force_login(user_of(a))
    ja = client.get(f"/ja/{event.slug}/matchmaking/").content.decode()
    assert "マーケットプレイス" in ja and "あなたへのおすすめ" in ja and "提供とニーズ" in ja
    zh = client.get(f"/zh-hans/{event.slug}/matchmaking/requests/").content.decode()
    assert "合作市场" in zh and "洽谈请求" in zh and "尚无请求" in zh


@pytest.mark.django_db(transaction=True)
def test_api_errors_read_in_japanese_and_chinese(event):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    services.save_profile(a, quota=0, set_quota=True)
    url = f"/api/v1/events/{event.slug}/meeting-requests/"
    ja = client_for(user_of(a), "ja").post(url, {"to": b.pk}, format="json")
    assert ja.status_code == 400
    assert ja.json()["errors"]["non_field_errors"] == ["面談依頼の上限 0 件をすべて使いました。"]
    c = make_delegate(event, 3, "cn")
    zh = client_for(user_of(b), "zh-hans").post(url, {"to": c.pk}, format="json")
    assert zh.status_code == 400
    assert zh.json()["errors"]["to"] == ["根据活动规则，这两方之间不能发出请求。"]
