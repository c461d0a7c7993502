"""What a reader sees and does in the browser tests that read the site offline or across pages: a page shown
whole, a quiz taken to its result."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.quiz_driver import CATALOG, answer_inputs, quiz_form, tick_and_check, wait_for_engine

HEADING = "article.md-content__inner h1"


def expect_page_shown(page: Page) -> None:
    """The page shows its article with a heading: never a blank page or the browser's offline error."""
    expect(page.locator(HEADING)).not_to_be_empty()


def take_quiz_to_its_result(page: Page, quiz_id: str) -> None:
    """Answer the quiz on the page rightly, check it, and wait for its result."""
    wait_for_engine(page)
    form = quiz_form(page, quiz_id)
    tick_and_check(page, form, answer_inputs(CATALOG.quiz(quiz_id), right=True))
    expect(form.locator(".quiz__result")).to_be_visible()
