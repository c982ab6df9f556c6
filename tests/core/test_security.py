"""Content-Security-Policy: no inline script anywhere, so the policy can forbid it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "liaison"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>")
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/console/login/", "/api/v1/docs/", "/healthz"])
def test_every_page_forbids_inline_script(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_or_event_handler():
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(SRC)}:{line}: {match.group(0)[:40]}")
    assert offenders == [], "\n".join(offenders)
