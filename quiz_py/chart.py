"""The self-assessment result as an SVG chart on two scales, with a text alternative.

Management runs across, leadership up. Each band is the rectangle its ranges cover,
labelled with its title; lines mark the scores where a band begins; a dot marks the
answers, and the band holding it is highlighted. Scores are whole numbers, so each
score owns a cell of the plot and band edges fall between cells: the line for
"strong from 22" sits between 21 and 22, and no dot ever sits on a line.

Colours are `currentColor` presentation attributes and class names (no inline
styles, which the site's Content-Security-Policy blocks), so the page's stylesheet
picks colours for the light and dark schemes. The chart is drawn 320 units wide
and a phone shows it about 310 px wide, so text of 15 units stays above the body's
small print (0.8 of its 18 px).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

WIDTH = 320
PLOT_LEFT = 40  # room for the leadership label, turned upright, and its tick numbers
PLOT_TOP = 8
PLOT_SIZE = 275  # a square plot; 25 cells of 11 units for scores 6..30
HEIGHT = PLOT_TOP + PLOT_SIZE + 44  # tick numbers, then the management label
FONT_SIZE = 15
TITLE_FONT_SIZE = 16
LINE_HEIGHT = 18
DOT_RADIUS = 7
# An average glyph of the site's sans-serif is about 0.58 em wide: enough to break region titles into lines.
GLYPH_WIDTH = 0.58


@dataclass(frozen=True, slots=True)
class Axis:
    """One dimension: its label, its possible scores, and the scores where a band begins above the lowest."""

    label: str
    low: int
    high: int
    band_starts: tuple[int, ...]

    @property
    def cell(self) -> float:
        return PLOT_SIZE / (self.high - self.low + 1)

    def offset(self, score: float) -> float:
        """Distance from the plot's start to the middle of a score's cell."""
        return (score - self.low + 0.5) * self.cell

    def edge(self, score: int) -> float:
        """Distance from the plot's start to where a score's cell begins."""
        return (score - self.low) * self.cell


@dataclass(frozen=True, slots=True)
class Region:
    """A band's rectangle: its management (x) and leadership (y) ranges, inclusive."""

    band_id: str
    title: str
    across: tuple[int, int]
    up: tuple[int, int]
    rarest: bool


def _x(axis: Axis, score: float) -> float:
    return PLOT_LEFT + axis.offset(score)


def _y(axis: Axis, score: float) -> float:
    return PLOT_TOP + PLOT_SIZE - axis.offset(score)


def _n(value: float) -> str:
    """A coordinate as written in the SVG: at most one decimal, no trailing zero."""
    return f"{value:.1f}".removesuffix(".0")


def _lines(text: str, width: float, font_size: int) -> list[str]:
    """`text` broken at spaces into as few lines as fit `width`, as even as can be ("Strong / in both")."""
    per_line = width / (font_size * GLYPH_WIDTH)
    words = text.split()
    splits = [
        [" ".join(words[a:b]) for a, b in itertools.pairwise((0, *cuts, len(words)))]
        for count in range(len(words))
        for cuts in itertools.combinations(range(1, len(words)), count)
    ]
    fitting = [lines for lines in splits if max(map(len, lines)) <= per_line] or [words]
    return min(fitting, key=lambda lines: (len(lines), max(map(len, lines))))


def _text(x: float, y: float, text: str, css_class: str, size: int = FONT_SIZE, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text class="{css_class}" x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="currentColor"{extra}>{escape(text)}</text>'
    )


def text_alternative(across: Axis, up: Axis, regions: list[Region], point: tuple[int, int], result: Region) -> str:
    def starts(axis: Axis) -> str:
        return " and ".join(str(s) for s in axis.band_starts)

    areas = "; ".join(
        f"{r.title}{' (the rarest)' if r.rarest else ''}: {across.label.lower()} {r.across[0]} to {r.across[1]}, "
        f"{up.label.lower()} {r.up[0]} to {r.up[1]}"
        for r in regions
    )
    return (
        f"{across.label} runs across from {across.low} to {across.high}, {up.label.lower()} up from {up.low} to "
        f"{up.high}; lines mark where strong begins, {starts(across)} for {across.label.lower()} and "
        f"{starts(up)} for {up.label.lower()}. The areas: {areas}. "
        f"These answers: {across.label.lower()} {point[0]}, {up.label.lower()} {point[1]}, in {result.title}."
    )


def _region(across: Axis, up: Axis, region: Region, dot: tuple[float, float] | None) -> list[str]:
    """A band's rectangle and its title; in the band holding the dot, the title keeps clear of it."""
    bottom = PLOT_TOP + PLOT_SIZE
    left, top = PLOT_LEFT + across.edge(region.across[0]), bottom - up.edge(region.up[1] + 1)
    width = across.edge(region.across[1] + 1) - across.edge(region.across[0])
    height = up.edge(region.up[1] + 1) - up.edge(region.up[0])
    classes = " ".join(
        ["quiz-chart__region"] + ["quiz-chart__region--result"] * (dot is not None) + ["quiz-chart__region--rarest"] * region.rarest
    )
    parts = [
        f'<rect class="{classes}" data-band="{escape(region.band_id)}" x="{_n(left)}" y="{_n(top)}" '
        f'width="{_n(width)}" height="{_n(height)}" fill="currentColor"/>'
    ]
    lines = [(line, "quiz-chart__region-title", TITLE_FONT_SIZE) for line in _lines(region.title, width - 8, TITLE_FONT_SIZE)]
    if region.rarest:
        lines.append(("the rarest", "quiz-chart__rarest", FONT_SIZE))
    # Titles sit at the top of their area, or at the bottom when the dot is in the area's upper half.
    first_baseline = top + 20
    if dot is not None and dot[1] < top + height / 2:
        first_baseline = top + height - 8 - (len(lines) - 1) * LINE_HEIGHT
    for number, (line, css_class, size) in enumerate(lines):
        weight = ' font-weight="bold"' if size == TITLE_FONT_SIZE else ""
        parts.append(_text(left + width / 2, first_baseline + number * LINE_HEIGHT, line, css_class, size, extra=weight))
    return parts


def quadrant_chart(across: Axis, up: Axis, regions: list[Region], point: tuple[int, int], id_prefix: str) -> dict[str, str]:
    """{"svg", "text", "caption"}: the chart, labelled by its own title and description, and a visible key."""
    title_id, desc_id = f"{id_prefix}--chart-title", f"{id_prefix}--chart-desc"
    result = next(r for r in regions if r.across[0] <= point[0] <= r.across[1] and r.up[0] <= point[1] <= r.up[1])
    text = text_alternative(across, up, regions, point, result)
    bottom, right = PLOT_TOP + PLOT_SIZE, PLOT_LEFT + PLOT_SIZE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="quiz-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">Where these answers stand: {escape(result.title)}</title>',
        f'<desc id="{desc_id}">{escape(text)}</desc>',
    ]
    dot = (_x(across, point[0]), _y(up, point[1]))
    for region in regions:
        parts += _region(across, up, region, dot if region is result else None)
    parts.append(
        f'<rect class="quiz-chart__frame" x="{PLOT_LEFT}" y="{PLOT_TOP}" width="{PLOT_SIZE}" height="{PLOT_SIZE}" '
        'fill="none" stroke="currentColor"/>'
    )
    for start in across.band_starts:
        x = PLOT_LEFT + across.edge(start)
        parts.append(f'<line class="quiz-chart__threshold" data-starts="{start}" x1="{_n(x)}" y1="{PLOT_TOP}" x2="{_n(x)}" y2="{bottom}" stroke="currentColor" stroke-dasharray="5 3"/>')
    for start in up.band_starts:
        y = bottom - up.edge(start)
        parts.append(f'<line class="quiz-chart__threshold" data-starts="{start}" x1="{PLOT_LEFT}" y1="{_n(y)}" x2="{right}" y2="{_n(y)}" stroke="currentColor" stroke-dasharray="5 3"/>')
    # Tick numbers: each axis's lowest and highest score, and where each band begins.
    for score in (across.low, *across.band_starts, across.high):
        x = PLOT_LEFT + (across.edge(score) if score in across.band_starts else across.offset(score))
        parts.append(_text(x, bottom + 17, str(score), "quiz-chart__tick"))
    for score in (up.low, *up.band_starts, up.high):
        y = bottom - (up.edge(score) if score in up.band_starts else up.offset(score))
        parts.append(_text(PLOT_LEFT - 4, y + 4, str(score), "quiz-chart__tick", anchor="end"))
    parts.append(_text(PLOT_LEFT + PLOT_SIZE / 2, HEIGHT - 6, f"{across.label} →", "quiz-chart__axis", TITLE_FONT_SIZE))
    label_x, label_y = 13, PLOT_TOP + PLOT_SIZE / 2
    parts.append(
        _text(label_x, label_y, f"{up.label} →", "quiz-chart__axis", TITLE_FONT_SIZE,
              extra=f' transform="rotate(-90 {label_x} {_n(label_y)})"')
    )
    parts.append(
        f'<circle class="quiz-chart__point" cx="{_n(dot[0])}" cy="{_n(dot[1])}" r="{DOT_RADIUS}" '
        'fill="currentColor" stroke-width="3"/>'
    )
    parts.append("</svg>")
    caption = "The dot marks these answers; dashed lines mark where strong begins on each scale."
    return {"svg": "".join(parts), "text": text, "caption": caption}
