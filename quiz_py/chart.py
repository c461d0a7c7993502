"""The self-assessment result as an SVG chart, with a text alternative.

Two dimensions make a quadrant chart (`quadrant_chart`): management runs across,
leadership up. Each band is the rectangle its ranges cover, labelled with its title; lines mark the scores where a band begins; a dot marks the
answers, and the band holding it is highlighted. Scores are whole numbers, so each
score owns a cell of the plot and band edges fall between cells: the line for
"strong from 22" sits between 21 and 22, and no dot ever sits on a line.

One, three or four dimensions cannot share a plane with their bands (a band of three is a
box), so they make a strip chart (`strip_chart`): one row per dimension, its scale across,
the same lines where bands begin, the stretch the result's band covers on it shaded,
and a dot at the score.

Colours are `currentColor` presentation attributes and class names (no inline
styles, which the site's Content-Security-Policy blocks), so the page's stylesheet
picks colours for the light and dark schemes. The chart is drawn 320 units wide
and a phone shows it about 310 px wide, so text of 15 units stays above the body's
small print (0.8 of its 18 px).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# html.escape's replacements, without the html package: it imports html.entities, 29 KB of every reader's
# download for a table the chart never reads.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """`text` safe inside an SVG element or a quoted attribute."""
    return text.translate(_ESCAPES)


WIDTH = 320
PLOT_LEFT = 40  # room for the leadership label, turned upright, and its tick numbers
PLOT_TOP = 8
PLOT_SIZE = 275  # a square plot; 25 cells of 11 units for scores 6..30
HEIGHT = PLOT_TOP + PLOT_SIZE + 44  # tick numbers, then the management label
FONT_SIZE = 15
TITLE_FONT_SIZE = 16
LINE_HEIGHT = 18
DOT_RADIUS = 7
# A strip chart's rows: the dimension's label, its scale as a bar, the tick numbers under it.
STRIP_LEFT = 16
STRIP_SIZE = WIDTH - 2 * STRIP_LEFT
STRIP_BAR_TOP = 24  # below the row's top: room for the label
STRIP_BAR_HEIGHT = 22
STRIP_ROW = STRIP_BAR_TOP + STRIP_BAR_HEIGHT + 30  # then the tick numbers and a gap
# An average glyph of the site's sans-serif is about 0.58 em wide: enough to break region titles into lines.
GLYPH_WIDTH = 0.58


@dataclass(frozen=True, slots=True)
class Axis:
    """One dimension: its label, its possible scores, and the scores where a band begins above the lowest."""

    label: str
    low: int
    high: int
    band_starts: tuple[int, ...]
    size: float = PLOT_SIZE  # how long the axis is drawn

    @property
    def cell(self) -> float:
        return self.size / (self.high - self.low + 1)

    def offset(self, score: float) -> float:
        """Distance from the plot's start to the middle of a score's cell."""
        return (score - self.low + 0.5) * self.cell

    def edge(self, score: int) -> float:
        """Distance from the plot's start to where a score's cell begins."""
        return (score - self.low) * self.cell


@dataclass(frozen=True, slots=True)
class Region:
    """A band: its inclusive range on each axis, in the axes' order."""

    band_id: str
    title: str
    ranges: tuple[tuple[int, int], ...]
    rarest: bool

    def holds(self, point: tuple[int, ...]) -> bool:
        return all(low <= score <= high for score, (low, high) in zip(point, self.ranges, strict=True))


def _n(value: float) -> str:
    """A coordinate as written in the SVG: at most one decimal, no trailing zero."""
    return f"{value:.1f}".removesuffix(".0")


def _greedy(words: list[str], per_line: int) -> list[str]:
    """`words` filled into lines of at most `per_line` characters, in one pass (a longer word has its own line)."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _lines(text: str, width: float, font_size: int) -> list[str]:
    """`text` broken at spaces into as few lines as fit `width`, as even as can be ("Strong / in both").

    Filling lines greedily gives the fewest; the narrowest width that still gives that few (found by
    halving, so a few passes over the words) evens them out. The build bounds the text (`quiz_py.loading`)."""
    words = text.split()
    per_line = int(width / (font_size * GLYPH_WIDTH))
    fewest = len(_greedy(words, per_line))
    low, high = 0, per_line
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if len(_greedy(words, middle)) <= fewest else (middle + 1, high)
    return _greedy(words, high)


def _text(x: float, y: float, text: str, css_class: str, size: int = FONT_SIZE, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text class="{css_class}" x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="currentColor"{extra}>{escape(text)}</text>'
    )


def text_alternative(axes: list[Axis], regions: list[Region], point: tuple[int, ...], result: Region) -> str:
    """The chart in words: the scales and where bands begin on them, each band's ranges, the answers."""

    def scores(values: list[tuple[Axis, str]]) -> str:
        return ", ".join(f"{axis.label.lower()} {value}" for axis, value in values)

    if len(axes) == 2:
        across, up = axes
        scales = f"{across.label} runs across from {across.low} to {across.high}, {up.label.lower()} up from {up.low} to {up.high}"
        noun = "areas"
    else:
        scales = "Each scale runs across, one a row: " + ", ".join(f"{a.label.lower()} from {a.low} to {a.high}" for a in axes)
        noun = "bands"
    starts = [f"{' and '.join(map(str, a.band_starts))} for {a.label.lower()}" for a in axes if a.band_starts]
    lines = f"; lines mark where strong begins, {' and '.join(starts)}" if starts else ""
    areas = "; ".join(
        f"{r.title}{' (the rarest)' if r.rarest else ''}: "
        + scores([(axis, f"{low} to {high}") for axis, (low, high) in zip(axes, r.ranges, strict=True)])
        for r in regions
    )
    answers = scores([(axis, str(score)) for axis, score in zip(axes, point, strict=True)])
    return f"{scales}{lines}. The {noun}: {areas}. These answers: {answers}, in {result.title}."


def _region(across: Axis, up: Axis, region: Region, dot: tuple[float, float] | None) -> list[str]:
    """A band's rectangle and its title; in the band holding the dot, the title keeps clear of it."""
    (across_low, across_high), (up_low, up_high) = region.ranges
    bottom = PLOT_TOP + PLOT_SIZE
    left, top = PLOT_LEFT + across.edge(across_low), bottom - up.edge(up_high + 1)
    width = across.edge(across_high + 1) - across.edge(across_low)
    height = up.edge(up_high + 1) - up.edge(up_low)
    parts = [_band_rect(region, dot is not None, left, top, width, height)]
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


def _band_rect(region: Region, is_result: bool, left: float, top: float, width: float, height: float) -> str:
    classes = " ".join(
        ["quiz-chart__region"] + ["quiz-chart__region--result"] * is_result + ["quiz-chart__region--rarest"] * region.rarest
    )
    return (
        f'<rect class="{classes}" data-band="{escape(region.band_id)}" x="{_n(left)}" y="{_n(top)}" '
        f'width="{_n(width)}" height="{_n(height)}" fill="currentColor"/>'
    )


def _threshold(start: int, x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line class="quiz-chart__threshold" data-starts="{start}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" '
        f'y2="{_n(y2)}" stroke="currentColor" stroke-dasharray="5 3"/>'
    )


def _frame(left: float, top: float, width: float, height: float) -> str:
    return (
        f'<rect class="quiz-chart__frame" x="{_n(left)}" y="{_n(top)}" width="{_n(width)}" height="{_n(height)}" '
        'fill="none" stroke="currentColor"/>'
    )


def _point(x: float, y: float) -> str:
    return f'<circle class="quiz-chart__point" cx="{_n(x)}" cy="{_n(y)}" r="{DOT_RADIUS}" fill="currentColor" stroke-width="3"/>'


def _tick_scores(axis: Axis) -> list[tuple[int, float]]:
    """Tick numbers: the axis's lowest and highest score, and where each band begins (on its line)."""
    return [
        (score, axis.edge(score) if score in axis.band_starts else axis.offset(score))
        for score in (axis.low, *axis.band_starts, axis.high)
    ]


def _svg(height: float, id_prefix: str, result: Region, text: str, body: list[str]) -> str:
    """The chart's element, labelled by its own title and description."""
    title_id, desc_id = f"{id_prefix}--chart-title", f"{id_prefix}--chart-desc"
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="quiz-chart" role="img" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">Where these answers stand: {escape(result.title)}</title>',
        f'<desc id="{desc_id}">{escape(text)}</desc>',
        *body,
        "</svg>",
    ])


def quadrant_chart(axes: list[Axis], regions: list[Region], point: tuple[int, ...], result: Region) -> list[str]:
    """Two dimensions: each band a rectangle of the plot, the dot inside the result's."""
    across, up = axes
    bottom, right = PLOT_TOP + PLOT_SIZE, PLOT_LEFT + PLOT_SIZE
    dot = (PLOT_LEFT + across.offset(point[0]), bottom - up.offset(point[1]))
    parts = []
    for region in regions:
        parts += _region(across, up, region, dot if region is result else None)
    parts.append(_frame(PLOT_LEFT, PLOT_TOP, PLOT_SIZE, PLOT_SIZE))
    parts += [_threshold(start, PLOT_LEFT + across.edge(start), PLOT_TOP, PLOT_LEFT + across.edge(start), bottom) for start in across.band_starts]
    parts += [_threshold(start, PLOT_LEFT, bottom - up.edge(start), right, bottom - up.edge(start)) for start in up.band_starts]
    parts += [_text(PLOT_LEFT + x, bottom + 17, str(score), "quiz-chart__tick") for score, x in _tick_scores(across)]
    parts += [_text(PLOT_LEFT - 4, bottom - y + 4, str(score), "quiz-chart__tick", anchor="end") for score, y in _tick_scores(up)]
    parts.append(_text(PLOT_LEFT + PLOT_SIZE / 2, HEIGHT - 6, f"{across.label} →", "quiz-chart__axis", TITLE_FONT_SIZE))
    label_x, label_y = 13, PLOT_TOP + PLOT_SIZE / 2
    parts.append(
        _text(label_x, label_y, f"{up.label} →", "quiz-chart__axis", TITLE_FONT_SIZE,
              extra=f' transform="rotate(-90 {label_x} {_n(label_y)})"')
    )
    parts.append(_point(*dot))
    return parts


def strip_chart(axes: list[Axis], point: tuple[int, ...], result: Region) -> list[str]:
    """Any other number of dimensions: a row per dimension, the result band's stretch of it shaded."""
    parts = []
    for row, (axis, score, (low, high)) in enumerate(zip(axes, point, result.ranges, strict=True)):
        top = PLOT_TOP + row * STRIP_ROW
        bar_top, bar_bottom = top + STRIP_BAR_TOP, top + STRIP_BAR_TOP + STRIP_BAR_HEIGHT
        parts.append(_text(STRIP_LEFT, top + 16, f"{axis.label} →", "quiz-chart__axis", TITLE_FONT_SIZE, anchor="start"))
        parts.append(_band_rect(result, True, STRIP_LEFT + axis.edge(low), bar_top, axis.edge(high + 1) - axis.edge(low), STRIP_BAR_HEIGHT))
        parts.append(_frame(STRIP_LEFT, bar_top, STRIP_SIZE, STRIP_BAR_HEIGHT))
        parts += [_threshold(start, STRIP_LEFT + axis.edge(start), bar_top, STRIP_LEFT + axis.edge(start), bar_bottom) for start in axis.band_starts]
        parts += [_text(STRIP_LEFT + x, bar_bottom + 17, str(tick), "quiz-chart__tick") for tick, x in _tick_scores(axis)]
        parts.append(_point(STRIP_LEFT + axis.offset(score), bar_top + STRIP_BAR_HEIGHT / 2))
    return parts


def chart(axes: list[Axis], regions: list[Region], point: tuple[int, ...], id_prefix: str) -> dict[str, str]:
    """{"svg", "text", "caption"}: the chart for the scores `point` (one per axis), and a visible key.

    A strip chart's axes are drawn `STRIP_SIZE` long, whatever `size` they were given."""
    result = next(r for r in regions if r.holds(point))
    text = text_alternative(axes, regions, point, result)
    if len(axes) == 2:
        body, height = quadrant_chart(axes, regions, point, result), HEIGHT
        caption = "The dot marks these answers; dashed lines mark where strong begins on each scale."
    else:
        strips = [replace(axis, size=STRIP_SIZE) for axis in axes]
        body, height = strip_chart(strips, point, result), PLOT_TOP + len(axes) * STRIP_ROW
        caption = ("Each row is one scale: the dot marks these answers, the shaded stretch is where this result lies "
                   "on it, and dashed lines mark where strong begins.")
    return {"svg": _svg(height, id_prefix, result, text, body), "text": text, "caption": caption}
