"""Server-rendered SVG bar charts (no JavaScript, no external library): escaped labels,
one bar per key, the value at its end."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe


def bars(data: dict, title: str, *, width: int = 560, bar: int = 22) -> str:
    items = list(data.items())
    top = max([v for _, v in items] + [1])
    label_w, pad = 170, 6
    height = 30 + len(items) * (bar + pad) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="mm-chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-size="14" font-weight="600" fill="#123">{escape(title)}</text>',
    ]
    span = width - label_w - 50
    for i, (label, value) in enumerate(items):
        y = 30 + i * (bar + pad)
        w = 0 if top == 0 else round(span * value / top)
        out.append(
            f'<text x="{label_w - 6}" y="{y + bar * 0.7:.0f}" font-size="12" text-anchor="end" '
            f'fill="#345">{escape(str(label))[:28]}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar}" rx="3" fill="#0b7a5c"/>'
            f'<text x="{label_w + w + 5}" y="{y + bar * 0.7:.0f}" font-size="12" fill="#123">'
            f"{int(value)}</text>"
        )
    if not items:
        out.append('<text x="0" y="45" font-size="12" fill="#567">—</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
