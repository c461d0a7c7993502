"""Offline reading: after one visit every page and search work without a network, every quiz too once any quiz
page has been opened online, an unknown address shows the site's 404 page; and a new deploy replaces the old one
cleanly: the reader ends on the new build, the old caches are deleted, and no page is ever blank."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Request, expect

from essay_plugin.offline import SELF_REMOVING_WORKER, generate_service_worker
from tests.support.page_problems import PageProblems
from tests.support.quiz_driver import STORAGE_KEY, wait_for_engine
from tests.support.reader import HEADING, expect_page_shown, take_quiz_to_its_result
from tests.support.service_worker import (
    SITE_CACHED_MS, cache_prefix, runtime_caches, wait_until, wait_until_runtime_is_cached, wait_until_site_is_cached,
)
from tests.support.site import nav_pages
from tools.static_host import StaticHost

SECOND_EDITION = "second edition"
CHAPTER_1 = "chapters/the-boss-youve-had/"
SORTING_PAGE = "practice/manager-or-leader/"
RUNTIME_FOLDER = re.compile(r"/assets/engine/pyodide-[^/]+/")


def runtime_requests(context: BrowserContext) -> list[str]:
    """Every URL of the engine's runtime folder the context's pages and workers request from now on."""
    urls: list[str] = []

    def note(request: Request) -> None:
        if RUNTIME_FOLDER.search(request.url):
            urls.append(request.url)

    context.on("request", note)
    return urls


def test_every_page_search_and_every_quiz_work_offline_once_a_quiz_page_was_opened(
    instant_host: StaticHost, context: BrowserContext, page: Page,
) -> None:
    site = instant_host.url
    runtime = runtime_requests(context)
    page.goto(site + SORTING_PAGE)  # a quiz page, not the one taken offline below
    wait_for_engine(page)
    wait_until_site_is_cached(page)
    wait_until_runtime_is_cached(page, sorted(set(runtime)))
    context.set_offline(True)

    for url in nav_pages():
        page.goto(site + url)
        expect_page_shown(page)

    page.goto(site + CHAPTER_1)  # a full load: a new engine starts, from the cached runtime
    take_quiz_to_its_result(page, "checkpoint-1")

    with page.expect_request(site + "chapters/two-different-jobs/"):  # a fetch: instant navigation
        page.locator(".md-footer__link--next").click()
    expect(page).to_have_url(site + "chapters/two-different-jobs/")
    expect_page_shown(page)

    # The search worker loads the precached index. Material searches on keyup, which fill() does not send.
    page.locator("input.md-search__input").press_sequentially("leader")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"[1-9]\d* matching documents?"))



def test_offline_an_unknown_address_shows_the_sites_404_page(
    instant_host: StaticHost, context: BrowserContext, page: Page,
) -> None:
    page.goto(instant_host.url + "about/")
    wait_until_site_is_cached(page)
    context.set_offline(True)
    response = page.goto(instant_host.url + "no-such-page/")
    assert response is not None and response.from_service_worker
    expect(page.locator(HEADING)).to_have_text("404 - Not found")


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
    instant_host: StaticHost, context: BrowserContext, build_1: Path, build_2: Path, page: Page,
    page_problems: PageProblems,
) -> None:
    site = instant_host.url
    runtime = runtime_requests(context)
    page.goto(site + CHAPTER_1)
    wait_for_engine(page)
    wait_until_site_is_cached(page)
    wait_until_runtime_is_cached(page, sorted(set(runtime)))
    names = sorted(page.evaluate("caches.keys()"))
    assert names == [f"{cache_prefix(build_1)}-precache-v2-{site}", f"{cache_prefix(build_1)}-runtime-{site}"]
    # A file of an older runtime, which the new build does not use: it must go with build 1's cache.
    page.evaluate("([name, url]) => caches.open(name).then((cache) => cache.put(url, new Response('x')))",
                  [names[1], site + "assets/engine/pyodide-0.0.0.0ld/pyodide.asm.wasm"])

    deploy(build_2, instant_host.root)
    page.reload()  # the old worker serves build 1, whole; the new worker installs and waits
    expect_page_shown(page)
    wait_until(page, "() => navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)", SITE_CACHED_MS)
    expect(page.locator(HEADING)).not_to_contain_text(SECOND_EDITION)

    # Moving to another page is when the new build takes over: offline.js reloads the page just shown.
    with page.expect_event("load", timeout=SITE_CACHED_MS):
        page.locator(".md-nav__link", has_text="About").first.click()
    expect(page.locator(HEADING)).to_contain_text(SECOND_EDITION)
    only_build_2 = f"() => caches.keys().then((names) => names.every((name) => name.startsWith({cache_prefix(build_2)!r})))"
    wait_until(page, only_build_2, SITE_CACHED_MS)

    # Build 2 keeps build 1's runtime (the same files): moved to its own runtime cache, without the old file.
    assert runtime_caches(page) == {f"{cache_prefix(build_2)}-runtime-{site}": sorted(set(runtime))}
    assert len(page.evaluate("caches.keys()")) == 2


@pytest.fixture
def build_with_another_runtime(build_1: Path, tmp_path: Path) -> Path:
    """Build 1 with its runtime folder under another name, as a changed quiz or engine gives it, chapter 1's heading
    edited and the worker generated again: a deploy that takes build 1's runtime off the host."""
    build = shutil.copytree(build_1, tmp_path / "build-another-runtime")
    (runtime,) = (build / "assets" / "engine").glob("pyodide-*")
    renamed = runtime.name.rsplit(".", 1)[0] + ".0123456789"
    runtime.rename(runtime.with_name(renamed))
    for file in [build / "_headers", *build.rglob("*.html")]:
        file.write_text(file.read_text(encoding="utf-8").replace(runtime.name, renamed), encoding="utf-8")
    chapter = build / CHAPTER_1 / "index.html"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("</h1>", f" ({SECOND_EDITION})</h1>", 1), encoding="utf-8")
    generate_service_worker(build)
    return build


# What a page does with `quiz-new-build` (docs/assets/js/new-build.js): it keeps the reader's answers, here a
# stand-in that takes a moment and notes the heading of the page it was told on; the page reloads only after it.
KEPT_ANSWER = "#quiz-checkpoint-1--q1--a"
KEEP_ANSWERS_ON_NEW_BUILD = """document.addEventListener("quiz-new-build", (event) => event.detail.waitUntil(
  new Promise((resolve) => setTimeout(() => {
    sessionStorage.setItem("told on", document.querySelector("article h1").textContent);
    resolve();
  }, 3000))));"""


@pytest.mark.page_errors_expected  # build 1's runtime answers 404
def test_a_quiz_page_whose_runtime_a_deploy_took_away_moves_to_the_new_build(
    instant_host: StaticHost, context: BrowserContext, build_1: Path, build_with_another_runtime: Path, page: Page,
) -> None:
    site = instant_host.url
    page.goto(site + "about/")  # no quiz: the worker holds build 1's pages and none of its runtime
    wait_until_site_is_cached(page)
    deploy(build_with_another_runtime, instant_host.root)
    context.add_init_script(KEEP_ANSWERS_ON_NEW_BUILD)

    page.goto(site + CHAPTER_1)  # build 1's page, from the worker's cache: its runtime is gone
    page.check(KEPT_ANSWER)  # ticked on build 1's page, which cannot save it
    expect(page.locator(HEADING)).to_contain_text(SECOND_EDITION, timeout=SITE_CACHED_MS)
    told_on = page.evaluate("sessionStorage.getItem('told on')")
    assert told_on and SECOND_EDITION not in told_on  # build 1's page was told, and waited for, before the reload
    expect(page.locator(KEPT_ANSWER)).to_be_checked()  # the answer came along, and build 2 saves it
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['checkpoint-1']?.answers?.q1 === 'a'")
    take_quiz_to_its_result(page, "checkpoint-1")
    assert all(name.startswith(cache_prefix(build_with_another_runtime)) for name in page.evaluate("caches.keys()"))


def test_the_dev_server_worker_removes_a_worker_left_by_a_built_site(
    instant_host: StaticHost, build_1: Path, page: Page,
) -> None:
    page.goto(instant_host.url)
    wait_until_site_is_cached(page)
    # What `mkdocs serve` serves as sw.js; the browser finds it when it next checks for an update. It
    # deletes the caches, unregisters itself, then reloads the page from the network.
    (instant_host.root / "sw.js").write_text(SELF_REMOVING_WORKER, encoding="utf-8")
    # The dev server's pages leave out the script that registers the worker (essay_plugin/offline.py): serve
    # the reloaded page the same way, or the built page's script would register the worker again at once.
    page.route("**/assets/js/offline.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    with page.expect_event("load", timeout=SITE_CACHED_MS):
        page.evaluate("navigator.serviceWorker.getRegistration().then((registration) => registration.update())")
    expect_page_shown(page)
    assert page.evaluate("navigator.serviceWorker.getRegistration()") is None
    assert page.evaluate("caches.keys()") == []
