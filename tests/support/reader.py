"""What a reader sees and does in the browser tests: the site's pages, a page shown whole, a quiz taken to its
result, every quiz on a page taken (for the accessibility, privacy and policy tests)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from quiz_py.model import Quiz
from tests.support.quiz_driver import (
    CATALOG, answer_inputs, quiz_form, rate_every_statement, tick, tick_and_check, wait_for_engine,
)
from tests.support.site import nav_pages

# Every page of the site: the nav's pages and the 404 page a mistyped address shows.
PAGES = [*nav_pages(), "no-such-page/"]

HEADING = "article.md-content__inner h1"


def expect_page_shown(page: Page) -> None:
    """The page shows its article with a heading: never a blank page or the browser's offline error."""
    expect(page.locator(HEADING)).not_to_be_empty()


def take_quiz_to_its_result(page: Page, quiz_id: str) -> None:
    """Answer the quiz on the page rightly, check it, and wait for its result."""
    wait_for_engine(page)
    form = quiz_form(page, quiz_id)
    quiz = CATALOG.quiz(quiz_id)
    assert quiz is not None, f"no quiz {quiz_id!r}"
    tick_and_check(page, form, answer_inputs(quiz, right=True))
    expect(form.locator(".quiz__result")).to_be_visible()


def quizzes_on(page: Page) -> list[Quiz]:
    ids = page.locator("form.quiz").evaluate_all("forms => forms.map(form => form.dataset.quiz)")
    return [quiz for quiz_id in ids if (quiz := CATALOG.quiz(quiz_id)) is not None]


def take_every_quiz(page: Page) -> None:
    """Answer each quiz on the page, wrongly where answers can be wrong (the fullest feedback), and check it."""
    quizzes = quizzes_on(page)
    if quizzes:
        wait_for_engine(page)
    for quiz in quizzes:
        if quiz.kind == "assessment":
            page.check(f"#quiz-{quiz.id}--prediction--{quiz.bands[0].id}")
            rate_every_statement(page, 3)
        else:
            for selector in answer_inputs(quiz, right=False):
                tick(page, selector)
        form = quiz_form(page, quiz.id)
        form.locator(".quiz__check").click()
        expect(form).to_have_attribute("data-checked", "")
