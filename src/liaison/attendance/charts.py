"""The dashboard's bar chart, drawn on the server as SVG (no chart library, no CDN).

One bar per row (delegation, kind, ...), its length the row's registrations, split into
who attended (checked in or joined), approved but not (yet) there, pending and waitlisted.
Labels sit above their bars, so the chart reads on a phone as on a laptop.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

# Lengths are in per cent of the chart's width (the SVG has no viewBox, so its text keeps
# its size on a phone while the bars stretch); heights in pixels.
BAR_SPACE = 88.0
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
ROW_GAP = 12
TOP = 4


@dataclass
class Segment:
    key: str
    x: float
    width: float
    value: int


@dataclass
class Bar:
    label: str
    total: int
    y: float
    segments: list[Segment]


def segments_legend() -> list[tuple[str, str]]:
    return [
        ("attended", _("Attended (checked in or joined)")),
        ("approved", _("Approved, not there yet")),
        ("pending", _("Pending")),
        ("waitlisted", _("Waiting list")),
    ]


def bars(rows) -> dict:
    """Geometry of the chart for rows with registered/approved/pending/waitlisted/attended."""
    largest = max((row.registered for row in rows), default=0) or 1
    scale = BAR_SPACE / largest
    out = []
    y = TOP
    for row in rows:
        values = [
            ("attended", row.attended),
            ("approved", max(row.approved - row.attended, 0)),
            ("pending", row.pending),
            ("waitlisted", row.waitlisted),
        ]
        x = 0.0
        segments = []
        for key, value in values:
            if value:
                segments.append(Segment(key, round(x, 2), round(value * scale, 2), value))
                x += value * scale
        out.append(Bar(row.label, row.registered, y, segments))
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return {
        "bars": out,
        "bar_space": BAR_SPACE,
        "height": max(y, TOP + LABEL_HEIGHT + BAR_HEIGHT),
        "label_height": LABEL_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "legend": segments_legend(),
    }
