"""Reading a participant list (CSV in UTF-8, UTF-8 with BOM, GBK or Shift-JIS; or XLSX) and
checking every row before anything is written; writing the list back out (CSV, XLSX).

Problems are reported as ``row N, column NAME: message``; row 1 is the header, as a
spreadsheet numbers it. Limits keep the server responsive: at most ``MAX_BYTES`` and
``MAX_ROWS``; an XLSX is opened only when its zip directory promises a sane amount of data
(no zip bombs), and then with openpyxl in read-only mode.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from liaison.core.i18n import localize

from . import services

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 40
XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_ENTRIES = 500

COLUMNS = (
    "email",
    "family_name",
    "given_name",
    "family_name_latin",
    "given_name_latin",
    "organisation",
    "delegation",
    "mode",
    "language",
    "areas",
    "consent_contact",
    "needs",
)
ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 with BOM",
    "utf-8": "UTF-8",
    "gb18030": "GBK",
    "cp932": "Shift-JIS",
}
YES = {"1", "yes", "y", "true", "x", "是", "はい", "✓"}


class FileProblem(Exception):  # noqa: N818 - a message for the person who sent the file
    """The file as a whole cannot be read (too big, not CSV/XLSX, unsafe, no header)."""


@dataclass
class Table:
    format: str  # "CSV" or "XLSX"
    encoding: str  # the detected encoding's name ("" for XLSX)
    header: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)


@dataclass
class Checked:
    table: Table
    applicants: list[tuple[int, services.Applicant]]
    problems: list[str]


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "cp932"]).best()
    if best is None or best.encoding not in ENCODING_NAMES:
        raise FileProblem(
            _("The file's characters are not in UTF-8, GBK or Shift-JIS; save it as UTF-8 CSV.")
        )
    return data.decode(best.encoding), best.encoding


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileProblem(_("This XLSX file is damaged.")) from None
    entries = archive.infolist()
    total = sum(e.file_size for e in entries)
    if (
        len(entries) > XLSX_MAX_ENTRIES
        or total > XLSX_MAX_UNCOMPRESSED
        or any(e.file_size > XLSX_MAX_RATIO * max(e.compress_size, 1) + 1024 for e in entries)
    ):
        raise FileProblem(
            _("This XLSX file unpacks to far more data than a participant list holds; refused.")
        )


def _xlsx_rows(data: bytes) -> list[list]:
    _check_zip(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise FileProblem(_("This XLSX file cannot be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            rows.append(["" if v is None else str(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(name: str, data: bytes) -> Table:
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(b"PK\x03\x04") or name.lower().endswith(".xlsx"):
        rows, fmt, encoding = _xlsx_rows(data), "XLSX", ""
    else:
        text, encoding = _decode(data)
        if "\x00" in text:
            raise FileProblem(_("This is not a CSV or XLSX file."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = []
        for values in csv.reader(io.StringIO(text), dialect):
            rows.append(values[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS + 1:
                break
        fmt = "CSV"
    while rows and not any(v.strip() for v in rows[-1]):
        rows.pop()
    if not rows:
        raise FileProblem(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise FileProblem(
            _("The file has more than %(max)d rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    header = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in rows[0]]
    table = Table(format=fmt, encoding=ENCODING_NAMES.get(encoding, ""), header=header)
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        table.rows.append((number, dict(zip(header, [v.strip() for v in values]))))
    return table


def check(event, table: Table) -> Checked:
    """Every row checked against the event; one problem per bad field."""
    problems: list[str] = []
    unknown = [h for h in table.header if h and h not in COLUMNS]
    for name in unknown:
        problems.append(
            _("row 1, column %(column)s: unknown column (known: %(known)s)")
            % {"column": name, "known": ", ".join(COLUMNS)}
        )
    if "email" not in table.header:
        problems.append(_("row 1, column email: the file needs an email column"))
        return Checked(table, [], problems)
    registered = {e.lower() for e in event.registrations.values_list("email", flat=True)}
    seen: dict[str, int] = {}
    applicants = []
    for number, row in table.rows:
        applicant = services.Applicant(
            email=row.get("email", ""),
            family_name=row.get("family_name", ""),
            given_name=row.get("given_name", ""),
            family_name_latin=row.get("family_name_latin", ""),
            given_name_latin=row.get("given_name_latin", ""),
            organisation=row.get("organisation", ""),
            delegation=row.get("delegation", ""),
            mode=(row.get("mode") or services.offered_modes(event)[0]).lower(),
            language=(row.get("language") or event.default_language).lower(),
            areas=tuple(a for a in row.get("areas", "").replace(";", ",").split(",") if a),
            consent_contact=row.get("consent_contact", "").strip().lower() in YES,
            needs=row.get("needs", ""),
        )
        try:
            services.clean_applicant(event, applicant)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    problems.append(
                        _("row %(row)d, column %(column)s: %(message)s")
                        % {"row": number, "column": name, "message": message}
                    )
            continue
        email = applicant.email
        if email in seen:
            problems.append(
                _("row %(row)d, column email: %(email)s appears twice (also row %(first)d)")
                % {"row": number, "email": email, "first": seen[email]}
            )
            continue
        seen[email] = number
        if email in registered:
            problems.append(
                _("row %(row)d, column email: %(email)s is already registered for this event")
                % {"row": number, "email": email}
            )
            continue
        applicants.append((number, applicant))
    if not table.rows:
        problems.append(_("row 2: the file has a header but no participants"))
    return Checked(table, applicants, problems)


# --- Export ------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "id",
    "email",
    "family_name",
    "given_name",
    "family_name_latin",
    "given_name_latin",
    "organisation",
    "delegation",
    "mode",
    "status",
    "language",
    "areas",
    "consent_contact",
    "needs",
    "badge_code",
    "created_at",
    "checked_in_at",
    "joined_at",
)


def export_rows(registrations, language: str):
    yield list(EXPORT_COLUMNS)
    for r in registrations:
        person = r.person
        yield [
            r.pk,
            r.email,
            person.family_name,
            person.given_name,
            person.family_name_latin,
            person.given_name_latin,
            localize(r.organisation.name, language).text if r.organisation else "",
            r.delegation.code if r.delegation else "",
            r.mode,
            r.status,
            r.language,
            ";".join(a.slug for a in r.areas.all()),
            "yes" if r.consent_contact else "no",
            r.needs,
            r.badge_code if r.mode == "onsite" else "",
            r.created_at.isoformat(),
            r.checked_in_at.isoformat() if r.checked_in_at else "",
            r.joined_at.isoformat() if r.joined_at else "",
        ]


def _safe_cell(value):
    """Spreadsheet formula injection: a text starting with = + - @ is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_csv(registrations, language: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in export_rows(registrations, language):
        writer.writerow([_safe_cell(v) for v in row])
    # With a BOM, so that spreadsheet programs read the CJK names right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(registrations, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import save_workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("registrations")
    for row in export_rows(registrations, language):
        sheet.append([_safe_cell(v) for v in row])
    out = io.BytesIO()
    save_workbook(workbook, out)  # a file, not a model: what Workbook.save calls
    return out.getvalue()
