"""Private and locked down, in Chromium: reading and taking the quizzes requests nothing from another origin and
breaks no rule of the Content-Security-Policy, the site works under the headers a real host sends from its
`_headers` (the policy reaching the workers, framing refused), and hostile text (quiz content, saved progress,
share links) never runs as script and shows as text."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route, expect

from quiz_py.catalog import quiz_hash
from quiz_py.loading import load_catalog_texts
from quiz_py.render import render_quiz
from tests.support.quiz_driver import (
    GRADED_QUIZZES,
    STORAGE_KEY,
    answer_inputs,
    open_quiz,
    passed_line,
    quiz_form,
    quiz_path,
    tick_and_check,
    wait_for_engine,
)
from tests.support.reader import PAGES, quizzes_on, take_every_quiz
from tests.support.csp import policy_of
from tools.static_host import StaticHost

if TYPE_CHECKING:  # what expect_event returns: Playwright types it, but does not export the name
    from playwright._impl._sync_base import EventContextManager

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
    page: Page, csp_violations: list[str], requested_urls: list[str],
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


# What the host sends from the build's _headers, besides the policy and caching (tests/build/test_headers.py).
SAFEGUARD_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


def test_the_site_works_under_its_deployment_headers(
    page: Page, csp_violations: list[str], site_host: StaticHost, site_dir: Path,
) -> None:
    """Served as Netlify or Cloudflare Pages serve it: the page's policy as a header too, refusing frames, forms
    allowed nowhere (they are answered in the page), no type sniffing, no feature the site does not use."""
    quiz = GRADED_QUIZZES[0]
    response = page.goto(site_host.url + quiz_path(site_dir, quiz.id))
    assert response is not None
    assert {name: response.headers.get(name) for name in SAFEGUARD_HEADERS} == SAFEGUARD_HEADERS
    assert response.headers["content-security-policy"] == policy_of(page.content()) + "; frame-ancestors 'none'"
    assert "form-action 'none'" in response.headers["content-security-policy"]
    wait_for_engine(page)
    form = quiz_form(page, quiz.id)
    tick_and_check(page, form, answer_inputs(quiz, right=True))
    expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz))
    assert csp_violations == []
    # An unknown feature in Permissions-Policy would be a console error.


@pytest.mark.page_errors_expected  # the refused frame is reported in the console
@pytest.mark.parametrize("policy_header, framed", [(True, False), (False, True)])
def test_the_site_refuses_to_be_framed(
    context: BrowserContext, page: Page, site_host: StaticHost, policy_header: bool, framed: bool,
) -> None:
    """Only the header can say frame-ancestors; without it (the control) the same page is framed."""
    if not policy_header:
        def without_policy(route: Route) -> None:
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k != "content-security-policy"}
            route.fulfill(response=response, headers=headers)
        context.route(site_host.url + "about/", without_policy)
    with page.expect_event("framenavigated", predicate=lambda frame: frame != page.main_frame) as navigated:
        page.set_content(f'<iframe src="{site_host.url}about/"></iframe>')
    assert (navigated.value.url == site_host.url + "about/") is framed


# Appended to a worker's script, as if it were the worker's own code: reports whether string eval ran.
STRING_EVAL_PROBE = """
;try {{ eval("1"); fetch("/?string-eval={name}-ran"); }}
catch (error) {{ fetch("/?string-eval={name}-" + error.name); }}
"""


def with_string_eval_probe(name: str) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        response = route.fetch()
        # The body comes back decoded: the encoding and length no longer describe it.
        headers = {k: v for k, v in response.headers.items() if k not in ("content-encoding", "content-length")}
        route.fulfill(response=response, headers=headers, body=response.text() + STRING_EVAL_PROBE.format(name=name))
    return handle


def string_eval_report(context: BrowserContext, name: str) -> EventContextManager[Request]:
    return context.expect_event("request", lambda request: f"string-eval={name}-" in request.url)


def test_the_workers_get_the_policy_and_refuse_string_eval(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    """A page's <meta> policy does not reach its workers; the header does: the quiz engine's worker and
    Material's search worker each refuse to evaluate a string. Where no header comes (GitHub Pages), the quiz
    engine's worker refuses string code by itself once started."""
    context.route(re.compile(r"/assets/js/engine-worker\.js$"), with_string_eval_probe("engine"))
    context.route(re.compile(r"/workers/search\.[0-9a-f]+\.min\.js$"), with_string_eval_probe("search"))
    with string_eval_report(context, "engine") as engine, string_eval_report(context, "search") as search:
        open_quiz(page, site_host.url, site_dir, GRADED_QUIZZES[0].id)
    assert [engine.value.url.split("string-eval=")[1], search.value.url.split("string-eval=")[1]] == \
        ["engine-EvalError", "search-EvalError"]
    wait_for_engine(page)

    # Appended to the worker's script: tries a string as code each way once the engine is ready, and eval at
    # once, which runs: no policy has reached the worker. Playwright's evaluate needs eval: the probe is the worker's.
    probe = """;{
      const report = self.fetch.bind(self), tell = self.postMessage.bind(self);
      const attempt = (ways) => Object.entries(ways).map(([way, run]) => {
        try { run(); return `${way}-ran`; } catch (error) { return `${way}-${error.name}`; }
      });
      const atOnce = attempt({ unstarted: () => eval("1") });
      self.postMessage = (message) => {
        tell(message);
        if (message.type !== "ready") return;
        const ways = { eval: () => eval("1"), Function: () => Function("return 1"), setTimeout: () => setTimeout("1") };
        report("/?string-code=" + [...atOnce, ...attempt(ways)].join(","));
      };
    }"""

    def without_policy_with_probe(route: Route) -> None:
        response = route.fetch()
        dropped = ("content-security-policy", "content-encoding", "content-length")  # the body comes back decoded
        headers = {k: v for k, v in response.headers.items() if k not in dropped}
        route.fulfill(response=response, headers=headers, body=response.text() + probe)

    assert context.browser is not None
    bare = context.browser.new_context(service_workers="block")  # a service worker would answer past the route
    bare.route(re.compile(r"/assets/js/engine-worker\.js$"), without_policy_with_probe)
    with bare.expect_event("request", lambda request: "string-code=" in request.url, timeout=60_000) as report:
        open_quiz(bare.new_page(), site_host.url, site_dir, GRADED_QUIZZES[0].id)
    bare.close()
    assert report.value.url.split("string-code=")[1] == \
        "unstarted-ran,eval-EvalError,Function-EvalError,setTimeout-EvalError"


def test_the_engine_starts_under_the_policy(
    page: Page, csp_violations: list[str], site_host: StaticHost, site_dir: Path,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, GRADED_QUIZZES[0].id))
    assert page.locator('head > meta[http-equiv="Content-Security-Policy"]').count() == 1
    wait_for_engine(page)
    assert csp_violations == []


@pytest.mark.page_errors_expected  # the violations it provokes are reported in the console
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
    page.wait_for_function("() => window.__cspViolationsReported > 0")
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


UNFIT = "Some saved answers did not fit this version of a quiz, so they are not shown."
UNREADABLE = "Answers saved on this device could not be read, so they are not shown. New answers replace them."


def hostile_saved_progress(text: str) -> list[tuple[str, str]]:
    """What localStorage may hold after tampering, with the notice it brings: the current format and the old one
    (readable, their hostile answers fit no question), and no JSON at all."""
    quiz = GRADED_QUIZZES[0]
    entry = {"hash": quiz_hash(quiz), "answers": {quiz.questions[0].id: text}, "checked": True, "prediction": text}
    return [
        (json.dumps({"version": 1, "quizzes": {quiz.id: entry, text: {"hash": text, "answers": {text: text}}}}), UNFIT),
        (json.dumps({quiz.id: {quiz.questions[0].id: text, text: [text]}}), UNFIT),
        (text, UNREADABLE),
    ]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_saved_progress_never_runs_and_shows_as_text(
    page: Page, csp_violations: list[str], site_host: StaticHost, site_dir: Path,
    text: str,
) -> None:
    quiz = GRADED_QUIZZES[0]
    for saved, notice in hostile_saved_progress(text):
        page.goto(site_host.url)
        page.evaluate("([key, saved]) => localStorage.setItem(key, saved)", [STORAGE_KEY, saved])
        page.goto(site_host.url + quiz_path(site_dir, quiz.id))
        wait_for_engine(page)
        expect_notice_in_plain_text(page, quiz.id, notice)
        expect_nothing_ran(page)
    assert csp_violations == []


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
    page: Page, csp_violations: list[str], site_host: StaticHost, site_dir: Path,
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


@pytest.mark.parametrize("urls, expected", [
    (["http://127.0.0.1:8000/", "http://127.0.0.1:8000/assets/a.js"], []),
    (["data:image/svg+xml,<svg/>", "blob:http://127.0.0.1:8000/1234"], []),
    (["https://fonts.googleapis.com/css", "http://127.0.0.1:9000/", "http://localhost:8000/"],
     ["https://fonts.googleapis.com/css", "http://127.0.0.1:9000/", "http://localhost:8000/"]),
])
def test_foreign_requests_are_those_to_other_origins(urls: list[str], expected: list[str]) -> None:
    assert foreign_requests(urls, "http://127.0.0.1:8000/") == expected
