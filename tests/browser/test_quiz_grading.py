"""Every checkpoint and the sorting exercise, taken in Chromium as a reader takes them: commit first,
reveal after trying, precise marks with partial credit, a ✓ that means passed, the keyboard alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Route, ViewportSize, expect

from tests.support.quiz_driver import (
    GRADED_QUIZZES, answer_inputs, input_id, open_quiz, passed_line, quiz_form, quiz_path, tick, tick_and_check, wait_for_engine,
    wait_for_saved,
)
from quiz_py.model import ChoiceQuestion, Quiz, SortQuestion
from tests.support.site import DESKTOP, PHONE
from tools.static_host import StaticHost

CHECKPOINT_1 = next(q for q in GRADED_QUIZZES if q.id == "checkpoint-1")
CHECKPOINT_2 = next(q for q in GRADED_QUIZZES if q.id == "checkpoint-2")
SORT = next(q for q in GRADED_QUIZZES if q.kind == "sort")
SORT_QUESTION = next(q for q in SORT.questions if isinstance(q, SortQuestion))  # its one question


def visible_buttons(form: Locator) -> list[str]:
    return [b.text_content() or "" for b in form.locator(".quiz__actions > :not([hidden])").all()]


@pytest.mark.parametrize("quiz", GRADED_QUIZZES, ids=lambda quiz: quiz.id)
def test_right_answers_pass_and_lead_on_to_the_next_page(
    page: Page, site_host: StaticHost, site_dir: Path, quiz: Quiz,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    tick_and_check(page, form, answer_inputs(quiz, right=True))

    expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz))
    expect(form.locator(".quiz__result")).to_be_focused()
    expect(form.locator('.quiz__question[data-result="wrong"]')).to_have_count(0)
    expect(form.locator('.quiz__question[data-result="right"]')).to_have_count(len(quiz.questions))
    expect(form.locator(".quiz__status")).to_have_text("")  # the score is said once, in the result box
    # One way on: the primary action is the next page; the rest are quiet.
    primary = form.locator(".quiz__actions .md-button--primary:not([hidden])")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text(re.compile(r"^Next: .+ →$"))
    # Passage links point into the essay on this site.
    passage = form.locator("a.quiz__passage").first
    expect(passage).to_have_attribute("href", re.compile("^" + re.escape(site_host.url) + r"chapters/[^#]+/#"))


def test_an_empty_check_grades_and_reveals_nothing(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    wait_for_engine(page)
    form.locator(".quiz__check").click()

    expect(form.locator(".quiz__status")).to_have_text("Answer questions 1 and 2 first.")
    expect(form.locator(".quiz__mark")).to_have_count(0)
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(form.locator(".quiz__explanation")).to_have_count(0)
    assert visible_buttons(form) == ["Check answers"]  # no Share, no Reset before any answer
    expect(page.locator(input_id(CHECKPOINT_1, "q1", "a"))).to_be_focused()
    page.check(input_id(CHECKPOINT_1, "q1", "a"))
    form.locator(".quiz__check").click()
    expect(form.locator(".quiz__status")).to_have_text("Answer question 2 first.")
    expect(page.locator(input_id(CHECKPOINT_1, "q2", "true"))).to_be_focused()
    # Nothing was passed, so nothing is marked done.
    expect(page.locator(".progress-mark")).to_have_count(0)


@pytest.mark.parametrize("quiz", [CHECKPOINT_1, SORT], ids=lambda quiz: quiz.id)
def test_the_mark_of_an_unanswered_item_goes_as_it_is_answered(
    page: Page, site_host: StaticHost, site_dir: Path, quiz: Quiz,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    wait_for_engine(page)
    first, *rest = answer_inputs(quiz, right=True)  # one input per question, or per sorting item
    form.locator(".quiz__check").click()
    missing = form.locator('[data-result="missing"]')
    expect(missing).to_have_count(1 + len(rest))
    status = form.locator(".quiz__status")
    expect(status).not_to_be_empty()

    # Answered: its mark goes, and so does the line saying what is unanswered, whose count is no longer true.
    tick(page, first)
    expect(missing).to_have_count(len(rest))
    expect(form.locator('[data-result="missing"]', has=page.locator(first))).to_have_count(0)
    expect(status).to_be_empty()
    for selector in rest:
        tick(page, selector)
    expect(missing).to_have_count(0)
    expect(form.locator(".quiz__result")).to_have_count(0)  # nothing was graded


def test_after_try_again_a_wrong_answer_keeps_its_mark_until_it_is_changed(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    tick_and_check(page, form, [input_id(CHECKPOINT_1, "q1", "b"), input_id(CHECKPOINT_1, "q2", "true")])
    expect(form.locator(".quiz__score")).to_have_text("1 of 2 questions right. Have another go at what is not right yet.")
    q1, q2 = (form.locator(f'.quiz__question[data-question="{q}"]') for q in ("q1", "q2"))

    form.locator(".quiz__retry").click()
    # What was right has nothing to change: its mark goes with the result; what was wrong keeps its mark.
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(q1.locator(".quiz__mark")).to_have_count(0)
    expect(q1).not_to_have_attribute("data-result", re.compile("."))
    expect(q2).to_have_attribute("data-result", "wrong")
    expect(q2.locator(".quiz__mark--wrong")).to_contain_text("That is the assumption the essay questions")
    expect(q2.locator(":focus")).to_have_count(1)  # the reader is taken to it

    # Changed: that question's mark goes.
    page.check(input_id(CHECKPOINT_1, "q2", "false"))
    expect(q2.locator(".quiz__mark")).to_have_count(0)
    expect(form.locator("[data-result]")).to_have_count(0)


# After a check, what comes next is in view: the result and the buttons under it, clear of the fixed header.
RESULT_AND_ACTIONS_IN_VIEW = """() => {
  const result = document.querySelector(".quiz__result").getBoundingClientRect();
  const actions = document.querySelector(".quiz__actions").getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return result.top >= header.bottom && actions.bottom <= innerHeight;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_after_a_check_the_result_and_its_next_step_are_in_view(
    page: Page, site_host: StaticHost, site_dir: Path, viewport: ViewportSize,
) -> None:
    page.set_viewport_size(viewport)
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    tick_and_check(page, form, answer_inputs(CHECKPOINT_1, right=False))
    expect(form.locator(".quiz__retry")).to_be_in_viewport(ratio=1)
    page.wait_for_function(RESULT_AND_ACTIONS_IN_VIEW)
    wait_for_saved(page, CHECKPOINT_1.id)

    # A saved result shown again when the page is opened moves nothing: the page stays where the reader is.
    page.goto(page.url)
    expect(form.locator(".quiz__score")).to_be_visible()
    assert page.evaluate("scrollY") == 0


def test_with_less_motion_the_next_step_is_in_view_at_once(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    page.set_viewport_size(PHONE)
    page.emulate_media(reduced_motion="reduce")
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    wait_for_engine(page)
    for selector in answer_inputs(CHECKPOINT_1, right=False):
        tick(page, selector)
    # Measured in the first frame that shows the result: no smooth scroll still on its way.
    page.evaluate(f"""() => {{
      window.__inViewAtOnce = new Promise((resolve) => {{
        const look = () => document.querySelector(".quiz__result") ? resolve(({RESULT_AND_ACTIONS_IN_VIEW})()) : requestAnimationFrame(look);
        look();
      }});
    }}""")
    form.locator(".quiz__check").click()
    assert page.evaluate("window.__inViewAtOnce") is True


def test_a_first_wrong_attempt_marks_only_the_readers_picks_and_a_second_reveals(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    wrong = [input_id(CHECKPOINT_1, "q1", "a"), input_id(CHECKPOINT_1, "q2", "true")]
    tick_and_check(page, form, wrong)

    expect(form.locator(".quiz__score")).to_have_text("0 of 2 questions right. Have another go at what is not right yet.")
    expect(form.locator(".quiz__mark--wrong")).to_have_count(2)
    expect(form.locator(".quiz__mark--missed, .quiz__mark--right")).to_have_count(0)  # the right options stay unsaid
    expect(form.locator(".quiz__option", has=page.locator(wrong[0]))).to_contain_text(
        "✗Not quite: the essay gives them a manager’s strengths, one focused on goals and the other exceptional "
        "at cutting costs, even if the first leaves expectations unclear.")
    expect(form.locator(".quiz__explanation")).to_have_count(0)
    expect(form.locator("a.quiz__passage")).to_have_count(0)
    expect(form.locator(".quiz__actions .md-button--primary:not([hidden])")).to_have_text("Try again")

    # Try again keeps the answers and the marks of what is wrong, and takes the reader back to the first one.
    form.locator(".quiz__retry").click()
    expect(form.locator('.quiz__question[data-result="wrong"]')).to_have_count(2)
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(page.locator(wrong[0])).to_be_focused()
    form.locator(".quiz__check").click()

    # The second wrong attempt shows the right answers, why, and the passage.
    expect(form.locator(".quiz__score")).to_have_text("0 of 2 questions right. The answers are shown above.")
    right_option = form.locator(".quiz__option", has=page.locator(input_id(CHECKPOINT_1, "q1", "b")))
    expect(right_option.locator(".quiz__mark--missed")).to_have_text("→The right answer.")
    expect(form.locator(".quiz__explanation")).to_have_count(2)
    expect(form.locator("a.quiz__passage")).to_have_count(2)
    expect(form.locator(".quiz__reveal")).to_be_hidden()


def test_show_the_answers_reveals_on_request(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    tick_and_check(page, form, [input_id(CHECKPOINT_1, "q1", "c"), input_id(CHECKPOINT_1, "q2", "false")])
    expect(form.locator(".quiz__score")).to_have_text("1 of 2 questions right. Have another go at what is not right yet.")
    expect(form.locator(".quiz__mark--missed")).to_have_count(0)

    form.locator(".quiz__reveal").click()
    expect(form.locator(".quiz__mark--missed")).to_have_count(1)
    expect(form.locator('.quiz__question[data-question="q1"] .quiz__explanation')).to_be_visible()
    expect(form.locator(".quiz__reveal")).to_be_hidden()


def test_multiple_select_gives_partial_credit_and_never_ticks_an_unticked_box(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_2.id)
    tick_and_check(page, form, [
        input_id(CHECKPOINT_2, "q1", "goals"), input_id(CHECKPOINT_2, "q1", "budget"), input_id(CHECKPOINT_2, "q2", "buy-in"),
    ])
    # Two of the three right options ticked, none wrong: 2 of 3 marks, so not yet a question right; the
    # single-choice question is. The score line counts questions, the multiple-select its own marks.
    expect(form.locator(".quiz__score")).to_have_text("1 of 2 questions right. Have another go at what is not right yet.")
    q1 = form.locator('.quiz__question[data-question="q1"]')
    expect(q1.locator(".quiz__mark--right")).to_have_count(2)
    expect(q1.locator(".quiz__scoring")).to_have_text(
        "2 of 3 marks. One mark for each right answer ticked, less one for each wrong one ticked (never below zero).")
    expect(form.locator('.quiz__question[data-question="q2"] .quiz__scoring')).to_have_count(0)
    unticked = q1.locator(".quiz__option", has=page.locator(input_id(CHECKPOINT_2, "q1", "time-cards")))
    expect(unticked.locator(".quiz__mark")).to_have_count(0)

    form.locator(".quiz__reveal").click()
    expect(unticked.locator(".quiz__mark--missed")).to_have_text("→Also right: you did not tick it.")
    expect(unticked.locator(".quiz__mark--right")).to_have_count(0)


def test_unsorted_behaviours_are_not_graded(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, SORT.id)
    wait_for_engine(page)
    sorted_three = answer_inputs(SORT, right=True)[:3]
    tick_and_check(page, form, sorted_three)

    expect(form.locator(".quiz__status")).to_have_text("Sort all 12 first: 9 are still unsorted.")
    expect(form.locator('.quiz__item[data-result="missing"]')).to_have_count(9)
    expect(form.locator(".quiz__mark")).to_have_count(0)
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(page.locator(":focus")).to_have_attribute("name", re.compile(r"^manager-or-leader:q1:"))
    # Focus goes to the first unsorted behaviour on screen (the items are shown shuffled).
    assert page.evaluate(
        "document.activeElement.closest('.quiz__item') === document.querySelector('.quiz__item[data-result=\"missing\"]')"
    )


def test_a_sorting_mistake_is_marked_in_place_once(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, SORT.id)
    right = answer_inputs(SORT, right=True)
    wrong_first = answer_inputs(SORT, right=False)[0]
    tick_and_check(page, form, [wrong_first, *right[1:]])

    expect(form.locator(".quiz__score")).to_have_text("11 of 12 sorted right. Have another go at what is not right yet.")
    first_item = form.locator(f'.quiz__item[data-item="{SORT_QUESTION.items[0].id}"]')
    expect(first_item).to_have_attribute("data-result", "wrong")
    expect(first_item.locator(".quiz__item-feedback")).to_have_text("✗Not this one.")  # its category and reason withheld
    expect(form.locator(".quiz__mark")).to_have_count(12)  # one mark per behaviour, in place
    expect(form.locator(".quiz__item-feedback .quiz__passage")).to_have_count(11)

    # Try again: the mistake keeps its mark, the behaviours sorted right lose theirs.
    form.locator(".quiz__retry").click()
    expect(form.locator(".quiz__mark")).to_have_count(1)
    expect(first_item.locator(".quiz__mark--wrong")).to_have_count(1)
    # The same mistake a second time: the essay's category and its reason are shown, in words.
    form.locator(".quiz__check").click()
    expect(first_item.locator(".quiz__item-feedback")).to_have_text(
        "✗In the essay: Manager. Managers are supposed to focus on metrics, the bottom line. Read the passage")


def test_the_navigation_tick_means_passed(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    tick_and_check(page, form, [input_id(CHECKPOINT_1, "q1", "a"), input_id(CHECKPOINT_1, "q2", "false")])
    expect(form.locator(".quiz__score")).to_contain_text("1 of 2 questions right.")
    wait_for_saved(page, CHECKPOINT_1.id)
    expect(page.locator(".progress-mark")).to_have_count(0)

    form.locator(".quiz__retry").click()
    tick_and_check(page, form, [input_id(CHECKPOINT_1, "q1", "b")])
    expect(form.locator(".quiz__score")).to_have_text("2 of 2 questions right. Passed.")
    chapter_link = page.locator(f'.md-sidebar--primary a.md-nav__link[href="{site_host.url}{quiz_path(site_dir, CHECKPOINT_1.id)}"]')
    expect(chapter_link.locator(".progress-mark")).to_have_text("✓checkpoint passed")


def tab_until(page: Page, focused: str) -> None:
    """Press Tab until the JavaScript expression `focused` (over `element`, the focused one) holds."""
    for _ in range(200):
        if page.evaluate(f"(element => Boolean({focused}))(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached an element where {focused}")


def test_a_checkpoint_taken_with_the_keyboard_alone(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    quiz = next(q for q in GRADED_QUIZZES if all(question.kind != "multiple" for question in q.questions))
    page.goto(site_host.url + quiz_path(site_dir, quiz.id))
    wait_for_engine(page)
    form = quiz_form(page, quiz.id)
    for question in quiz.questions:
        assert isinstance(question, ChoiceQuestion)
        # Tab into the question's radio group, tick its first option, then arrow down to the right one.
        tab_until(page, f"element.closest('.quiz__question')?.dataset.question === '{question.id}'")
        page.keyboard.press("Space")
        for _ in range([o.id for o in question.options].index(question.correct_ids[0])):
            page.keyboard.press("ArrowDown")
    tab_until(page, "element.classList.contains('quiz__check')")
    page.keyboard.press("Enter")

    expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz))
    expect(form.locator(".quiz__result")).to_be_focused()
    # Reset from the keyboard too.
    tab_until(page, "element.classList.contains('quiz__reset')")
    page.keyboard.press("Enter")
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator(".quiz__status")).to_have_text("Answers cleared.")


def test_sorting_with_the_keyboard_alone(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, SORT.id))
    wait_for_engine(page)
    form = quiz_form(page, SORT.id)
    question = SORT_QUESTION
    for item in question.items:
        # Each behaviour is one radio group: Tab into it, Space ticks the first segment, the arrow moves on.
        tab_until(page, f"element.closest('.quiz__item')?.dataset.item === '{item.id}'")
        page.keyboard.press("Space")
        if item.category != question.categories[0].id:
            page.keyboard.press("ArrowRight")
    tab_until(page, "element.classList.contains('quiz__check')")
    page.keyboard.press("Enter")
    expect(form.locator(".quiz__score")).to_have_text("12 of 12 sorted right. Passed.")


def test_a_check_before_the_checker_is_ready_is_busy_where_the_reader_tapped(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    # Hold every download of the engine's files until the busy state has been seen.
    held: list[Route] = []
    context.route("**/assets/engine/**", lambda route: held.append(route))
    page.set_viewport_size({"width": 390, "height": 844})
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    tick_and_check(page, form, answer_inputs(CHECKPOINT_1, right=True))

    check = form.locator(".quiz__check")
    expect(check).to_have_attribute("aria-busy", "true")
    expect(check).to_have_text("Checking…")
    status = form.locator(".quiz__status")
    expect(status).to_have_text(
        "Preparing the checker… a one-time download. Your answers will be checked in a moment.")
    expect(status).to_be_in_viewport()
    assert held, "the engine's download was not held"

    context.unroute("**/assets/engine/**")
    for route in held:
        route.fallback()
    expect(form.locator(".quiz__score")).to_have_text("2 of 2 questions right. Passed.", timeout=30_000)
    expect(check).not_to_have_attribute("aria-busy", "true")


# After a pass, the way on; after a wrong attempt, another try: each leads, and the rest are quiet.
ACTIONS_BY_OUTCOME = {
    "passed": (True, "2 of 2 questions right. Passed.", ["Next: 2. Two different jobs →", "Try again", "Share result", "Reset"]),
    "tried": (False, "0 of 2 questions right. Have another go at what is not right yet.",
              ["Try again", "Show the answers", "Share result", "Reset"]),
}


@pytest.mark.parametrize("outcome", ACTIONS_BY_OUTCOME)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_one_action_leads_and_the_others_are_one_quiet_row(
    page: Page, site_host: StaticHost, site_dir: Path, viewport: ViewportSize, outcome: str,
) -> None:
    right, score, buttons = ACTIONS_BY_OUTCOME[outcome]
    page.set_viewport_size(viewport)
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT_1.id)
    tick_and_check(page, form, answer_inputs(CHECKPOINT_1, right=right))
    expect(form.locator(".quiz__score")).to_have_text(score)
    page.mouse.move(0, 0)  # the check brought the buttons into view, maybe under the pointer: measure them at rest

    assert visible_buttons(form) == buttons
    boxes = form.locator(".quiz__actions > :not([hidden])").evaluate_all("""buttons => buttons.map(b => {
        const box = b.getBoundingClientRect(), style = getComputedStyle(b);
        return {middle: Math.round(box.top + box.height / 2), width: Math.round(box.width), background: style.backgroundColor};
    })""")
    row_width = form.locator(".quiz__actions").evaluate("row => Math.round(row.getBoundingClientRect().width)")
    primary, quiet = boxes[0], boxes[1:]
    # The quiet actions are text buttons (no fill), all on one row.
    assert {b["background"] for b in quiet} == {"rgba(0, 0, 0, 0)"}, boxes
    assert primary["background"] != "rgba(0, 0, 0, 0)", boxes
    assert len({b["middle"] for b in quiet}) == 1, boxes
    if viewport == DESKTOP:
        assert primary["middle"] == quiet[0]["middle"], boxes  # one row on desktop
    else:  # the leading action takes the phone's full width, the quiet row sits below it
        assert primary["width"] == row_width and primary["middle"] < quiet[0]["middle"], (boxes, row_width)
