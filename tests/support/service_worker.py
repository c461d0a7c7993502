"""The site's service worker as the tests see it: its cache names in sw.js, and waits for what it caches in a page.

Workbox names the caches `<cacheId>-precache-v2-<scope>` (the pages, on install) and `<cacheId>-runtime-<scope>`
(the quiz engine's runtime, cached when first used: tools/generate_service_worker.mjs)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Page

CACHE_PREFIX = re.compile(r'setCacheNameDetails\(\{prefix:"([^"]+)"\}\)')
# Installing the worker precaches the whole site on a busy machine.
SITE_CACHED_MS = 90_000
# Resolves with the URLs in the page's runtime cache, by cache name.
RUNTIME_CACHES = """async () => {
  const found = {};
  for (const name of (await caches.keys()).filter((name) => name.includes("-runtime-"))) {
    found[name] = (await (await caches.open(name)).keys()).map((request) => request.url).sort();
  }
  return found;
}"""


def cache_prefix(site: Path) -> str:
    """The cacheId of the build in `site`, the prefix of its caches' names."""
    match = CACHE_PREFIX.search((site / "sw.js").read_text(encoding="utf-8"))
    assert match, "sw.js names no cache"
    return match.group(1)


def wait_until(page: Page, async_condition: str, timeout_ms: int, arg: object = None) -> None:
    """Wait until `async_condition`, a JS function of `arg` that may return a promise, gives true
    (wait_for_function would take the promise itself for true)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(async_condition, arg):
        assert time.monotonic() < deadline, f"still false after {timeout_ms} ms: {async_condition}"
        page.wait_for_timeout(200)


def wait_until_site_is_cached(page: Page) -> None:
    """Wait until a service worker controls the page: it is active, so its install, the precache, is done."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=SITE_CACHED_MS)


def runtime_caches(page: Page) -> dict[str, list[str]]:
    """Each runtime cache of the page's origin, by name, with the URLs it holds, sorted."""
    caches: dict[str, list[str]] = page.evaluate(RUNTIME_CACHES)
    return caches


def wait_until_runtime_is_cached(page: Page, urls: list[str]) -> None:
    """Wait until one runtime cache holds every URL in `urls` (the engine's page sends them once it is ready)."""
    held_by_one = f"""async (urls) => Object.values(await ({RUNTIME_CACHES})()).some((held) => urls.every((url) => held.includes(url)))"""
    wait_until(page, held_by_one, SITE_CACHED_MS, urls)
