"""Self-assessment scoring: reverse items, band edges, the chart's geometry. (Grading: test_grading.py.)

The chart's numbers are worked out by hand from its layout: the plot starts at x = 40 and at
y = 283 (its bottom) and gives each score 11 units, scores 6..30 on both axes; band edges
fall between cells, so "strong from 22" is the line 16 cells in: x = 216, y = 283 - 176 = 107.
A score's dot sits mid-cell: x = 40 + (score - 5.5) * 11, y = 283 - (score - 5.5) * 11, so 20/20 is at
(199.5, 123.5). The shared table (api_cases/assess.json) pins the same numbers, so Pyodide checks them too.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz_py import api
from quiz_py.answers import Answers
from quiz_py.assessment import OWN, assess, band_starts, comparison, dimension_scores, statement_score
from quiz_py.catalog import catalog_to_data
from quiz_py.chart import Axis, Region, chart
from quiz_py.loading import DIMENSION_COUNT, ContentError, load_catalog_texts
from quiz_py.model import Catalog, Quiz, ScaleQuestion
from tests.support.quiz_toml import assessment_toml, band_id
from tests.support.ratings import ratings_for

Get = Callable[[str], Quiz]
SVG = "{http://www.w3.org/2000/svg}"


def chart_of(quiz: Quiz, management: int, leadership: int) -> ElementTree.Element:
    result = assess(quiz, ratings_for(quiz, {"management": management, "leadership": leadership}), None)
    assert result["chart"] is not None
    return ElementTree.fromstring(result["chart"]["svg"])


def numbers(element: ElementTree.Element, *names: str) -> tuple[float, ...]:
    return tuple(float(element.attrib[name]) for name in names)


@pytest.mark.parametrize(("reverse", "rating", "score"), [(False, 1, 1), (False, 5, 5), (True, 1, 5), (True, 5, 1), (True, 3, 3)])
def test_reverse_statements_score_the_other_way(reverse: bool, rating: int, score: int) -> None:
    assert statement_score(ScaleQuestion("s", "P", "management", reverse), rating) == score


def test_agreeing_with_everything_cancels_out_on_reverse_items(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    # Four plain and two reverse statements per dimension: 4*5 + 2*1.
    assert dimension_scores(assessment, {q.id: 5 for q in assessment.questions}) == {"management": 22, "leadership": 22}


def test_the_chart_draws_each_band_where_its_ranges_are_and_lines_where_strong_begins(quiz: Get) -> None:
    svg = chart_of(quiz("which-are-you"), 20, 20)
    regions = {rect.attrib["data-band"]: numbers(rect, "x", "y", "width", "height") for rect in svg.iter(f"{SVG}rect") if "data-band" in rect.attrib}
    assert regions == {
        # band: (x, y, width, height); management 22..30 is 9 cells, 6..21 is 16 cells.
        "strong-in-both": (216, 8, 99, 99),
        "manager-first": (216, 107, 99, 176),
        "leader-first": (40, 8, 176, 99),
        "still-growing": (40, 107, 176, 176),
    }
    lines = [(line.attrib["data-starts"], numbers(line, "x1", "y1", "x2", "y2")) for line in svg.iter(f"{SVG}line")]
    assert lines == [("22", (216, 8, 216, 283)), ("22", (40, 107, 315, 107))]


@pytest.mark.parametrize(
    ("management", "leadership", "band", "point"),
    [
        (6, 6, "still-growing", (45.5, 277.5)),
        (21, 21, "still-growing", (210.5, 112.5)),
        (22, 21, "manager-first", (221.5, 112.5)),
        (30, 6, "manager-first", (309.5, 277.5)),
        (21, 22, "leader-first", (210.5, 101.5)),
        (6, 30, "leader-first", (45.5, 13.5)),
        (22, 22, "strong-in-both", (221.5, 101.5)),
        (30, 30, "strong-in-both", (309.5, 13.5)),
    ],
)
def test_band_edges_and_the_point_in_its_band(quiz: Get, management: int, leadership: int, band: str, point: tuple[float, float]) -> None:
    assessment = quiz("which-are-you")
    answers = ratings_for(assessment, {"management": management, "leadership": leadership})
    result = assess(assessment, answers, prediction=band)
    assert [d["score"] for d in result["dimensions"]] == [management, leadership]
    assert result["band"] is not None and result["prediction"] is not None and result["chart"] is not None
    assert result["band"]["id"] == band
    assert result["prediction"]["held"] is True
    svg = ElementTree.fromstring(result["chart"]["svg"])
    (dot,) = svg.iter(f"{SVG}circle")
    assert numbers(dot, "cx", "cy") == point
    holding = []
    for rect in svg.iter(f"{SVG}rect"):
        if "data-band" in rect.attrib:
            x, y, width, height = numbers(rect, "x", "y", "width", "height")
            if x < point[0] < x + width and y < point[1] < y + height:
                holding.append((rect.attrib["data-band"], "quiz-chart__region--result" in rect.attrib["class"]))
    assert holding == [(band, True)]


def test_the_rarest_band_is_marked_and_titles_keep_clear_of_the_point(quiz: Get) -> None:
    svg = chart_of(quiz("which-are-you"), 6, 30)
    texts = {text.text: numbers(text, "x", "y") for text in svg.iter(f"{SVG}text")}
    assert texts["the rarest"] == (265.5, 64)  # under "Strong" (28) and "in both" (46), centred on x = 216 + 99/2
    # The point (45.5, 13.5) is in the top half of Leader first (y 8..107): its title moves to the bottom, 8 above y = 107.
    assert texts["Leader first"] == (128, 99)
    assert texts["Still growing"] == (128, 127)  # no point there: the top, 20 below y = 107


def test_a_point_on_the_middle_of_an_area_leaves_its_title_at_the_top(quiz: Get) -> None:
    # Leadership 26 is the middle cell of 22..30: the dot's y, 283 - 20.5 * 11 = 57.5, is Leader first's middle (8 + 99 / 2).
    svg = chart_of(quiz("which-are-you"), 6, 26)
    assert numbers(next(svg.iter(f"{SVG}circle")), "cy") == (57.5,)
    texts = {text.text: numbers(text, "x", "y") for text in svg.iter(f"{SVG}text")}
    assert texts["Leader first"] == (128, 28)  # only a point above the middle sends the title to the bottom


def test_chart_text_is_never_smaller_than_15_units(quiz: Get) -> None:
    # Shown about 310 px wide on a 390 px phone, 15 units is about 14.7 px: above 0.8 of the 18 px body text.
    svg = chart_of(quiz("which-are-you"), 14, 26)
    assert min(int(text.attrib["font-size"]) for text in svg.iter(f"{SVG}text")) == 15


def test_assessment_result_says_where_the_reader_stands(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    result = assess(assessment, ratings_for(assessment, {"management": 26, "leadership": 10}), "strong-in-both")
    assert result["prediction"] == {"band": "strong-in-both", "title": "Strong in both", "held": False}
    assert result["comparison"] is not None and result["rarity"] is not None and result["band"] is not None
    assert result["comparison"]["own"]["gap"] == (
        "The gap: your answers rate your leadership lower than you guessed. A guess is how you see yourself; the "
        "statements ask what you do at work today, and the essay tells managers from leaders by what each does."
    )
    assert "few" in result["rarity"] and "strong in both" in result["rarity"]
    assert all(link["url"].startswith("chapters/") for link in result["band"]["links"])


def test_at_most_three_statements_explain_a_score_the_costliest_first(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    # Management statements in quiz order: targets, budget, slipping-targets (reverse), time-and-hours, operations,
    # efficiency-tedious (reverse). Points: 2, 1, 4, 3, 1, 5: costs 3, 4, 1, 2, 4, 0.
    answers: dict[str, Any] = {"targets": 2, "budget": 1, "slipping-targets": 2, "time-and-hours": 3, "operations": 1,
                               "efficiency-tedious": 1} | {q: 5 for q in ("direction", "big-picture", "motivation", "connecting")}
    answers |= {"unmotivated": 1, "ground-level": 1}
    management, leadership = assess(assessment, answers, None)["dimensions"]
    assert management["score"] == 16
    assert [(s["id"], s["points"]) for s in management["pulled_down"]] == [("budget", 1), ("operations", 1), ("targets", 2)]
    assert management["pulled_down"][0]["note"] == "Answered Strongly disagree: 1 of 5 points."
    assert (leadership["score"], leadership["pulled_down"]) == (30, [])


def test_chart_is_labelled_and_has_a_text_alternative(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    chart = assess(assessment, ratings_for(assessment, {"management": 26, "leadership": 10}), None)["chart"]
    assert chart is not None
    svg = chart["svg"]
    assert 'role="img"' in svg and 'aria-labelledby="quiz-which-are-you--chart-title quiz-which-are-you--chart-desc"' in svg
    assert f"<desc id=\"quiz-which-are-you--chart-desc\">{chart['text']}</desc>" in svg
    assert "style=" not in svg  # a strict CSP blocks inline styles


def api_session(catalog: Catalog) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """api.handle with `catalog` loaded, taking and returning Python objects."""

    def send(request: dict[str, Any]) -> dict[str, Any]:
        response: dict[str, Any] = json.loads(api.handle(json.dumps(request)))
        return response

    assert send({"op": "load", "catalog": catalog_to_data(catalog)})["ok"]
    return send


def inside(point: ElementTree.Element, box: ElementTree.Element) -> bool:
    x, y = numbers(point, "cx", "cy")
    left, top, width, height = numbers(box, "x", "y", "width", "height")
    return left < x < left + width and top < y < top + height


@pytest.mark.parametrize("count", range(DIMENSION_COUNT[0], DIMENSION_COUNT[1] + 1))
def test_every_allowed_number_of_dimensions_gives_a_result_a_chart_and_a_share_link(count: int) -> None:
    catalog = load_catalog_texts({"quizzes/gen.toml": assessment_toml(count)})
    send = api_session(catalog)
    try:
        # The first dimension scores 9 of 2..10 (high), the second 3 (low), any others 6.
        ratings = {0: (5, 4), 1: (2, 1)}
        answers = {f"s{d}-{n}": ratings.get(d, (3, 3))[n] for d in range(count) for n in range(2)}
        expected = band_id(*("high", "low")[:count])
        assessed = send({"op": "assess", "quiz": "gen", "answers": answers, "prediction": None})
        assert assessed["ok"], assessed
        result = assessed["result"]
        assert result["band"]["id"] == expected
        chart = result["chart"]
        svg = ElementTree.fromstring(chart["svg"])
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text == f"Where these answers stand: {expected}"
        # Every dot sits in the result band's shading, one dot to each shaded area.
        dots = list(svg.iter(f"{SVG}circle"))
        shaded = [r for r in svg.iter(f"{SVG}rect") if "quiz-chart__region--result" in r.attrib.get("class", "")]
        assert dots and all(r.attrib["data-band"] == expected for r in shaded)
        assert sorted(sum(inside(dot, r) for dot in dots) for r in shaded) == [1] * len(shaded)
        assert all(any(inside(dot, r) for r in shaded) for dot in dots)
        for dimension in result["dimensions"]:
            assert f"{dimension['label'].lower()} {dimension['score']}" in chart["text"]
        encoded = send({"op": "share_encode", "quiz": "gen", "answers": answers, "prediction": expected})
        decoded = send({"op": "share_decode", "fragment": encoded["result"]["fragment"]})
        assert decoded["result"] == {"quiz": "gen", "answers": answers, "prediction": expected}
    finally:
        api._catalog = None


def region_titles(svg: str) -> list[str]:
    return [t.text or "" for t in ElementTree.fromstring(svg).iter(f"{SVG}text") if t.attrib["class"] == "quiz-chart__region-title"]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        # A 99-unit area takes 9 characters of 16-unit title a line: as few lines as fit, as even as can be.
        ("Strong in both", ["Strong", "in both"]),
        ("Manager first", ["Manager", "first"]),
        ("abc de fgh ij", ["abc de", "fgh ij"]),
        ("Leadershipfirst", ["Leadershipfirst"]),  # a word longer than a line stays whole
        ("aaaa bb cc ddd eeeee", ["aaaa bb", "cc ddd", "eeeee"]),
        ("Good boss", ["Good boss"]),  # exactly 9 characters: a title that fills its line stays on it
        ("abcd a abc", ["abcd", "a abc"]),  # two lines at every width from 5 to 9: the narrowest, 5, evens them
    ],
)
def test_a_band_title_is_broken_into_as_few_and_as_even_lines_as_fit(title: str, lines: list[str]) -> None:
    axis = Axis("A", 6, 30, (22,))
    regions = [Region("top", title, ((22, 30), (22, 30)), True), Region("rest", "R", ((6, 30), (6, 21)), False),
               Region("left", "L", ((6, 21), (22, 30)), False)]
    assert region_titles(chart([axis, axis], regions, (6, 6), "t")["svg"])[:len(lines)] == lines


def test_a_wider_area_takes_a_longer_line() -> None:
    # Leader first's area is 176 wide: 176 - 8 = 168 units of 16-unit title, 0.58 em a glyph, hold 18 characters.
    axis = Axis("A", 6, 30, (22,))
    regions = [Region("left", "Leader in the room", ((6, 21), (22, 30)), False), Region("rest", "R", ((6, 30), (6, 21)), False),
               Region("top", "T", ((22, 30), (22, 30)), False)]
    assert region_titles(chart([axis, axis], regions, (6, 6), "t")["svg"])[0] == "Leader in the room"


def test_laying_out_a_long_band_title_takes_work_in_proportion_to_it() -> None:
    """Trying every split of 18 words holds 2^17 candidate layouts at once; breaking lines in one pass holds one."""
    axis = Axis("A", 6, 30, (22,))
    regions = [Region("all", " ".join(["word"] * 18), ((6, 30), (6, 30)), False)]
    tracemalloc.start()
    try:
        chart([axis, axis], regions, (6, 6), "t")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


# Any code point, surrogates and noncharacters included, with what markup, XML and the build care about made likely.
HOSTILE = ["<", ">", "&", '"', "'", "]]>", "\x00", "\x0b", "\r", "\t", "\ufffe", "\uffff", "\ud800", "\u202e", "\ue000", "a"]
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.characters(codec=None), min_size=1, max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(count=st.sampled_from([1, 2]), title=hostile_text, label=hostile_text)
def test_every_text_the_build_accepts_gives_a_chart_that_parses(count: int, title: str, label: str) -> None:
    lowest = band_id(*["low"] * count)
    try:
        catalog = load_catalog_texts({"quizzes/gen.toml": assessment_toml(count, {lowest: title}, (label, "Listening"))})
    except ContentError:
        return
    quiz = catalog.quizzes[0]
    # Every score its lowest, so the result is the band titled `title`; the first scale is labelled `label`.
    result = assess(quiz, {f"s{d}-{n}": 1 for d in range(count) for n in range(2)}, None)
    assert result["chart"] is not None
    svg = ElementTree.fromstring(result["chart"]["svg"])

    def words(text: str | None) -> list[str]:  # XML reads a carriage return as a newline
        return (text or "").split()

    svg_title = svg.find(f"{SVG}title")
    assert svg_title is not None and words(svg_title.text) == words(f"Where these answers stand: {title}")
    assert words(f"{label} →") in [words(t.text) for t in svg.iter(f"{SVG}text")]


def uneven_assessment() -> Quiz:
    """Planning (d0) with three statements, 3..15, split at 9; Listening (d1) with two, 2..10, split at 8."""
    text = (assessment_toml(2).replace("d0 = [2, 5]", "d0 = [3, 8]").replace("d0 = [6, 10]", "d0 = [9, 15]")
            + '[[questions]]\nid = "s0-2"\nkind = "scale"\nprompt = "P0-2"\ndimension = "d0"\n')
    (assessment,) = load_catalog_texts({"quizzes/gen.toml": text}).quizzes
    return assessment


def test_each_dimension_counts_its_own_statements_and_bands() -> None:
    assessment = uneven_assessment()
    assert [assessment.score_range(d) for d in ("d0", "d1")] == [(3, 15), (2, 10)]
    assert [band_starts(assessment, d) for d in ("d0", "d1")] == [(9,), (8,)]


GUESS_WAS_HOW_YOU_SEE_YOURSELF = ("A guess is how you see yourself; the statements ask what you do at work today, "
                                  "and the essay tells managers from leaders by what each does.")


@pytest.mark.parametrize(("guessed", "scores", "gap"), [
    # Listening at 2, the lowest of the guessed band's range: inside the guess, so not "lower".
    ("high-low", {"d0": 8, "d1": 2}, "The gap: your answers rate your planning lower than you guessed. "),
    # Planning at 8, the top of the guessed band's range: inside the guess, so not "higher".
    ("low-low", {"d0": 8, "d1": 8}, "The gap: your answers rate your listening higher than you guessed. "),
])
def test_a_score_on_the_edge_of_the_guessed_band_is_no_gap(guessed: str, scores: dict[str, int], gap: str) -> None:
    assessment = uneven_assessment()
    bands = {band.id: band for band in assessment.bands}
    actual = next(band for band in assessment.bands if band.contains(scores))
    assert comparison(assessment, actual, bands[guessed], scores, OWN)["gap"] == gap + GUESS_WAS_HOW_YOU_SEE_YOURSELF


def test_the_quadrant_chart_is_320_wide_and_tall_enough_for_its_axis_labels(quiz: Get) -> None:
    # The plot's top margin 8, the plot 275, then 44 for the tick numbers and the management label.
    assert chart_of(quiz("which-are-you"), 20, 20).attrib["viewBox"] == "0 0 320 327"


def test_a_strip_chart_draws_the_scale_as_a_bar_across_the_width() -> None:
    # One dimension, 2..10, split at 6: the bar runs from x = 16 to 304 (288 units, 32 a score) at y = 32..54
    # (row top 8, 24 down); the label's baseline is at 24, the tick numbers' 17 under the bar; one row is 76 tall.
    (assessment,) = load_catalog_texts({"quizzes/gen.toml": assessment_toml(1)}).quizzes
    chart = assess(assessment, {"s0-0": 5, "s0-1": 4}, None)["chart"]
    assert chart is not None
    assert chart["text"].startswith("Each scale runs across, one a row: planning from 2 to 10")
    svg = ElementTree.fromstring(chart["svg"])
    assert svg.attrib["viewBox"] == "0 0 320 84"
    rects = {rect.attrib.get("data-band", "frame"): numbers(rect, "x", "y", "width", "height") for rect in svg.iter(f"{SVG}rect")}
    assert rects == {"high": (144, 32, 160, 22), "frame": (16, 32, 288, 22)}
    (threshold,) = svg.iter(f"{SVG}line")
    assert numbers(threshold, "x1", "y1", "x2", "y2") == (144, 32, 144, 54)
    (dot,) = svg.iter(f"{SVG}circle")
    assert numbers(dot, "cx", "cy") == (256, 43)  # score 9: 16 + 7.5 cells
    texts = [(t.text, numbers(t, "x", "y")) for t in svg.iter(f"{SVG}text")]
    assert texts == [("Planning →", (16, 24)), ("2", (32, 71)), ("6", (144, 71)), ("10", (288, 71))]


def test_region_titles_are_bold_at_16_and_the_text_alternative_names_the_axes_in_a_sentence(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    chart = assess(assessment, ratings_for(assessment, {"management": 20, "leadership": 20}), None)["chart"]
    assert chart is not None
    titles = [t.attrib for t in ElementTree.fromstring(chart["svg"]).iter(f"{SVG}text") if t.attrib["class"] == "quiz-chart__region-title"]
    assert titles and {(t["font-size"], t["font-weight"]) for t in titles} == {("16", "bold")}
    assert chart["text"].startswith("Management runs across from 6 to 30, leadership up from 6 to 30; ")


def test_a_point_just_above_the_middle_of_an_area_sends_its_title_to_the_bottom(quiz: Get) -> None:
    # Leadership 27 is one cell above the middle of 22..30: the dot's y, 283 - 21.5 * 11 = 46.5, is above Leader
    # first's middle (8 + 99 / 2 = 57.5) but below its upper third (8 + 99 / 3 = 41).
    svg = chart_of(quiz("which-are-you"), 6, 27)
    assert numbers(next(svg.iter(f"{SVG}circle")), "cy") == (46.5,)
    texts = {text.text: numbers(text, "x", "y") for text in svg.iter(f"{SVG}text")}
    assert texts["Leader first"] == (128, 99)  # the bottom: 8 above y = 107, centred on x = 40 + 176 / 2


def test_a_title_of_several_lines_moved_to_the_bottom_ends_8_above_it(quiz: Get) -> None:
    # The dot at 30/30, (309.5, 13.5), is in the top half of Strong in both (x 216..315, y 8..107). Its three lines,
    # "Strong", "in both" and "the rarest", 18 apart, end 8 above y = 107: the first at 99 - 2 * 18 = 63.
    svg = chart_of(quiz("which-are-you"), 30, 30)
    texts = {text.text: numbers(text, "x", "y") for text in svg.iter(f"{SVG}text")}
    assert [texts[line] for line in ("Strong", "in both", "the rarest")] == [(265.5, 63), (265.5, 81), (265.5, 99)]


def test_the_quadrant_chart_numbers_its_scales_and_labels_its_axes(quiz: Get) -> None:
    svg = chart_of(quiz("which-are-you"), 20, 20)
    texts = [(t.text, numbers(t, "x", "y"), t.attrib["text-anchor"], t.attrib.get("transform"))
             for t in svg.iter(f"{SVG}text") if t.attrib["class"] in ("quiz-chart__tick", "quiz-chart__axis")]
    assert texts == [
        # Across, 17 under the plot's bottom (283 + 17 = 300): 6 and 30 mid-cell (40 + 0.5 * 11, 40 + 24.5 * 11),
        # 22 on its line (40 + 16 * 11).
        ("6", (45.5, 300), "middle", None), ("22", (216, 300), "middle", None), ("30", (309.5, 300), "middle", None),
        # Up, ending 4 left of the plot (x = 36), baselines 4 below the cell's middle or the line:
        # 283 - 5.5 + 4 = 281.5, 283 - 176 + 4 = 111, 283 - 269.5 + 4 = 17.5.
        ("6", (36, 281.5), "end", None), ("22", (36, 111), "end", None), ("30", (36, 17.5), "end", None),
        # Management centred under the plot (40 + 275 / 2), 6 above the chart's bottom (327 - 6); leadership turned
        # upright about (13, 8 + 275 / 2).
        ("Management →", (177.5, 321), "middle", None),
        ("Leadership →", (13, 145.5), "middle", "rotate(-90 13 145.5)"),
    ]


def test_a_strip_chart_stacks_its_rows_76_apart() -> None:
    # Three dimensions, each 2..10 (288 units, 32 a score); planning splits at 6, listening at 8, deciding not at
    # all. Planning 9 and listening 3 give the band high-low: planning 6..10, listening 2..7, deciding 2..10.
    # Row r's top is 8 + 76r: its bar at 32 + 76r .. 54 + 76r, its label at 24 + 76r, its ticks at 71 + 76r.
    (assessment,) = load_catalog_texts({"quizzes/gen.toml": assessment_toml(3)}).quizzes
    answers: Answers = {"s0-0": 5, "s0-1": 4, "s1-0": 2, "s1-1": 1, "s2-0": 3, "s2-1": 3}
    chart = assess(assessment, answers, None)["chart"]
    assert chart is not None
    svg = ElementTree.fromstring(chart["svg"])
    assert svg.attrib["viewBox"] == "0 0 320 236"  # 8 + 3 * 76
    rects = [(rect.attrib.get("data-band", "frame"), numbers(rect, "x", "y", "width", "height")) for rect in svg.iter(f"{SVG}rect")]
    assert rects == [
        ("high-low", (144, 32, 160, 22)), ("frame", (16, 32, 288, 22)),  # 6..10: 16 + 4 * 32, 5 cells
        ("high-low", (16, 108, 192, 22)), ("frame", (16, 108, 288, 22)),  # 2..7: 6 cells
        ("high-low", (16, 184, 288, 22)), ("frame", (16, 184, 288, 22)),  # the whole scale
    ]
    lines = [(line.attrib["data-starts"], numbers(line, "x1", "y1", "x2", "y2")) for line in svg.iter(f"{SVG}line")]
    assert lines == [("6", (144, 32, 144, 54)), ("8", (208, 108, 208, 130))]  # 8: 16 + 6 * 32
    # Planning 9, listening 3, deciding 6: 16 + 7.5, 1.5 and 4.5 cells, at the bars' middles.
    assert [numbers(dot, "cx", "cy") for dot in svg.iter(f"{SVG}circle")] == [(256, 43), (64, 119), (160, 195)]
    texts = [(t.text, numbers(t, "x", "y")) for t in svg.iter(f"{SVG}text")]
    assert texts == [
        ("Planning →", (16, 24)), ("2", (32, 71)), ("6", (144, 71)), ("10", (288, 71)),
        ("Listening →", (16, 100)), ("2", (32, 147)), ("8", (208, 147)), ("10", (288, 147)),
        ("Deciding →", (16, 176)), ("2", (32, 223)), ("10", (288, 223)),
    ]
