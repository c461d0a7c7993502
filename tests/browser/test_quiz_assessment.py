"""The self-assessment in Chromium: the guess explained, the scale in one row, the reveal card in view,
the guess against the answers, the chart readable on a phone and in dark mode, no layout shift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.support.assessment import CARD_IN_VIEW
from tests.support.quiz_driver import (
    ASSESSMENT, input_id, quiz_form, quiz_path, rate_by_dimension, rate_every_statement, wait_for_engine,
)
from tests.support.site import ColorScheme
from tools.static_host import StaticHost

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}

# Management's plain statements "Strongly agree", its reverse ones "Strongly disagree": 30. Leadership all
# "Neither agree nor disagree": 18, below 22 where strong begins. So: Manager first.
MANAGER_FIRST = {"management": (5, 1), "leadership": (3, 3)}

LAYOUT_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__layoutShifts.push({ value: entry.value, sources: entry.sources.map((s) => s.node?.className ?? "?") });
  }
}).observe({ type: "layout-shift", buffered: true });
"""

# Every text in the result: SVG text at its size on screen, HTML text at its computed size; and the body's size.
TEXT_SIZES = """() => {
  const result = document.querySelector(".quiz__result");
  const scale = (node) => Math.hypot(node.getScreenCTM().a, node.getScreenCTM().b); // turned text too
  const sizes = [...result.querySelectorAll("svg text")].map(
    (text) => ({ text: text.textContent, px: parseFloat(getComputedStyle(text).fontSize) * scale(text) }));
  const walker = document.createTreeWalker(result, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent.closest("svg") || !walker.currentNode.textContent.trim()) continue;
    sizes.push({ text: walker.currentNode.textContent.trim(), px: parseFloat(getComputedStyle(parent).fontSize) });
  }
  return { body: parseFloat(getComputedStyle(document.querySelector(".md-typeset")).fontSize), sizes };
}"""

def open_assessment(page: Page, site_host: StaticHost, site_dir: Path) -> None:
    page.goto(site_host.url + quiz_path(site_dir, ASSESSMENT.id))
    wait_for_engine(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_missed_guess_reveals_the_card_in_view_with_the_gap(
    page: Page, site_host: StaticHost, site_dir: Path, viewport: ViewportSize,
) -> None:
    page.set_viewport_size(viewport)
    open_assessment(page, site_host, site_dir)
    form = quiz_form(page, ASSESSMENT.id)
    page.check(input_id(ASSESSMENT, "prediction", "leader-first"))
    rate_by_dimension(page, MANAGER_FIRST)
    form.locator(".quiz__check").click()

    card = form.locator(".quiz-reveal")
    expect(card).to_be_focused()
    page.wait_for_function(CARD_IN_VIEW)
    expect(card.locator(".quiz-reveal__guess")).to_have_text("You guessed: Leader first.")
    expect(card.locator(".quiz-reveal__title")).to_have_text("Your answers say: Manager first")
    expect(card.locator(".quiz-reveal__gap")).to_have_text(
        "The gap: your answers rate your leadership lower than you guessed, and your management higher. In the "
        "essay’s terms, you may have taken strength at one job for strength at the other: leadership and management "
        "are not the same thing."
    )
    expect(card.locator(".quiz__links a").first).to_have_attribute("href", re.compile("^" + re.escape(site_host.url) + "chapters/"))


def test_a_held_guess_and_each_score_stated_once_with_why(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    open_assessment(page, site_host, site_dir)
    form = quiz_form(page, ASSESSMENT.id)
    page.check(input_id(ASSESSMENT, "prediction", "strong-in-both"))
    rate_every_statement(page, 5)  # "Strongly agree" to all twelve: 22 on both, the reverse ones cost 4 points each
    form.locator(".quiz__check").click()

    result = form.locator(".quiz__result")
    expect(result.locator(".quiz-reveal__title")).to_have_text("Your answers say: Strong in both")
    expect(result.locator(".quiz-reveal__gap")).to_have_text("Your guess held: your answers put you where you expected.")
    expect(result.locator(".quiz-why__score")).to_have_text([
        "Management: 22 on a scale from 6 to 30; strong from 22.",
        "Leadership: 22 on a scale from 6 to 30; strong from 22.",
    ])
    visible_text = result.inner_text()
    assert visible_text.count("22 on a scale") == 2 and "out of a possible" not in visible_text
    expect(result.locator(".quiz-why__statements").first.locator("li")).to_have_text([
        "Deadlines and targets tend to slip past before I notice. "
        "Agreeing with this counts against management: answered Strongly agree, 1 of 5 points.",
        "I find tracking efficiency and operational detail tedious and leave it to others. "
        "Agreeing with this counts against management: answered Strongly agree, 1 of 5 points.",
    ])
    chart = result.locator("figure.quiz__chart svg")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("rect[data-band]")).to_have_count(4)
    expect(chart.locator('rect.quiz-chart__region--result[data-band="strong-in-both"]')).to_have_count(1)
    expect(chart.locator("circle.quiz-chart__point")).to_have_count(1)
    expect(chart.locator("text", has_text="the rarest")).to_have_count(1)


def test_on_a_phone_no_text_of_the_result_is_smaller_than_the_small_print(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    page.set_viewport_size(PHONE)
    open_assessment(page, site_host, site_dir)
    rate_by_dimension(page, MANAGER_FIRST)
    quiz_form(page, ASSESSMENT.id).locator(".quiz__check").click()
    expect(page.locator(".quiz__chart svg")).to_be_visible()

    measured = page.evaluate(TEXT_SIZES)
    small_print = 0.8 * measured["body"]  # Material's small print: .64rem beside its .8rem body text
    too_small = [size for size in measured["sizes"] if size["px"] < small_print]
    assert too_small == [], f"smaller than {small_print} px: {too_small}"
    assert any(size["text"] == "Management →" for size in measured["sizes"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_takes_the_page_colours(page: Page, site_host: StaticHost, site_dir: Path, scheme: ColorScheme) -> None:
    page.emulate_media(color_scheme=scheme)
    open_assessment(page, site_host, site_dir)
    rate_every_statement(page, 4)
    quiz_form(page, ASSESSMENT.id).locator(".quiz__check").click()
    title = page.locator(".quiz-chart__region-title").first
    expect(title).to_be_visible()
    text_colour, body_colour, point_colour, background = page.evaluate("""() => [
      getComputedStyle(document.querySelector(".quiz-chart__region-title")).fill,
      getComputedStyle(document.querySelector(".md-typeset")).color,
      getComputedStyle(document.querySelector(".quiz-chart__point")).fill,
      getComputedStyle(document.body).backgroundColor,
    ]""")
    assert text_colour == body_colour
    assert point_colour not in (background, "none")


def test_the_guess_is_explained_and_the_scale_reads_left_to_right_in_one_row(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    open_assessment(page, site_host, site_dir)
    # Each option of the guess says what it means, in its label: seen while choosing, heard with the option.
    expect(page.get_by_role("radio", name="Manager first Strong on metrics, budgets and operations; less so at connecting with people.")).to_be_visible()
    statement = ASSESSMENT.questions[0].id
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        found = [page.locator(input_id(ASSESSMENT, statement, str(value))).bounding_box() for value in range(1, 6)]
        boxes = [box for box in found if box is not None]
        assert len(boxes) == len(found), found
        tops = {round(box["y"]) for box in boxes}
        lefts = [box["x"] for box in boxes]
        assert len(tops) == 1 and lefts == sorted(lefts), (viewport, boxes)
        labels = page.locator(f'fieldset[data-question="{statement}"] label')
        shown = labels.evaluate_all("""labels => labels.filter((l) => l.getBoundingClientRect().width > 1)
          .map((l) => [l.textContent, l.getBoundingClientRect().left, l.getBoundingClientRect().right])""")
        assert [text for text, _, _ in shown] == ["Strongly disagree", "Strongly agree"], viewport
        # The end labels sit at the ends of the row, not between its radios.
        (_, first_left, _), (_, _, last_right) = shown
        assert first_left <= lefts[0] and last_right >= lefts[-1] + boxes[-1]["width"], (viewport, shown, boxes)
    # Every radio keeps its own name; the arrow keys move along the row.
    expect(page.get_by_role("radio", name="Neither agree nor disagree")).to_have_count(len(ASSESSMENT.questions))
    page.locator(input_id(ASSESSMENT, statement, "1")).check()
    page.keyboard.press("ArrowRight")
    expect(page.locator(input_id(ASSESSMENT, statement, "2"))).to_be_checked()


def test_nothing_moves_after_load_or_while_answering(page: Page, site_host: StaticHost, site_dir: Path) -> None:
    page.add_init_script(LAYOUT_SHIFTS)
    open_assessment(page, site_host, site_dir)
    # Saved progress is restored once the engine is ready; then a moment for anything that would still move.
    wait_for_engine(page)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__layoutShifts") == []
    page.check(input_id(ASSESSMENT, "prediction", "still-growing"))
    rate_every_statement(page, 3)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__layoutShifts") == []


def test_an_incomplete_assessment_says_what_is_missing(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    open_assessment(page, site_host, site_dir)
    form = quiz_form(page, ASSESSMENT.id)
    first, *rest = ASSESSMENT.questions
    page.check(input_id(ASSESSMENT, first.id, "3"))
    form.locator(".quiz__check").click()

    expect(form.locator(".quiz__result")).to_contain_text(f"{len(rest)} are still open")
    missing = form.locator('.quiz__question[data-result="missing"]')
    expect(missing).to_have_count(len(rest))
    expect(form.locator(".quiz__verdict")).to_have_count(len(rest))
    expect(form.locator(".quiz__chart")).to_have_count(0)

    # A statement rated since: its "Not rated yet." goes, and so does the count, no longer true.
    rated = form.locator(f'.quiz__question[data-question="{rest[0].id}"]')
    page.check(input_id(ASSESSMENT, rest[0].id, "4"))
    expect(rated.locator(".quiz__verdict")).to_have_count(0)
    expect(missing).to_have_count(len(rest) - 1)
    expect(form.locator(".quiz__result")).to_have_count(0)
