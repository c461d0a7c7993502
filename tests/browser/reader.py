"""What a reader does on the site, for the accessibility, privacy and policy tests: the pages, and taking every
quiz on a page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from quiz_py.model import Quiz
from tests.browser.quiz_driver import CATALOG, answer_inputs, quiz_form, rate_every_statement, tick, wait_for_engine
from tests.support.site import nav_pages

# Every page of the site: the nav's pages and the 404 page a mistyped address shows.
PAGES = [*nav_pages(), "no-such-page/"]


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
