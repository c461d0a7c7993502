"""Every checkpoint and the sorting exercise, taken in Chromium: right answers, wrong answers, the keyboard alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems
from tests.browser.quiz_driver import (
    GRADED_QUIZZES, answer_inputs, open_quiz, quiz_form, quiz_path, tick_and_check, total_marks, wait_for_engine,
)
from quiz_py.model import ChoiceQuestion
from tools.static_host import StaticHost


@pytest.mark.parametrize("quiz", GRADED_QUIZZES, ids=lambda quiz: quiz.id)
def test_right_answers_score_full_marks(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path, quiz,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    tick_and_check(page, form, answer_inputs(quiz, right=True))

    marks = total_marks(quiz)
    expect(form.locator(".quiz__status")).to_have_text(f"You got {marks} of {marks} right.")
    expect(form.locator(".quiz__result")).to_be_focused()
    expect(form.locator('.quiz__question[data-result="wrong"]')).to_have_count(0)
    expect(form.locator('.quiz__question[data-result="right"]')).to_have_count(len(quiz.questions))
    # Passage links point into the essay on this site.
    passage = form.locator(".quiz__feedback a.quiz__passage").first
    expect(passage).to_have_attribute("href", re.compile("^" + re.escape(site_host.url) + r"chapters/[^#]+/#"))
    assert page_problems.uncaught == []


@pytest.mark.parametrize("quiz", GRADED_QUIZZES, ids=lambda quiz: quiz.id)
def test_wrong_answers_are_marked_with_the_right_answer_and_why(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path, quiz,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    tick_and_check(page, form, answer_inputs(quiz, right=False))

    expect(form.locator(".quiz__status")).to_have_text(f"You got 0 of {total_marks(quiz)} right.")
    for question in quiz.questions:
        fieldset = form.locator(f'.quiz__question[data-question="{question.id}"]')
        expect(fieldset).to_have_attribute("data-result", "wrong")
        feedback = fieldset.locator(".quiz__feedback")
        expect(feedback).to_be_visible()
        # Told by an icon and words, not by colour alone.
        expect(feedback.locator(".quiz__mark--wrong").first).to_contain_text("✗")
        if isinstance(question, ChoiceQuestion):
            expect(feedback).to_contain_text(question.explanation)
            expect(fieldset.locator(".quiz__option .quiz__mark--right")).to_have_count(len(question.correct_ids))
        else:
            expect(fieldset.locator('.quiz__item[data-result="wrong"]')).to_have_count(len(question.items))
            expect(feedback).to_contain_text(question.items[0].reason)

    # Try again keeps the answers and takes the reader back to the first wrong one.
    form.locator(".quiz__retry").click()
    expect(form.locator("[data-result]")).to_have_count(0)
    expect(form.locator("input:checked")).to_have_count(len(answer_inputs(quiz, right=False)))
    assert page.evaluate("document.activeElement.closest('.quiz__question')?.dataset.question") == quiz.questions[0].id
    assert page_problems.uncaught == []


def test_checking_before_the_engine_is_ready_answers_once_it_is(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
) -> None:
    quiz = GRADED_QUIZZES[0]
    form = open_quiz(page, site_host.url, site_dir, quiz.id, wait_until="commit")
    tick_and_check(page, form, answer_inputs(quiz, right=True))
    if page.get_attribute("html", "data-quiz-engine") == "loading":
        expect(form.locator(".quiz__status")).to_contain_text("Getting the quiz engine ready")
    marks = total_marks(quiz)
    expect(form.locator(".quiz__status")).to_have_text(f"You got {marks} of {marks} right.", timeout=30_000)
    assert page_problems.uncaught == []


def tab_until(page: Page, focused: str) -> None:
    """Press Tab until the JavaScript expression `focused` (over `element`, the focused one) holds."""
    for _ in range(200):
        if page.evaluate(f"(element => Boolean({focused}))(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached an element where {focused}")


def test_a_checkpoint_taken_with_the_keyboard_alone(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
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

    marks = total_marks(quiz)
    expect(form.locator(".quiz__status")).to_have_text(f"You got {marks} of {marks} right.")
    expect(form.locator(".quiz__result")).to_be_focused()
    # Reset from the keyboard too.
    tab_until(page, "element.classList.contains('quiz__reset')")
    page.keyboard.press("Enter")
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator(".quiz__status")).to_have_text("Answers cleared.")
    assert page_problems.uncaught == []
