"""Progress in localStorage: kept over a reload and instant navigation, cleared by Reset, and bad saved data ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.page_problems import PageProblems
from tests.support.quiz_driver import (
    GRADED_QUIZZES, answer_inputs, open_quiz, quiz_form, quiz_path, tick_and_check, total_marks, wait_for_engine,
)
from tools.static_host import StaticHost

QUIZ = GRADED_QUIZZES[0]
STORAGE_KEY = "/.quiz-progress"  # scoped by the site's path (here the root), as Material scopes its keys


def saved_progress(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}') ?? 'null'") or "null") or {}


def test_reload_keeps_answers_and_result_and_reset_clears_them(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    chosen = answer_inputs(QUIZ, right=True)
    tick_and_check(page, form, chosen)
    marks = total_marks(QUIZ)
    expect(form.locator(".quiz__score")).to_have_text(f"{marks} of {marks} right. Passed.")
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{QUIZ.id}']?.checked === true")

    page.reload()
    for selector in chosen:
        expect(page.locator(selector)).to_be_checked()
    expect(form.locator(".quiz__score")).to_have_text(f"{marks} of {marks} right. Passed.")

    form.locator(".quiz__reset").click()
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator(".quiz__result")).to_have_count(0)
    page.wait_for_function(f"() => !JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{QUIZ.id}']")
    page.reload()
    wait_for_engine(page)
    expect(form.locator(".quiz__result")).to_have_count(0)
    expect(form.locator("input:checked")).to_have_count(0)
    assert page_problems.uncaught == []


def test_instant_navigation_keeps_the_engine_and_the_answers(
    page: Page, page_problems: PageProblems, instant_host: StaticHost, site_dir: Path,
) -> None:
    first, second = GRADED_QUIZZES[0], GRADED_QUIZZES[1]
    page.goto(instant_host.url + quiz_path(site_dir, first.id))
    wait_for_engine(page)
    chosen = answer_inputs(first, right=False)[0]
    page.check(chosen)
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{first.id}']")

    # Material's instant navigation: the page changes, the scripts and the worker stay.
    page.evaluate("window.__samePage = true")
    page.locator(f'a.md-nav__link[href$="{quiz_path(site_dir, second.id)}"]').first.click()
    second_form = quiz_form(page, second.id)
    expect(second_form).to_be_visible()
    assert page.evaluate("window.__samePage") is True
    tick_and_check(page, second_form, answer_inputs(second, right=True))
    marks = total_marks(second)
    expect(second_form.locator(".quiz__score")).to_have_text(f"{marks} of {marks} right. Passed.")

    page.go_back()
    expect(page.locator(chosen)).to_be_checked()
    assert page.evaluate("window.__samePage") is True
    assert [w.url for w in page.workers if w.url.endswith("/engine-worker.js")] == [instant_host.url + "assets/js/engine-worker.js"]
    assert page_problems.uncaught == []


CORRUPT_SAVES = {
    "not JSON": "{not json",
    "unknown version": json.dumps({"version": 99, "quizzes": {}}),
    "stale hash": json.dumps({"version": 1, "quizzes": {QUIZ.id: {"hash": "0" * 16, "answers": {}, "checked": True}}}),
    "hostile answers": json.dumps({"version": 1, "quizzes": {QUIZ.id: {
        "hash": "__HASH__", "answers": {QUIZ.questions[0].id: '<img src=x onerror="window.__pwned=1">'}, "checked": True,
    }}}),
    "deeply nested": "[" * 5000 + "]" * 5000,
    "prototype keys": json.dumps({"__proto__": {"polluted": True}, "constructor": 1}),
}


@pytest.mark.parametrize("saved", CORRUPT_SAVES.values(), ids=CORRUPT_SAVES.keys())
def test_corrupt_or_hostile_saved_data_is_ignored_with_a_quiet_notice(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path, saved: str,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, QUIZ.id))
    form = quiz_form(page, QUIZ.id)
    saved = saved.replace("__HASH__", form.get_attribute("data-quiz-hash"))
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, saved])

    page.reload()
    wait_for_engine(page)
    expect(form.locator(".quiz__notice")).to_be_visible()
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator("img")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None

    # The quiz still works, and saving replaces the bad data.
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    marks = total_marks(QUIZ)
    expect(form.locator(".quiz__score")).to_have_text(f"{marks} of {marks} right. Passed.")
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{QUIZ.id}']?.checked === true")
    assert page_problems.uncaught == []


def test_two_tabs_keep_each_others_progress(
    context: BrowserContext, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
) -> None:
    first, second = GRADED_QUIZZES[0], GRADED_QUIZZES[1]
    tab_a, tab_b = context.new_page(), context.new_page()
    page_problems.watch(tab_a)
    page_problems.watch(tab_b)
    # Both tabs are open (and have read what was saved: nothing) before either saves.
    form_a = open_quiz(tab_a, site_host.url, site_dir, first.id)
    form_b = open_quiz(tab_b, site_host.url, site_dir, second.id)
    wait_for_engine(tab_a)
    wait_for_engine(tab_b)
    tick_and_check(tab_a, form_a, answer_inputs(first, right=True))
    tab_a.wait_for_function(f"() => JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{first.id}']?.checked")
    tick_and_check(tab_b, form_b, answer_inputs(second, right=True))
    tab_b.wait_for_function(f"() => JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{second.id}']?.checked")

    # Tab B's save kept tab A's checkpoint, and tab A hears of tab B's.
    saved = saved_progress(tab_b)["quizzes"]
    assert saved[first.id]["status"] == "done" and saved[second.id]["status"] == "done"
    tab_a.reload()
    expect(form_a.locator(".quiz__score")).to_contain_text("Passed.")
    assert page_problems.uncaught == []


def test_full_storage_says_once_that_progress_cannot_be_kept(
    context: BrowserContext, page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
) -> None:
    context.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };")
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    marks = total_marks(QUIZ)
    expect(form.locator(".quiz__score")).to_have_text(f"{marks} of {marks} right. Passed.")
    expect(form.locator(".quiz__notice")).to_have_text(
        "This browser is not keeping saved data, so your answers last only while this page is open.")
    assert page_problems.uncaught == []
