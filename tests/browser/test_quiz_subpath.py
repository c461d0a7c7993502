"""The quizzes served under a sub-path (/essay/), as a project page on a shared host is."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.quiz_driver import GRADED_QUIZZES, answer_inputs, open_quiz, passed_line, tick_and_check, wait_for_engine
from tools.static_host import StaticHost


def test_a_quiz_works_under_a_sub_path_and_links_stay_inside_it(
    page: Page, subpath_host: StaticHost, site_dir: Path,
) -> None:
    assert subpath_host.url.endswith("/essay/")
    quiz = GRADED_QUIZZES[0]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    form = open_quiz(page, subpath_host.url, site_dir, quiz.id)
    tick_and_check(page, form, answer_inputs(quiz, right=True))

    expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz), timeout=30_000)
    passage = form.locator("a.quiz__passage").first
    expect(passage).to_have_attribute("href", re.compile("^" + re.escape(subpath_host.url) + "chapters/"))
    outside = [url for url in requested if not url.startswith(subpath_host.url)]
    assert outside == []


def test_progress_is_kept_apart_from_a_site_at_the_root_of_the_same_origin(
    page: Page, subpath_host: StaticHost, site_dir: Path,
) -> None:
    quiz = GRADED_QUIZZES[0]
    form = open_quiz(page, subpath_host.url, site_dir, quiz.id)
    # What a copy of the essay at the root of this origin has saved under its key, and what the first version
    # of this site saved under a key every site on the origin shares: neither is this site's.
    passed = {"hash": form.get_attribute("data-quiz-hash"), "answers": {"q1": "b", "q2": "false"}, "checked": True,
              "status": "done", "attempts": 1, "revealed": False}
    others = {"/.quiz-progress": json.dumps({"version": 1, "quizzes": {quiz.id: passed}}),
              "quiz-progress": json.dumps({quiz.id: {"q1": "b", "q2": "false"}})}
    page.evaluate("others => Object.entries(others).forEach(([key, value]) => localStorage.setItem(key, value))", others)

    page.reload()
    wait_for_engine(page)
    expect(page.locator(".progress-mark")).to_have_count(0)
    page.check(answer_inputs(quiz, right=False)[0])
    page.wait_for_function("() => localStorage.getItem('/essay/.quiz-progress') !== null")
    expect(form.locator("input:checked")).to_have_count(1)
    expect(form.locator(".quiz__result")).to_have_count(0)
    assert page.evaluate("keys => keys.map((key) => localStorage.getItem(key))", list(others)) == list(others.values())
