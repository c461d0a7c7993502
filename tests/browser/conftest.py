"""Browser fixtures: Debian's Chromium driven by Playwright, against the built site on a real-host-like server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.support.page_problems import PageProblems
from tests.support.site import build_site
from tools.chromium import CHROMIUM_ARGS, chromium_path
from tools.static_host import StaticHost

# How long `expect` waits for the page to get there: the engine's first start on a busy 2-core machine
# can take several seconds (a wait, never a timing assertion: `make bench` measures speed).
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def site_host(site_dir: Path) -> Iterator[StaticHost]:
    """The built site served at the root of 127.0.0.1, compressed and with cache headers."""
    with StaticHost(site_dir) as host:
        yield host


@pytest.fixture(scope="session")
def subpath_host(site_dir: Path) -> Iterator[StaticHost]:
    """The same site served under /essay/, as a project page on a shared host is."""
    with StaticHost(site_dir, prefix="/essay/") as host:
        yield host


@pytest.fixture(scope="session")
def instant_host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticHost]:
    """The site built for the exact origin it is served from: Material's instant navigation only takes
    over links when the sitemap's site_url matches the origin, port included."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = build_site(tmp_path_factory.mktemp("instant") / "site", site_url=f"http://127.0.0.1:{port}/")
    with StaticHost(site, port=port) as host:
        yield host


@pytest.fixture
def context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser profile; with no service worker for tests marked `no_service_worker` (a service worker
    would answer from its cache, past the routes the test sets)."""
    blocked = request.node.get_closest_marker("no_service_worker") is not None
    context = browser.new_context(service_workers="block" if blocked else "allow")
    yield context
    context.close()


@pytest.fixture
def page_problems(request: pytest.FixtureRequest) -> Iterator[PageProblems]:
    """What went wrong in the pages it watches (`page`'s, and any a test opens itself): uncaught errors and
    console errors fail the test, unless it is marked `page_errors_expected` (it provokes them)."""
    problems = PageProblems()
    yield problems
    if request.node.get_closest_marker("page_errors_expected") is None:
        assert problems.seen() == [], "the page reported errors a reader would not see"


@pytest.fixture
def page(context: BrowserContext, page_problems: PageProblems) -> Page:
    page = context.new_page()
    page_problems.watch(page)
    return page


# Reports every Content-Security-Policy violation in each document of the context to the test.
CSP_VIOLATION_REPORTER = """
window.__cspViolationsReported = 0;  // lets a test wait until a violation it provokes has reached it
document.addEventListener("securitypolicyviolation", async (event) => {
  await window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "?"} in ${event.sourceFile || location.href}` +
    `:${event.lineNumber} (${event.sample})`);
  window.__cspViolationsReported += 1;
});
"""


@pytest.fixture
def csp_violations(context: BrowserContext) -> list[str]:
    """Each policy violation in the context's pages, over every navigation, as it happens."""
    found: list[str] = []
    context.expose_function("__reportCspViolation", lambda report: found.append(report))
    context.add_init_script(CSP_VIOLATION_REPORTER)
    return found


@pytest.fixture
def requested_urls(context: BrowserContext) -> list[str]:
    """Every URL the context's pages and their workers request."""
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    return urls
