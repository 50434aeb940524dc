"""Bar charts as server-side SVG: no script, readable by screen readers.

Each chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` that says every number
in words (the page also shows them as a table). Labels are escaped; the SVG is built from
fixed markup and numbers only, so it goes into the page as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 640, 220, 22, 8


def bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, int]]) -> Markup:
    """A horizontal bar per ``(label, count)``, the count written after its bar."""
    height = max(1, len(bars)) * (BAR_HEIGHT + GAP) + GAP
    top = max([count for _label, count in bars] + [1])
    rows = "".join(bar(n, label, count, top) for n, (label, count) in enumerate(bars))
    summary = "; ".join(f"{label}: {count}" for label, count in bars)
    # Every text in it went through escape(); the rest is fixed markup and numbers.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>{rows}</svg>'
    )


def bar(n: int, label: str, count: int, top: int) -> str:
    y = GAP + n * (BAR_HEIGHT + GAP)
    room = WIDTH - LABEL_WIDTH - 60
    length = round(room * count / top) if count else 0
    short = label if len(label) <= 32 else label[:31] + "…"
    middle = y + BAR_HEIGHT // 2 + 5
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
        f'font-size="14">{escape(short)}</text>'
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
        f'fill="#2f6f9f"></rect>'
        f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" font-size="14">{count}</text>'
    )
