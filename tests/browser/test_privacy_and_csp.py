"""Private and locked down, in Chromium: reading and taking the quizzes requests nothing from another origin and
breaks no rule of the Content-Security-Policy, and hostile text (quiz content, saved progress, share links)
never runs as script and shows as text."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

from quiz_py.catalog import quiz_hash
from quiz_py.loading import load_catalog_texts
from quiz_py.render import render_quiz
from tests.browser.conftest import PageProblems
from tests.browser.quiz_driver import GRADED_QUIZZES, quiz_form, quiz_path, wait_for_engine
from tests.browser.reader import PAGES, quizzes_on, take_every_quiz
from tools.static_host import StaticHost

# Each hostile text sets the canary if it ever runs, whichever way it reaches the page.
CANARY = "window.__pwned"
HOSTILE_TEXTS = [
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 1">',
    '"><svg onload="window.__pwned = 1">',
]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def foreign_requests(urls: list[str], site_url: str) -> list[str]:
    """The requests that left the site: inline data: and blob: URLs load nothing from anywhere."""
    return [url for url in urls if urlsplit(url).scheme not in ("data", "blob") and origin(url) != origin(site_url)]


def expect_nothing_ran(page: Page) -> None:
    assert page.evaluate(f"typeof {CANARY}") == "undefined"
    # Nor was any hostile markup parsed into elements, where it would wait for a chance to run.
    assert page.locator("[onerror], [onload], script:not([src]):not([type='application/json'])").evaluate_all(
        "nodes => nodes.filter(node => /__pwned/.test(node.outerHTML)).length") == 0


def expect_notice_in_plain_text(page: Page, quiz_id: str, says: str) -> None:
    """The quiz's notice says `says`, as text: whatever it quotes was not parsed into elements."""
    notice = quiz_form(page, quiz_id).locator(".quiz__notice")
    expect(notice).to_contain_text(says)
    expect(notice.locator("*")).to_have_count(0)


@pytest.mark.parametrize("url", PAGES)
def test_reading_and_taking_quizzes_stays_on_the_site_within_the_policy(
    page: Page, page_problems: PageProblems, csp_violations: list[str], requested_urls: list[str],
    instant_host: StaticHost, url: str,
) -> None:
    """On the site built for its origin, where Material's instant navigation is on, as when deployed."""
    page.goto(instant_host.url + url)
    if quizzes_on(page):
        take_every_quiz(page)
    page.keyboard.press("End")  # read to the end
    page.locator("label[for^='__palette']:visible").click()  # the other colour scheme
    page.keyboard.press("/")  # search: Material's worker and the search index
    # Material opens and closes its search asynchronously: keys pressed before it has caught up are lost.
    search_open = page.locator("#__search")
    expect(search_open).to_be_checked()
    page.keyboard.type("leader")
    expect(page.locator(".md-search-result__item").first).to_be_attached()
    page.keyboard.press("Escape")
    expect(search_open).not_to_be_checked()
    # On to the next page: instant navigation fetches it and runs its scripts under this page's policy.
    next_page = page.locator("a.md-footer__link--next")
    if next_page.count():
        target = urljoin(page.url, next_page.get_attribute("href"))
        article = page.locator("article.md-content__inner").element_handle()
        page.evaluate("window.__documentBeforeNext = true")
        next_page.click()
        expect(page).to_have_url(target)
        page.wait_for_function("article => !article.isConnected", arg=article)  # the next page's is in place
        assert page.evaluate("window.__documentBeforeNext") is True, "the next page was loaded, not swapped in"
        if quizzes_on(page):
            take_every_quiz(page)

    assert foreign_requests(requested_urls, instant_host.url) == []
    assert csp_violations == []
    assert page_problems.uncaught == []


def test_the_engine_starts_under_the_policy(
    page: Page, csp_violations: list[str], site_host: StaticHost, site_dir: Path,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, GRADED_QUIZZES[0].id))
    assert page.locator('head > meta[http-equiv="Content-Security-Policy"]').count() == 1
    wait_for_engine(page)
    assert csp_violations == []


def test_the_policy_is_enforced_and_its_violations_are_seen(
    page: Page, csp_violations: list[str], site_host: StaticHost,
) -> None:
    """The other tests' empty list of violations means something: a script injected into the page is stopped, and
    reported."""
    page.goto(site_host.url)
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__pwned = 1";
        document.body.append(script);
    }""")
    assert page.evaluate(f"typeof {CANARY}") == "undefined"
    page.wait_for_function("window.__cspViolationsReported > 0")
    assert [v for v in csp_violations if v.startswith("script-src")] != []


def hostile_checkpoint(text: str) -> str:
    """A checkpoint quiz in the site's TOML format with `text` in every field a reader sees."""
    return f"""
id = "hostile"
kind = "checkpoint"
title = {json.dumps("Title " + text)}
intro = {json.dumps("Intro " + text)}

[[questions]]
id = "q1"
kind = "single"
prompt = {json.dumps("Prompt " + text)}
correct = "a"
explanation = {json.dumps("Explanation " + text)}
link = "chapters/the-boss-youve-had.md#the-boss"

[[questions.options]]
id = "a"
text = {json.dumps("Option " + text)}

[[questions.options]]
id = "b"
text = "Another option"
"""


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_quiz_content_is_rendered_as_text(page: Page, text: str) -> None:
    """Escaping alone keeps quiz content inert: the page here has no policy to fall back on."""
    (quiz,) = load_catalog_texts({"hostile.toml": hostile_checkpoint(text)}).quizzes
    page.set_content(f"<!doctype html><html><head></head><body>{render_quiz(quiz, quiz_hash(quiz))}</body></html>")
    expect_nothing_ran(page)
    for shown in (f"Title {text}", f"Intro {text}", f"Prompt {text}", f"Option {text}"):
        expect(page.get_by_text(shown, exact=True)).to_have_count(1)


def hostile_saved_progress(text: str) -> list[str]:
    """What localStorage may hold after tampering: the current format, the old one, and no JSON at all."""
    quiz = GRADED_QUIZZES[0]
    entry = {"hash": quiz_hash(quiz), "answers": {quiz.questions[0].id: text}, "checked": True, "prediction": text}
    return [
        json.dumps({"version": 1, "quizzes": {quiz.id: entry, text: {"hash": text, "answers": {text: text}}}}),
        json.dumps({quiz.id: {quiz.questions[0].id: text, text: [text]}}),
        text,
    ]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_saved_progress_never_runs_and_shows_as_text(
    page: Page, csp_violations: list[str], page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
    text: str,
) -> None:
    quiz = GRADED_QUIZZES[0]
    for saved in hostile_saved_progress(text):
        page.goto(site_host.url)
        page.evaluate("saved => localStorage.setItem('quiz-progress', saved)", saved)
        page.goto(site_host.url + quiz_path(site_dir, quiz.id))
        wait_for_engine(page)
        expect_notice_in_plain_text(page, quiz.id, "saved answers")
        expect_nothing_ran(page)
    assert csp_violations == []
    assert page_problems.uncaught == []


def share_fragment(quiz_id: str, payload: object) -> str:
    encoded = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"share={quiz_id}.{encoded}"


def hostile_fragments(text: str) -> list[str]:
    quiz = GRADED_QUIZZES[0]
    return [
        text,
        f"share={text}",
        share_fragment(text, {"h": "x", "a": {}, "p": None}),
        share_fragment(quiz.id, {"h": quiz_hash(quiz), "a": {quiz.questions[0].id: text}, "p": None}),
        share_fragment(quiz.id, {"h": quiz_hash(quiz), "a": {text: "a"}, "p": text}),
    ]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_share_links_never_run_and_show_as_text(
    page: Page, csp_violations: list[str], page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
    text: str,
) -> None:
    quiz = GRADED_QUIZZES[0]
    for fragment in hostile_fragments(text):
        page.goto("about:blank")
        page.goto(f"{site_host.url}{quiz_path(site_dir, quiz.id)}#{fragment}")
        wait_for_engine(page)
        if fragment.startswith("share="):
            expect_notice_in_plain_text(page, quiz.id, "This share link could not be opened")
        expect_nothing_ran(page)
    assert csp_violations == []
    assert page_problems.uncaught == []


@pytest.mark.parametrize("urls, expected", [
    (["http://127.0.0.1:8000/", "http://127.0.0.1:8000/assets/a.js"], []),
    (["data:image/svg+xml,<svg/>", "blob:http://127.0.0.1:8000/1234"], []),
    (["https://fonts.googleapis.com/css", "http://127.0.0.1:9000/", "http://localhost:8000/"],
     ["https://fonts.googleapis.com/css", "http://127.0.0.1:9000/", "http://localhost:8000/"]),
])
def test_foreign_requests_are_those_to_other_origins(urls: list[str], expected: list[str]) -> None:
    assert foreign_requests(urls, "http://127.0.0.1:8000/") == expected
