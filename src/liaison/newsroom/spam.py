"""The spam screen: text that does not belong in a release, found before it is published.

It looks for gambling, casino and betting terms (``spamwords.txt``), links to domains not
on the newsroom's allow-list, hidden or zero-size text, and characters of a script the
language version should not contain. Each finding is a ``Finding``; the services keep them
as flags that a publisher must confirm one by one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from .sanitise import links, text_of

WORDS_FILE = Path(__file__).with_name("spamwords.txt")

# Zero-width and invisible characters that hide text or split a word past a filter.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\u2066-\u2069\u202a-\u202e\ufeff]")
# Styles that hide text in raw input (the sanitiser drops them; the screen still says so).
HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0(?![.\d]*[1-9])"
    r"|(?:height|width)\s*:\s*0|text-indent\s*:\s*-\d{3,}|left\s*:\s*-\d{3,}",
    re.IGNORECASE,
)
HIDDEN_ATTRIBUTE = re.compile(r"<[^>]+\s(hidden|aria-hidden\s*=\s*[\"']?true)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    kind: str  # gambling, domain, hidden, script
    language: str
    field: str
    excerpt: str


@cache
def words() -> tuple[tuple[str, ...], re.Pattern | None]:
    """(CJK terms, one pattern of the Latin-script terms as whole words)."""
    cjk, latin = [], []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip().lower()
        if not term:
            continue
        (latin if term.isascii() else cjk).append(term)
    pattern = None
    if latin:
        alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in latin)
        pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])", re.IGNORECASE)
    return tuple(cjk), pattern


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, start - 30)
    snippet = text[left : end + 30].replace("\n", " ").strip()
    return ("…" if left else "") + snippet[:280]


def gambling_terms(text: str) -> list[tuple[str, str]]:
    """(term, excerpt) for each term found in ``text``."""
    cjk, pattern = words()
    found: list[tuple[str, str]] = []
    lowered = INVISIBLE.sub("", text).lower()
    for term in cjk:
        index = lowered.find(term)
        if index >= 0:
            found.append((term, _excerpt(lowered, index, index + len(term))))
    if pattern is not None:
        for match in pattern.finditer(lowered):
            found.append((match.group(0), _excerpt(lowered, match.start(), match.end())))
    return found


def _allowed_host(host: str, allowed: list[str]) -> bool:
    host = host.lower().rstrip(".")
    for domain in allowed:
        domain = domain.lower().strip().lstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def foreign_domains(html_value: str, allowed: list[str]) -> list[str]:
    out = []
    for href in links(html_value):
        parts = urlsplit(href)
        if (
            parts.scheme in ("http", "https")
            and parts.hostname
            and not _allowed_host(parts.hostname, allowed)
            and href not in out
        ):
            out.append(href)
    return out


# The scripts each language version may contain besides Latin letters, digits and
# punctuation (names and figures in Latin letters are normal in every version).
def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
        return "latin"
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return "kana"
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF:
        return "han"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFF65 or 0x2000 <= o <= 0x2BFF:
        return "common"
    category = unicodedata.category(ch)
    if category[0] in "PSZNC":
        return "common"
    return unicodedata.name(ch, "other").split(" ")[0].lower()


ALLOWED_SCRIPTS = {
    "en": {"latin", "common"},
    "zh-hans": {"latin", "common", "han"},
    "ja": {"latin", "common", "han", "kana"},
}


def foreign_script(text: str, language: str) -> list[str]:
    """Excerpts of runs of characters of a script ``language`` should not contain."""
    allowed = ALLOWED_SCRIPTS.get(language)
    if allowed is None:
        return []
    out = []
    for match in re.finditer(r"\S+", text):
        word = match.group(0)
        if any(_script(ch) not in allowed for ch in word):
            excerpt = _excerpt(text, match.start(), match.end())
            if excerpt not in out:
                out.append(excerpt)
    return out


def screen(
    fields: dict[str, dict[str, str]],
    *,
    allowed_domains: list[str],
    raw: dict[str, dict[str, str]] | None = None,
) -> list[Finding]:
    """Screen a revision's ``{"title": {lang: text}, "summary": ..., "body": {lang: html}}``;
    ``raw`` is what the writer sent before sanitising (for hidden text the sanitiser
    removed the hiding of)."""
    findings: list[Finding] = []
    for field, values in fields.items():
        for language, value in (values or {}).items():
            text = text_of(value) if field == "body" else value
            for term, excerpt in gambling_terms(text):
                findings.append(Finding("gambling", language, field, f"{term}: {excerpt}"))
            if field == "body":
                for href in foreign_domains(value, allowed_domains):
                    findings.append(Finding("domain", language, field, href))
            for match in INVISIBLE.finditer(value):
                findings.append(
                    Finding(
                        "hidden",
                        language,
                        field,
                        f"U+{ord(match.group(0)):04X}: "
                        + _excerpt(INVISIBLE.sub("·", text), match.start(), match.end()),
                    )
                )
                break
            for excerpt in foreign_script(INVISIBLE.sub("", text), language):
                findings.append(Finding("script", language, field, excerpt))
    for field, values in (raw or {}).items():
        for language, value in (values or {}).items():
            match = HIDING_STYLE.search(value or "") or HIDDEN_ATTRIBUTE.search(value or "")
            if match:
                findings.append(
                    Finding("hidden", language, field, _excerpt(value, match.start(), match.end()))
                )
    return findings
