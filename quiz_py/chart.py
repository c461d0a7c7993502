"""The self-assessment result as an SVG bar chart, with a text alternative.

One horizontal bar per dimension, drawn on the dimension's full possible range.
Colours are `currentColor` presentation attributes (no inline styles, which a strict
Content-Security-Policy would block), so the chart follows the page's light or dark
scheme; the classes let the site's CSS restyle it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 480
ROW_HEIGHT = 56
LABEL_WIDTH = 120
BAR_HEIGHT = 20
PADDING = 8


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    score: int
    low: int
    high: int


def text_alternative(rows: list[ChartRow], band_title: str) -> str:
    scores = " ".join(f"{row.label}: {row.score} out of a possible {row.low} to {row.high}." for row in rows)
    return f"{scores} Result: {band_title}."


def bar_chart(rows: list[ChartRow], band_title: str, id_prefix: str) -> dict[str, str]:
    """{"svg", "text"}: the chart, labelled by its own title and description elements."""
    title_id, desc_id = f"{id_prefix}--chart-title", f"{id_prefix}--chart-desc"
    text = text_alternative(rows, band_title)
    track_width = WIDTH - LABEL_WIDTH - 2 * PADDING - 48
    height = ROW_HEIGHT * len(rows) + PADDING
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="quiz-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">Your scores: {escape(band_title)}</title>',
        f'<desc id="{desc_id}">{escape(text)}</desc>',
    ]
    for position, row in enumerate(rows):
        top = PADDING + position * ROW_HEIGHT
        share = (row.score - row.low) / (row.high - row.low) if row.high > row.low else 1.0
        bar_y = top + 22
        parts += [
            f'<text class="quiz-chart__label" x="{PADDING}" y="{bar_y + 15}" fill="currentColor">{escape(row.label)}</text>',
            f'<rect class="quiz-chart__track" x="{LABEL_WIDTH}" y="{bar_y}" width="{track_width}" height="{BAR_HEIGHT}" '
            'fill="currentColor" fill-opacity="0.12" rx="3"/>',
            f'<rect class="quiz-chart__bar" x="{LABEL_WIDTH}" y="{bar_y}" width="{track_width * share:.1f}" '
            f'height="{BAR_HEIGHT}" fill="currentColor" fill-opacity="0.7" rx="3"/>',
            f'<text class="quiz-chart__range" x="{LABEL_WIDTH}" y="{top + 14}" fill="currentColor" font-size="12">{row.low}</text>',
            f'<text class="quiz-chart__range" x="{LABEL_WIDTH + track_width}" y="{top + 14}" fill="currentColor" '
            f'font-size="12" text-anchor="end">{row.high}</text>',
            f'<text class="quiz-chart__score" x="{LABEL_WIDTH + track_width + PADDING}" y="{bar_y + 15}" '
            f'fill="currentColor" font-weight="bold">{row.score}</text>',
        ]
    parts.append("</svg>")
    return {"svg": "".join(parts), "text": text}
