"""The quizzes served under a sub-path (/essay/), as a project page on a shared host is."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.page_problems import PageProblems
from tests.support.quiz_driver import GRADED_QUIZZES, answer_inputs, open_quiz, tick_and_check, total_marks
from tools.static_host import StaticHost


def test_a_quiz_works_under_a_sub_path_and_links_stay_inside_it(
    page: Page, page_problems: PageProblems, subpath_host: StaticHost, site_dir: Path,
) -> None:
    assert subpath_host.url.endswith("/essay/")
    quiz = GRADED_QUIZZES[0]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    form = open_quiz(page, subpath_host.url, site_dir, quiz.id)
    tick_and_check(page, form, answer_inputs(quiz, right=True))

    marks = total_marks(quiz)
    expect(form.locator(".quiz__score")).to_have_text(f"{marks} of {marks} right. Passed.", timeout=30_000)
    passage = form.locator("a.quiz__passage").first
    expect(passage).to_have_attribute("href", re.compile("^" + re.escape(subpath_host.url) + "chapters/"))
    outside = [url for url in requested if not url.startswith(subpath_host.url)]
    assert outside == []
    assert page_problems.uncaught == []
