"""Bench section: how long a returning reader waits for the quiz engine, with the service worker and without it.

Both figures come from the same run, the same build, the same host (tools/static_host.py) and the same
browser: one context blocks service workers, the other lets the site's worker precache everything on a
first visit. Then the quiz page is reloaded a few times and the time from navigation start to
<html data-quiz-engine="ready"> is taken; the median is printed.

Run alone: `.venv/bin/python -m bench.service_worker`.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.engine_start import QUIZ_PAGE, READY_TIMEOUT_MS, RECORD_ENGINE_READY, engine_ready_ms
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.conftest import build_site
from tools.static_host import StaticHost

WARM_LOADS = 5


def warm_engine_ready_ms(browser: Browser, url: str, *, service_worker: bool) -> float:
    """Median time to an engine ready, over reloads after a first visit."""
    context = browser.new_context(service_workers="allow" if service_worker else "block")
    context.add_init_script(RECORD_ENGINE_READY)
    page = context.new_page()
    page.goto(url)
    engine_ready_ms(page)
    if service_worker:
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=READY_TIMEOUT_MS)
    times = []
    for _ in range(WARM_LOADS):
        page.reload()
        times.append(engine_ready_ms(page))
    context.close()
    return statistics.median(times)


def run() -> None:
    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        site = build_site(Path(temporary) / "site")
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with StaticHost(site) as host:
            without = warm_engine_ready_ms(browser, host.url + QUIZ_PAGE, service_worker=False)
            with_worker = warm_engine_ready_ms(browser, host.url + QUIZ_PAGE, service_worker=True)
        browser.close()
    print(f"Quiz engine ready on a return visit (median of {WARM_LOADS} reloads of {QUIZ_PAGE}):")
    print(f"  without the service worker  {without:7.0f} ms")
    print(f"  with the service worker     {with_worker:7.0f} ms")


if __name__ == "__main__":
    run()
