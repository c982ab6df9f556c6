"""Every translation catalogue is complete: no entry left empty or fuzzy, in Chinese or
Japanese, and each compiled catalogue (.mo) is there beside its source (.po)."""

from __future__ import annotations

from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "liaison"
CATALOGUES = sorted(SRC.rglob("locale/*/LC_MESSAGES/django.po"))


def _entries(text: str):
    """(flags, msgid, msgstr values) per entry of a .po file (a small reader, enough here)."""
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        key, msgid, msgstrs = None, [], {}
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith("msgid "):
                key, msgid = "msgid", [line[6:]]
            elif line.startswith("msgid_plural "):
                key = "plural"
            elif line.startswith("msgstr"):
                key = line.split(" ", 1)[0]
                msgstrs[key] = [line.split(" ", 1)[1]]
            elif line.startswith('"') and key:
                (msgid if key == "msgid" else msgstrs.setdefault(key, [])).append(line)
        if msgid:
            yield (
                flags,
                "".join(part.strip('"') for part in msgid),
                {
                    name: "".join(part.strip('"') for part in parts)
                    for name, parts in msgstrs.items()
                },
            )


def test_there_are_catalogues_for_both_languages():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert languages == {"zh_Hans", "ja"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_is_complete_and_compiled(path):
    problems = []
    for flags, msgid, msgstrs in _entries(path.read_text(encoding="utf-8")):
        if not msgid:
            continue  # the header
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid[:60]}")
        if not msgstrs or any(not value for value in msgstrs.values()):
            problems.append(f"untranslated: {msgid[:60]}")
    assert problems == [], f"{path.relative_to(SRC)}:\n" + "\n".join(problems)
    assert path.with_suffix(".mo").exists()
