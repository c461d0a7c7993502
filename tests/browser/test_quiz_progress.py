"""Progress in localStorage: kept over a reload and instant navigation, cleared by Reset, bad saved data ignored,
shared by tabs, and never lost to a page and an engine from different builds."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from quiz_py.catalog import catalog_from_build, catalog_to_data
from quiz_py.model import Catalog, ChoiceQuestion, Quiz
from quiz_py.state import NEWER_NOTICE
from tests.support.page_problems import PageProblems
from tests.support.quiz_driver import (
    GRADED_QUIZZES, STALE_QUIZ_TEXT, STORAGE_KEY, answer_inputs, open_quiz, passed_line, quiz_form, quiz_path, stored_progress, tick, tick_and_check, wait_for_engine, wait_for_forgotten, wait_for_saved,
)
from tools.static_host import StaticHost

QUIZ = GRADED_QUIZZES[0]


def saved_progress(page: Page) -> dict[str, Any]:
    progress: dict[str, Any] = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}') ?? 'null'") or "null") or {}
    return progress


def test_reload_keeps_answers_and_result_and_reset_clears_them(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    chosen = answer_inputs(QUIZ, right=True)
    tick_and_check(page, form, chosen)
    expect(form.locator(".quiz__score")).to_have_text(passed_line(QUIZ))
    wait_for_saved(page, QUIZ.id)

    page.reload()
    for selector in chosen:
        expect(page.locator(selector)).to_be_checked()
    expect(form.locator(".quiz__score")).to_have_text(passed_line(QUIZ))

    form.locator(".quiz__reset").click()
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator(".quiz__result")).to_have_count(0)
    wait_for_forgotten(page, QUIZ.id)
    page.reload()
    wait_for_engine(page)
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(form.locator("input:checked")).to_have_count(0)


def test_instant_navigation_keeps_the_engine_and_the_answers(
    page: Page, instant_host: StaticHost, site_dir: Path,
) -> None:
    first, second = GRADED_QUIZZES[0], GRADED_QUIZZES[1]
    page.goto(instant_host.url + quiz_path(site_dir, first.id))
    wait_for_engine(page)
    chosen = answer_inputs(first, right=False)[0]
    page.check(chosen)
    wait_for_saved(page, first.id, checked=False)

    # Material's instant navigation: the page changes, the scripts and the worker stay.
    page.evaluate("window.__samePage = true")
    page.locator(f'a.md-nav__link[href$="{quiz_path(site_dir, second.id)}"]').first.click()
    second_form = quiz_form(page, second.id)
    expect(second_form).to_be_visible()
    assert page.evaluate("window.__samePage") is True
    tick_and_check(page, second_form, answer_inputs(second, right=True))
    expect(second_form.locator(".quiz__score")).to_have_text(passed_line(second))

    page.go_back()
    expect(page.locator(chosen)).to_be_checked()
    assert page.evaluate("window.__samePage") is True
    assert [w.url for w in page.workers if w.url.endswith("/engine-worker.js")] == [instant_host.url + "assets/js/engine-worker.js"]


CORRUPT_SAVES = {
    "not JSON": "{not json",
    "version no build writes": json.dumps({"version": "2", "quizzes": {}}),
    "stale hash": json.dumps({"version": 1, "quizzes": {QUIZ.id: {"hash": "0" * 16, "answers": {}, "checked": True}}}),
    "hostile answers": json.dumps({"version": 1, "quizzes": {QUIZ.id: {
        "hash": "__HASH__", "answers": {QUIZ.questions[0].id: '<img src=x onerror="window.__pwned=1">'}, "checked": True,
    }}}),
    "deeply nested": "[" * 5000 + "]" * 5000,
    "prototype keys": json.dumps({"__proto__": {"polluted": True}, "constructor": 1}),
}


@pytest.mark.parametrize("saved", CORRUPT_SAVES.values(), ids=CORRUPT_SAVES.keys())
def test_corrupt_or_hostile_saved_data_is_ignored_with_a_quiet_notice(
    page: Page, site_host: StaticHost, site_dir: Path, saved: str,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, QUIZ.id))
    form = quiz_form(page, QUIZ.id)
    page_hash = form.get_attribute("data-quiz-hash")
    assert page_hash is not None
    saved = saved.replace("__HASH__", page_hash)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, saved])

    page.reload()
    wait_for_engine(page)
    expect(form.locator(".quiz__notice")).to_be_visible()
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator("img")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None

    # The quiz still works, and saving replaces the bad data.
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    expect(form.locator(".quiz__score")).to_have_text(passed_line(QUIZ))
    wait_for_saved(page, QUIZ.id)


def test_a_newer_builds_progress_is_never_written_over(page: Page, site_host: StaticHost, site_dir: Path) -> None:
    # A tab left open across a deploy that changed the saved-progress format: the newer build saved this.
    newer = json.dumps({"version": 2, "progress": {QUIZ.id: {"passed": True}}})
    page.goto(site_host.url + quiz_path(site_dir, QUIZ.id))
    form = quiz_form(page, QUIZ.id)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, newer])
    page.reload()
    wait_for_engine(page)
    notice = form.locator(".quiz__notice")
    expect(notice).to_have_text(NEWER_NOTICE)

    # The reader can still answer and check; nothing they do here is saved over the newer progress.
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    expect(form.locator(".quiz__score")).to_have_text(passed_line(QUIZ))
    form.locator(".quiz__reset").click()
    expect(form.locator("input:checked")).to_have_count(0)
    tick(page, answer_inputs(QUIZ, right=False)[0])
    # Saves go one after another: one more, queued behind the page's own, settles after them (and is refused too).
    refused = page.evaluate("""([quiz, hash]) => import(new URL("progress-store.js", document.querySelector('script[src*="quiz-page.js"]').src).href)
        .then((store) => store.saveQuiz(quiz, hash, null)).then(() => "saved", (error) => error.code)""",
        [QUIZ.id, form.get_attribute("data-quiz-hash")])
    assert refused == "newer_progress"
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == newer
    expect(notice).to_have_text(NEWER_NOTICE)


def two_watched_tabs(context: BrowserContext, page_problems: PageProblems) -> tuple[Page, Page]:
    """Two tabs of one browser profile, sharing its storage, both watched for page errors."""
    tabs = context.new_page(), context.new_page()
    for tab in tabs:
        page_problems.watch(tab)
    return tabs


def test_two_tabs_keep_each_others_progress(
    context: BrowserContext, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
) -> None:
    first, second = GRADED_QUIZZES[0], GRADED_QUIZZES[1]
    tab_a, tab_b = two_watched_tabs(context, page_problems)
    # Both tabs are open (and have read what was saved: nothing) before either saves.
    form_a = open_quiz(tab_a, site_host.url, site_dir, first.id)
    form_b = open_quiz(tab_b, site_host.url, site_dir, second.id)
    wait_for_engine(tab_a)
    wait_for_engine(tab_b)
    tick_and_check(tab_a, form_a, answer_inputs(first, right=True))
    wait_for_saved(tab_a, first.id)
    tick_and_check(tab_b, form_b, answer_inputs(second, right=True))
    wait_for_saved(tab_b, second.id)

    # Tab B's save kept tab A's checkpoint, and tab A hears of tab B's.
    saved = saved_progress(tab_b)["quizzes"]
    assert saved[first.id]["status"] == "done" and saved[second.id]["status"] == "done"
    tab_a.reload()
    expect(form_a.locator(".quiz__score")).to_contain_text("Passed.")


def test_full_storage_says_once_that_progress_cannot_be_kept(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    context.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };")
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    expect(form.locator(".quiz__score")).to_have_text(passed_line(QUIZ))
    expect(form.locator(".quiz__notice")).to_have_text(
        "This browser is not keeping saved data, so your answers last only while this page is open.")


def test_tab_a_hears_of_tab_b_s_save_without_a_reload(
    context: BrowserContext, page_problems: PageProblems, instant_host: StaticHost, site_dir: Path,
) -> None:
    first, second = GRADED_QUIZZES[0], GRADED_QUIZZES[1]
    tab_a, tab_b = two_watched_tabs(context, page_problems)
    open_quiz(tab_a, instant_host.url, site_dir, first.id)
    wait_for_engine(tab_a)
    tab_a.evaluate("window.__samePage = true")
    second_chapter = tab_a.locator(f'.md-sidebar--primary a.md-nav__link[href$="/{quiz_path(site_dir, second.id)}"]')
    expect(second_chapter).not_to_contain_text("checkpoint passed")

    form_b = open_quiz(tab_b, instant_host.url, site_dir, second.id)
    tick_and_check(tab_b, form_b, answer_inputs(second, right=True))
    expect(form_b.locator(".quiz__score")).to_contain_text("Passed.")

    # Tab A, never reloaded, marks the chapter tab B's checkpoint was passed in.
    expect(second_chapter).to_contain_text("✓checkpoint passed")
    assert tab_a.evaluate("window.__samePage") is True


BLOCKED_STORAGE = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


def test_blocked_storage_on_a_quiz_page_says_once_that_progress_cannot_be_kept_and_the_quiz_still_works(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    context.add_init_script(BLOCKED_STORAGE)
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    wrong, right = answer_inputs(QUIZ, right=False), answer_inputs(QUIZ, right=True)
    tick_and_check(page, form, wrong)  # every tick is a save, and so is the check
    expect(form.locator(".quiz__retry")).to_be_visible()
    form.locator(".quiz__retry").click()
    tick_and_check(page, form, right)
    expect(form.locator(".quiz__score")).to_have_text(passed_line(QUIZ))
    expect(page.locator(".quiz__notice")).to_have_count(1)
    expect(form.locator(".quiz__notice")).to_have_text(
        "This browser is not keeping saved data, so your answers last only while this page is open.")


# A partial deploy: the pages come from one build, the engine's catalogue (catalog.json) from an older one, in
# which the first question of QUIZ had its first option as the right answer.
OLDER_RIGHT_OPTION = 0


def older_catalogue(site_dir: Path) -> str:
    built = catalog_from_build(json.loads((site_dir / "assets/engine/catalog.json").read_text(encoding="utf-8")))

    def as_it_was(quiz: Quiz) -> Quiz:
        first = quiz.questions[0]
        assert isinstance(first, ChoiceQuestion)
        options = tuple(replace(option, correct=index == OLDER_RIGHT_OPTION) for index, option in enumerate(first.options))
        return replace(quiz, questions=(replace(first, options=options), *quiz.questions[1:]))

    older = Catalog(tuple(as_it_was(quiz) if quiz.id == QUIZ.id else quiz for quiz in built.quizzes))
    return json.dumps(catalog_to_data(older))


CATALOGUE = re.compile(r"/assets/engine/catalog\.json(\?|$)")


@pytest.fixture
def mixed_deploy(context: BrowserContext, page: Page) -> tuple[BrowserContext, Page]:
    """A context whose engine boots normally, loading catalog.json (the snapshot holds this build's catalogue);
    its tests are marked `no_service_worker`, so that no service worker answers past the routes."""
    context.route("**/snapshot.bin.br", lambda route: route.abort())
    return context, page


def page_hash(site_dir: Path, quiz_id: str) -> str:
    html = (site_dir / quiz_path(site_dir, quiz_id) / "index.html").read_text(encoding="utf-8")
    hashes: list[str] = re.findall(rf'data-quiz="{quiz_id}"[^>]* data-quiz-hash="([0-9a-f]+)"', html)
    (found,) = hashes
    return found


@pytest.mark.no_service_worker
def test_progress_saved_by_a_newer_page_survives_an_older_catalogue(
    mixed_deploy: tuple[BrowserContext, Page], site_host: StaticHost, site_dir: Path,
) -> None:
    context, page = mixed_deploy
    stale = older_catalogue(site_dir)
    context.route(CATALOGUE, lambda route: route.fulfill(content_type="application/json", body=stale))
    other = GRADED_QUIZZES[1]
    saved = json.dumps({"version": 1, "quizzes": {
        QUIZ.id: {"hash": page_hash(site_dir, QUIZ.id), "answers": {"q1": "b", "q2": "false"}, "checked": True,
                  "status": "done", "attempts": 1, "revealed": False},
        other.id: {"hash": page_hash(site_dir, other.id), "answers": {"q2": "buy-in"}, "checked": False,
                   "status": "started", "attempts": 0, "revealed": False},
    }})
    page.goto(site_host.url)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, saved])

    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    # The engine fetched its catalogue afresh, got the older one again: said, once the page's state is known.
    expect(form.locator(".quiz__status")).to_have_text(STALE_QUIZ_TEXT, timeout=60_000)
    expect(form.locator(".quiz__notice")).to_have_count(0)  # no "older version" notice: the answers are not old

    expect(form.locator(".quiz__check")).to_be_hidden()  # a stale quiz offers no check
    for selector in answer_inputs(QUIZ, right=False):
        tick(page, selector)
    form.evaluate("form => form.requestSubmit()")  # Enter in the form: refused too
    expect(form.locator(".quiz__status")).to_have_text(STALE_QUIZ_TEXT)
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(form.locator(".quiz__mark")).to_have_count(0)
    assert stored_progress(page) == saved


@pytest.mark.no_service_worker
def test_a_stale_catalogue_is_fetched_afresh_and_the_check_graded_with_the_right_key(
    mixed_deploy: tuple[BrowserContext, Page], site_host: StaticHost, site_dir: Path,
) -> None:
    context, page = mixed_deploy
    stale = older_catalogue(site_dir)
    fetched: list[str] = []

    def first_stale_then_current(route: Route) -> None:
        fetched.append(route.request.url)
        if len(fetched) == 1:
            route.fulfill(content_type="application/json", body=stale)
        else:
            route.continue_()

    context.route(CATALOGUE, first_stale_then_current)
    other = GRADED_QUIZZES[1]
    kept = {"hash": "from-a-newer-build", "answers": {"q2": "buy-in"}, "checked": False, "status": "started"}
    page.goto(site_host.url)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [STORAGE_KEY, json.dumps({"version": 1, "quizzes": {other.id: kept}})])

    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    # The key the page was built with: the older one would have found the first answer wrong.
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    expect(form.locator(".quiz__score")).to_have_text("2 of 2 questions right. Passed.", timeout=60_000)
    assert len(fetched) == 2 and "fresh=" in fetched[1]
    wait_for_saved(page, QUIZ.id)
    assert saved_progress(page)["quizzes"][other.id] == kept
    assert saved_progress(page)["quizzes"][QUIZ.id]["status"] == "done"
