"""Faults after the engine is ready, and a page that does not match the engine's answer key: the reader
is never graded with another build's key, and a hung or dead worker is restarted, or reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Route, Worker, expect

from tests.support.engine_worker import ENGINE_WORKER, serve_with_prelude
from tests.support.quiz_driver import (
    GRADED_QUIZZES, STALE_QUIZ_TEXT, answer_inputs, open_quiz, tick_and_check, wait_for_engine,
)
from tools.static_host import StaticHost

QUIZ = GRADED_QUIZZES[0]


# No service worker: it would answer a restarted worker's script from its cache, past the routes below.
pytestmark = pytest.mark.no_service_worker


# The worker refuses to evaluate strings, so the fault is made on the page's side: requests posted to
# the worker (one instance, or every one) are dropped, which is a hang as far as the page can tell.
DROP_REQUESTS = """mode => {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message?.type === "request" && window.__dropRequests !== "none") {
      window.__hungWorker ??= this;
      if (window.__dropRequests === "all" || window.__hungWorker === this) return;
    }
    return post.call(this, message);
  };
  window.__dropRequests = mode;
}"""


# Put before the worker's script, so that it is the first listener: it takes each request to grade from the
# engine, and the worker dies instead of answering: it throws (the page sees the worker's `error` event) or
# closes (the page sees nothing at all).
DIE_WHEN_GRADING = """self.addEventListener("message", (event) => {{
  if (event.data.type !== "request" || JSON.parse(event.data.request).op !== "grade") return;
  event.stopImmediatePropagation();
  {death};
}});
"""
DEATHS = {"throws": 'throw new Error("the worker died")', "closes": "self.close()"}


def workers_that_die(context: BrowserContext, death: str, count: int) -> None:
    """The next `count` engine workers started in the context die when asked to grade; later ones are sound."""
    dying = iter(range(count))

    def serve(route: Route) -> None:
        if next(dying, None) is None:
            return route.fallback()
        serve_with_prelude(route, DIE_WHEN_GRADING.format(death=DEATHS[death]))
    context.route(ENGINE_WORKER, serve)


def failure_reason(page: Page) -> str:
    """Why the engine failed, as engine-client.js (the page's own module instance) records it."""
    failure: str = page.evaluate("async () => (await import('/assets/js/engine-client.js')).engineState().failure")
    return failure


def engine_workers(page: Page) -> list[Worker]:
    return [w for w in page.workers if w.url.endswith("/engine-worker.js")]


def test_a_page_from_another_build_is_not_graded_with_this_key(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    wait_for_engine(page)
    # The page claims a version of the quiz the engine does not hold, as after a partial deploy.
    form.evaluate("form => { form.dataset.quizHash = '0000000000000000'; }")
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))

    # The engine is restarted once with the catalogue fetched afresh; it still differs, so: said, not graded.
    expect(form.locator(".quiz__status")).to_have_text(
        STALE_QUIZ_TEXT, timeout=60_000)
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(form.locator(".quiz__mark")).to_have_count(0)


def test_a_worker_that_stops_answering_is_restarted_and_the_check_answered(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    wait_for_engine(page)
    (first,) = engine_workers(page)
    page.evaluate(DROP_REQUESTS, "first worker")
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))

    expect(form.locator(".quiz__score")).to_contain_text("Passed.", timeout=60_000)
    expect(page.locator("html")).to_have_attribute("data-quiz-engine", "ready")
    assert first not in engine_workers(page)  # restarted once, and the waiting check sent again


def expect_reported_with_answers_kept(page: Page, form: Locator, chosen: list[str]) -> Locator:
    """The plain notice is shown on the form and the reader's answers are still ticked; returns the notice."""
    notice = form.locator(".quiz__engine")
    expect(notice).to_be_visible(timeout=60_000)
    expect(notice).to_contain_text("Checking isn’t available right now")
    for selector in chosen:
        expect(page.locator(selector)).to_be_checked()
    return notice


def test_a_worker_that_cannot_be_brought_back_is_reported_and_the_answers_kept(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    wait_for_engine(page)
    page.evaluate(DROP_REQUESTS, "all")  # the restarted worker does not answer either
    chosen = answer_inputs(QUIZ, right=True)
    tick_and_check(page, form, chosen)

    notice = expect_reported_with_answers_kept(page, form, chosen)

    # Once workers answer again, the retry button checks the waiting answers.
    page.evaluate("() => { window.__dropRequests = 'none'; }")
    notice.locator("button").click()
    expect(form.locator(".quiz__score")).to_contain_text("Passed.", timeout=60_000)


@pytest.mark.parametrize("death", DEATHS)
def test_a_worker_that_dies_is_restarted_and_the_waiting_check_answered(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path, death: str,
) -> None:
    workers_that_die(context, death, count=1)
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    wait_for_engine(page)
    (first,) = engine_workers(page)
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))

    expect(form.locator(".quiz__score")).to_contain_text("Passed.", timeout=60_000)
    expect(page.locator("html")).to_have_attribute("data-quiz-engine", "ready")
    assert first not in engine_workers(page)  # restarted once, and the waiting check sent again


def test_a_worker_that_dies_again_after_its_restart_is_reported_and_the_answers_kept(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    workers_that_die(context, "throws", count=2)
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    wait_for_engine(page)
    chosen = answer_inputs(QUIZ, right=True)
    tick_and_check(page, form, chosen)

    notice = expect_reported_with_answers_kept(page, form, chosen)
    # Each death was seen as it happened (the worker's error event), not as a request that timed out.
    assert failure_reason(page) == "the engine stopped"

    # The next worker lives: the retry button checks the waiting answers.
    notice.locator("button").click()
    expect(form.locator(".quiz__score")).to_contain_text("Passed.", timeout=60_000)
