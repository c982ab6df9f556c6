"""Import (command, all or nothing, four encodings, XLSX with limits) and export."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from liaison.registration import importing, selectors, services
from liaison.registration.models import Registration

pytestmark = pytest.mark.django_db

HEADER = "email,family_name,given_name,family_name_latin,given_name_latin,organisation,delegation,mode,language,areas\n"  # noqa: E501
GOOD = (
    "wang.wei@example.org,王,伟,Wang,Wei,成都高新区,cn,onsite,zh-hans,green-energy\n"
    "higashihara@example.jp,東原,敏昭,Higashihara,Toshiaki,日立製作所,jp,online,ja,\n"
)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GBK"), ("cp932", "Shift-JIS")],
)
def test_import_reads_each_encoding_with_names_intact(event, tmp_path, capsys, encoding, named):
    text = HEADER + GOOD
    if encoding == "gbk":  # a Chinese row only: GBK cannot write every Japanese kanji
        text = HEADER + "wang.wei@example.org,王,伟,Wang,Wei,成都高新区,cn,onsite,zh-hans,\n"
    if encoding == "cp932":
        text = (
            HEADER
            + "higashihara@example.jp,東原,敏昭,Higashihara,Toshiaki,日立製作所,jp,online,ja,\n"
        )  # noqa: E501
    path = write(tmp_path, "list.csv", text.encode(encoding))
    call_command("registrations", "import", event.slug, path)
    out = capsys.readouterr().out
    assert f"CSV, {named}" in out
    names = {r.person.native_name for r in Registration.objects.filter(event=event)}
    assert names <= {"王伟", "東原敏昭"} and names


def test_bad_rows_write_nothing_and_are_each_named(event, tmp_path, capsys):
    bad = (
        HEADER
        + GOOD
        + "not-an-email,李,娜,Li,Na,,cn,onsite,zh-hans,\n"
        + "wang.wei@example.org,王,伟,Wang,Wei,,cn,onsite,zh-hans,\n"
        + "x@example.org,,,  ,,,xx,onsite,fr,\n"
    )
    path = write(tmp_path, "bad.csv", bad.encode("utf-8"))
    with pytest.raises(CommandError) as caught:
        call_command("registrations", "import", event.slug, path)
    assert caught.value.returncode == 2
    out = capsys.readouterr().out.splitlines()
    assert "row 4, column email: “not-an-email” is not an e-mail address." in out
    assert any(line.startswith("row 5, column email:") and "twice" in line for line in out)
    assert any(line.startswith("row 6, column family_name:") for line in out)
    assert any(line.startswith("row 6, column delegation:") for line in out)
    assert any(line.startswith("row 6, column language:") for line in out)
    assert Registration.objects.count() == 0


def test_dry_run_writes_nothing(event, tmp_path, capsys):
    path = write(tmp_path, "list.csv", (HEADER + GOOD).encode())
    call_command("registrations", "import", event.slug, path, "--dry-run")
    assert "would import 2" in capsys.readouterr().out
    assert Registration.objects.count() == 0


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_import_and_zip_bomb_refused(event, tmp_path):
    data = _xlsx([HEADER.strip().split(","), GOOD.splitlines()[0].split(",")])
    call_command("registrations", "import", event.slug, write(tmp_path, "l.xlsx", data))
    assert Registration.objects.get().person.native_name == "王伟"

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(importing.FileProblem, match="unpacks"):
        importing.read_table("bomb.xlsx", bomb.getvalue())


def test_too_many_rows_is_refused_with_a_message(event):
    data = (HEADER + "a@example.org,A,B,,,,,onsite,en,\n" * (importing.MAX_ROWS + 5)).encode()
    with pytest.raises(importing.FileProblem, match="more than 5000 rows"):
        importing.read_table("big.csv", data)


def test_export_csv_and_xlsx_follow_the_filters(event):
    from .helpers import applicant

    services.register(event, applicant(1))
    services.register(event, applicant(2, mode="online", given_name="=cmd()"))
    onsite = selectors.registrations(event, {"mode": "onsite"})
    text = importing.export_csv(onsite, "en").decode("utf-8")
    assert text.startswith("\ufeffid,email") and "delegate1@example.jp" in text
    assert "delegate2" not in text
    everyone = importing.export_xlsx(selectors.registrations(event), "en")
    sheet = load_workbook(io.BytesIO(everyone), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[2][3] == "'=cmd()"
