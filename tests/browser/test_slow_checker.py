"""Readers touch the quiz before the checker is ready (on a slow phone, the normal case): saved answers show at
once and a change merges with them; a check pressed while the checker loads grades what is on screen when it
is graded. The slow connection is simulated by holding the runtime files back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Request, expect

from tests.support.held_runtime import HeldRuntime
from tests.support.quiz_driver import (
    GRADED_QUIZZES, answer_inputs, input_id, open_quiz, passed_line, stored_progress, tick, tick_and_check, wait_for_engine, wait_for_saved,
)
from tools.static_host import StaticHost

QUIZ = next(quiz for quiz in GRADED_QUIZZES if quiz.id == "checkpoint-1")  # q1: single, right "b"; q2: true/false, right "false"
PASSED = passed_line(QUIZ)

pytestmark = pytest.mark.no_service_worker  # it would answer the runtime past the held route


def saved_entry(page: Page) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(stored_progress(page) or "{}").get("quizzes", {}).get(QUIZ.id, {})
    return entry


def test_saved_answers_show_before_the_checker_is_ready_and_a_change_merges_with_them(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    expect(form.locator(".quiz__score")).to_have_text(PASSED)
    wait_for_saved(page, QUIZ.id)

    held = HeldRuntime(context)
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-quiz-engine", "loading")
    for selector in answer_inputs(QUIZ, right=True):
        expect(page.locator(selector)).to_be_checked()  # drawn from storage, the checker still downloading
    tick(page, input_id(QUIZ, "q2", "true"))  # the reader changes one answer meanwhile
    held.release()

    wait_for_engine(page)
    expect(page.locator(input_id(QUIZ, "q1", "b"))).to_be_checked()
    expect(page.locator(input_id(QUIZ, "q2", "true"))).to_be_checked()
    # Saved: the kept answer and the changed one, with the attempt the reader had made.
    page.wait_for_function(
        f"() => JSON.parse(localStorage.getItem('/.quiz-progress'))?.quizzes?.['{QUIZ.id}']?.answers?.q2 === 'true'")
    entry = saved_entry(page)
    assert (entry["answers"], entry["attempts"], entry["checked"]) == ({"q1": "b", "q2": "true"}, 1, False)


def test_a_check_pressed_while_the_checker_loads_grades_the_answers_on_screen_when_graded(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    held = HeldRuntime(context)
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    tick_and_check(page, form, answer_inputs(QUIZ, right=False))
    expect(form.locator(".quiz__status")).to_contain_text("Preparing the checker")
    expect(form.locator(".quiz__check")).to_have_attribute("aria-busy", "true")
    for selector in answer_inputs(QUIZ, right=True):
        tick(page, selector)  # the reader corrects every answer before the checker is ready
    held.release()

    expect(form.locator(".quiz__score")).to_have_text(PASSED)
    expect(form.locator(".quiz__mark--wrong")).to_have_count(0)
    wait_for_saved(page, QUIZ.id)
    assert saved_entry(page)["answers"] == {"q1": "b", "q2": "false"}


def test_while_the_checker_downloads_the_reader_sees_how_far_it_has_come(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    """The snapshot boot's file blocked, so the engine boots normally; its wasm let through, its stdlib held back:
    the bar stands at the wasm's bytes of the two files' (the sizes engine.json gives for their encoded forms, as
    the host sends them), and goes once the checker is ready."""
    (runtime,) = (site_dir / "assets" / "engine").glob("pyodide-*")
    sizes = json.loads((runtime / "engine.json").read_text(encoding="utf-8"))["encoded"]
    wasm, both = sizes["pyodide.asm.wasm"], sizes["pyodide.asm.wasm"] + sizes["python_stdlib.zip"]
    context.route("**/snapshot.bin.br", lambda route: route.abort())
    held = HeldRuntime(context, "**/python_stdlib.zip.br")
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    expect(form.locator(".quiz__status")).to_contain_text("Preparing the checker")
    expect(form.locator(".quiz__download-amount")).to_have_text(f"{wasm / 1e6:.1f} of {both / 1e6:.1f} MB")
    expect(form.locator(".quiz__download progress")).to_have_attribute("max", str(both))
    held.release()

    expect(form.locator(".quiz__score")).to_have_text(PASSED)
    expect(form.locator(".quiz__download")).to_have_count(0)


SAVE_DATA = "Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) });"


@pytest.mark.parametrize("save_data", [False, True])
def test_a_browser_that_asks_to_save_data_downloads_nothing_until_check(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path, save_data: bool,
) -> None:
    if save_data:
        context.add_init_script(SAVE_DATA)
    runtime_requests: list[str] = []

    def note(request: Request) -> None:
        if "/assets/engine/pyodide-" in request.url:
            runtime_requests.append(request.url)

    context.on("request", note)
    form = open_quiz(page, site_host.url, site_dir, QUIZ.id)
    tick(page, answer_inputs(QUIZ, right=True)[0])
    page.wait_for_timeout(1500)  # long enough for the ahead start's first requests, which come in milliseconds
    assert bool(runtime_requests) is not save_data
    tick_and_check(page, form, answer_inputs(QUIZ, right=True))
    expect(form.locator(".quiz__score")).to_have_text(PASSED)
