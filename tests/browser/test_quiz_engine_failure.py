"""When the engine cannot start: a plain message in time, the answers kept, the essay readable, a way to retry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser.conftest import PageProblems
from tests.browser.quiz_driver import GRADED_QUIZZES, answer_inputs, quiz_form, quiz_path, total_marks
from tools.static_host import StaticHost

# The page promises its verdict on a broken engine within 15 seconds.
FAILURE_SHOWN_WITHIN_MS = 15_000


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # No service worker: it would answer from its cache, past the blocked requests.
    context = browser.new_context(service_workers="block")
    yield context
    context.close()


@pytest.mark.parametrize("blocked", ["**/pyodide.asm.wasm", "**/python_stdlib.zip", "**/manifest.json"])
def test_a_blocked_engine_file_gives_a_message_and_a_retry_that_works(
    context: BrowserContext, page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
    blocked: str,
) -> None:
    def abort(route: Route) -> None:
        route.abort()

    context.route(blocked, abort)
    quiz = GRADED_QUIZZES[0]
    page.goto(site_host.url + quiz_path(site_dir, quiz.id))
    form = quiz_form(page, quiz.id)
    chosen = answer_inputs(quiz, right=True)
    for selector in chosen:
        page.check(selector)
    form.locator(".quiz__check").click()

    notice = form.locator(".quiz__engine")
    notice.wait_for(state="visible", timeout=FAILURE_SHOWN_WITHIN_MS)
    expect(notice).to_contain_text("could not start")
    assert page.get_attribute("html", "data-quiz-engine") == "failed"
    for selector in chosen:
        expect(page.locator(selector)).to_be_checked()
    expect(page.locator("p.essay").first).to_be_visible()

    # Once the file can be had again, one press starts the engine and checks the waiting answers.
    context.unroute(blocked, abort)
    notice.locator("button").click()
    marks = total_marks(quiz)
    expect(form.locator(".quiz__status")).to_have_text(f"You got {marks} of {marks} right.", timeout=30_000)
    expect(notice).to_be_hidden()
    assert page_problems.uncaught == []
