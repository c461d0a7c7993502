"""Offline reading: after one visit every page, search and the quizzes work without a network, and a new
deploy replaces the old one cleanly: the reader ends on the new build, the old cache is deleted, and no
page is ever blank."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from hooks.offline import SELF_REMOVING_WORKER, generate_service_worker
from tests.browser.conftest import PageProblems
from tests.browser.quiz_driver import CATALOG, answer_inputs, quiz_form, wait_for_engine
from tests.build.test_service_worker import cache_prefix
from tests.build.test_site import nav_pages
from tools.static_host import StaticHost

# Installing the worker precaches the whole site, Pyodide's 8 MB wasm included, on a busy machine.
SITE_CACHED_MS = 90_000
HEADING = "article.md-content__inner h1"
SECOND_EDITION = "second edition"


def wait_until(page: Page, async_condition: str, timeout_ms: int) -> None:
    """Wait until `async_condition`, a JS function that may return a promise, gives true
    (wait_for_function would take the promise itself for true)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(async_condition):
        assert time.monotonic() < deadline, f"still false after {timeout_ms} ms: {async_condition}"
        page.wait_for_timeout(200)


def wait_until_site_is_cached(page: Page) -> None:
    """Wait until a service worker controls the page: it is active, so its install, the precache, is done."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=SITE_CACHED_MS)


def expect_page_shown(page: Page) -> None:
    """The page shows its article with a heading: never a blank page or the browser's offline error."""
    expect(page.locator(HEADING)).not_to_be_empty()


def take_quiz_to_its_result(page: Page, quiz_id: str) -> None:
    wait_for_engine(page)
    for selector in answer_inputs(CATALOG.quiz(quiz_id), right=True):
        page.check(selector)
    form = quiz_form(page, quiz_id)
    form.locator(".quiz__check").click()
    expect(form.locator(".quiz__result")).to_be_visible()


def test_every_page_search_and_a_quiz_work_offline_after_one_visit(
    instant_host: StaticHost, context: BrowserContext, page: Page, page_problems: PageProblems,
) -> None:
    site = instant_host.url
    page.goto(site)
    wait_until_site_is_cached(page)
    context.set_offline(True)

    for url in nav_pages():
        page.goto(site + url)
        expect_page_shown(page)

    page.goto(site + "chapters/the-boss-youve-had/")
    take_quiz_to_its_result(page, "checkpoint-1")

    with page.expect_request(site + "chapters/two-different-jobs/"):  # a fetch: instant navigation
        page.locator(".md-footer__link--next").click()
    expect(page).to_have_url(site + "chapters/two-different-jobs/")
    expect_page_shown(page)

    # The search worker loads the precached index. Material searches on keyup, which fill() does not send.
    page.locator("input.md-search__input").press_sequentially("leader")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"[1-9]\d* matching documents?"))

    assert page_problems.uncaught == []


def test_the_worker_takes_the_site_root_as_its_scope_under_a_sub_path(subpath_host: StaticHost, page: Page) -> None:
    page.goto(subpath_host.url + "about/")
    wait_until_site_is_cached(page)
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then((registration) => registration.scope)")
    assert scope == subpath_host.url


def deploy(build: Path, served: Path) -> None:
    shutil.rmtree(served)
    shutil.copytree(build, served)


@pytest.fixture
def build_1(instant_host: StaticHost, tmp_path: Path) -> Iterator[Path]:
    """A copy of the site being served; the host serves it again after the test, whatever the test deployed."""
    build = tmp_path / "build-1"
    shutil.copytree(instant_host.root, build)
    yield build
    deploy(build, instant_host.root)


@pytest.fixture
def build_2(build_1: Path, tmp_path: Path) -> Path:
    """Build 1 with About's heading edited and the worker generated again: the next deploy."""
    build = tmp_path / "build-2"
    shutil.copytree(build_1, build)
    about = build / "about" / "index.html"
    about.write_text(about.read_text(encoding="utf-8").replace("</h1>", f" ({SECOND_EDITION})</h1>", 1), encoding="utf-8")
    generate_service_worker(build)
    return build


def test_a_new_deploy_replaces_the_old_one_cleanly(
    instant_host: StaticHost, build_1: Path, build_2: Path, page: Page, page_problems: PageProblems,
) -> None:
    site = instant_host.url
    page.goto(site + "about/")
    wait_until_site_is_cached(page)
    assert [name.startswith(cache_prefix(build_1)) for name in page.evaluate("caches.keys()")] == [True]

    deploy(build_2, instant_host.root)
    page.reload()  # the old worker serves build 1, whole; the new worker installs and waits
    expect_page_shown(page)
    expect(page.locator(HEADING)).not_to_contain_text(SECOND_EDITION)
    wait_until(page, "() => navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)", SITE_CACHED_MS)

    # Moving to another page is when the new build takes over: offline.js reloads the page just shown.
    with page.expect_event("load", timeout=SITE_CACHED_MS):
        page.locator(".md-nav__link", has_text="The boss you").first.click()
    expect_page_shown(page)
    only_build_2 = f"() => caches.keys().then((names) => names.every((name) => name.startsWith({cache_prefix(build_2)!r})))"
    wait_until(page, only_build_2, SITE_CACHED_MS)

    with page.expect_request(site + "about/"):  # instant navigation, through the new worker
        page.locator(".md-nav__link", has_text="About").first.click()
    expect(page.locator(HEADING)).to_contain_text(SECOND_EDITION)
    assert len(page.evaluate("caches.keys()")) == 1
    assert page_problems.uncaught == []


def test_the_dev_server_worker_removes_a_worker_left_by_a_built_site(
    instant_host: StaticHost, build_1: Path, page: Page,
) -> None:
    page.goto(instant_host.url)
    wait_until_site_is_cached(page)
    # What `mkdocs serve` serves as sw.js; the browser finds it when it next checks for an update. It
    # deletes the caches, unregisters itself, then reloads the page from the network.
    (instant_host.root / "sw.js").write_text(SELF_REMOVING_WORKER, encoding="utf-8")
    with page.expect_event("load", timeout=SITE_CACHED_MS):
        page.evaluate("navigator.serviceWorker.getRegistration().then((registration) => registration.update())")
    expect_page_shown(page)
    assert page.evaluate("navigator.serviceWorker.getRegistration()") is None
    assert page.evaluate("caches.keys()") == []
