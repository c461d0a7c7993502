"""Firefox ESR and WebKitGTK fixtures (tests/support/engines.py): one browser per engine per module, a fresh reader
per test, each test on a host of its own (a fresh origin: nothing saved, cached or installed by another test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.engines import EngineBrowser, Reader, launch
from tests.support.site import DESKTOP, PHONE
from tools.static_host import StaticHost

ENGINES = [pytest.param("firefox", marks=pytest.mark.firefox), pytest.param("webkit", marks=pytest.mark.webkit)]


@pytest.fixture(scope="module", params=ENGINES)
def engine_browser(request: pytest.FixtureRequest) -> Iterator[EngineBrowser]:
    with launch(request.param) as browser:
        yield browser


@pytest.fixture
def host(site_dir: Path) -> Iterator[StaticHost]:
    """The built site at the root of an origin of this test's own, as a CDN serves it."""
    with StaticHost(site_dir) as served:
        yield served


def watched_tab(engine_browser: EngineBrowser, request: pytest.FixtureRequest, width: int, height: int) -> Iterator[Reader]:
    tab = engine_browser.open(width, height)
    yield tab
    problems = tab.problems()
    tab.close()
    if request.node.get_closest_marker("page_errors_expected") is None:
        assert problems == [], f"{tab.engine}: the page reported errors a reader would not see"


@pytest.fixture
def reader(engine_browser: EngineBrowser, request: pytest.FixtureRequest) -> Iterator[Reader]:
    """A reader's tab at desktop size; the page must report no errors (where the engine's driver hears of them),
    unless the test is marked `page_errors_expected`."""
    yield from watched_tab(engine_browser, request, DESKTOP["width"], DESKTOP["height"])


@pytest.fixture
def phone_reader(engine_browser: EngineBrowser, request: pytest.FixtureRequest) -> Iterator[Reader]:
    """The same on a phone's screen, 390 × 844 CSS px."""
    yield from watched_tab(engine_browser, request, PHONE["width"], PHONE["height"])
