"""Bench section: how soon the quiz engine is ready against stock Pyodide 0.29.5, what a reader downloads, and how
soon a check gets feedback.

Method (README, "Benchmark figures"): one build, one host (tools/static_host.py, the site's `_headers`, ETag and
304s, gzip by content type as a CDN compresses), one browser; stock Pyodide served under the same rules as the essay's runtime
(bench/site.py). Variants are interleaved (essay, stock, essay, stock…) and each figure is a median with its
min–max. "Ready" is <html data-quiz-engine="ready">, in ms from the page's navigation start.
- cold: a fresh incognito context per load (empty HTTP cache), service workers blocked;
- warm: another load in the same context, after a first one;
- returning: a persistent profile (HTTP cache, compiled-wasm cache, the service worker), closed and reopened
  between the first visit and each measured one;
- throttled cold: Chromium's network emulation (CDP) on the page, which also holds its worker's requests.
Bytes are the encoded bodies the host sends for each URL the browser requested (each once), for two hosts: a
CDN that compresses by content type (tools/static_host.py, gzip) and GitHub Pages (the same, but wasm sent as
it is); neither serves a site's own .br files, so the essay's large runtime files travel as its build
brotli-encoded them. The slow phone: Slow 4G and CPU 4× on the page (Chromium throttles no worker's CPU).

Run alone: `.venv/bin/python -m bench.engine_start`.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

from bench.site import COVER_PAGE, QUIZ_PAGE, STOCK_PAGE, add_stock_pyodide, build_site, encoded_bytes
from tools.chromium import CHROMIUM_ARGS, chromium_path
from tools.static_host import StaticHost

VARIANTS = {"essay": QUIZ_PAGE, "stock": STOCK_PAGE}
ROUNDS = 7
RETURNING_ROUNDS = 5
THROTTLED_ROUNDS = 3
# (Mbit/s down and up, ms of latency): a good and a poor mobile connection.
NETWORKS: dict[str, tuple[float, int]] = {"20 Mbit/s, 40 ms": (20, 40), "4 Mbit/s, 100 ms": (4, 100)}
# The slow phone: Slow 4G and a CPU four times slower than this machine's. Chromium applies CPU throttling and
# network emulation to pages only: on a worker target it answers "Operation is only supported for pages, not
# workers" and "Not supported" (tried over CDP's Target.setAutoAttach). The page's network emulation does hold
# its dedicated worker's requests; the worker's CPU runs at this machine's speed, so the figure flatters the essay.
SLOW_4G = (1.6, 150)
CPU_SLOWDOWN = 4
EAGER_ROUNDS = 2
CHECKS = 10
READY_TIMEOUT_MS = 180_000
RUNTIME_URL = re.compile(r"/pyodide-[^/]+/")
TARGETS = {"cold": 0.30, "warm": 0.25}
MB = 1e6

# Installed before any page script: when the engine says ready, and when the page created its worker.
RECORD_TIMES = """
new MutationObserver((changes, observer) => {
  if (document.documentElement?.dataset.quizEngine === "ready") {
    window.__readyMs = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-quiz-engine"] });
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {
  constructor(...args) { window.__workerMs ??= performance.now(); super(...args); }
};
"""

# Presses "Check answers" with the first option of each question ticked; resolves with the ms until the result.
CHECK_TO_FEEDBACK = """async () => {
  const form = document.querySelector("form.quiz");
  form.querySelector(".quiz__retry")?.click();
  for (const question of form.querySelectorAll(".quiz__question")) question.querySelector("input").checked = true;
  const shown = new Promise((resolve) => new MutationObserver((changes, observer) => {
    if (form.querySelector(".quiz__result")) { observer.disconnect(); resolve(performance.now()); }
  }).observe(form, { childList: true, subtree: true }));
  const start = performance.now();
  form.querySelector(".quiz__check").click();
  return (await shown) - start;
}"""

# Whether a runtime cache holds `n` files: the service worker has kept the engine for the next visit.
RUNTIME_CACHED = """async (n) => {
  for (const name of (await caches.keys()).filter((name) => name.includes("-runtime-"))) {
    if ((await (await caches.open(name)).keys()).length >= n) return true;
  }
  return false;
}"""


@dataclass(frozen=True)
class Load:
    """One page load, in ms from navigation start."""

    ready: float
    worker: float  # the page created its worker
    downloaded: float  # the last runtime file arrived


def throttle(context: BrowserContext, page: Page, network: tuple[float, int], cpu: int = 1) -> None:
    """Chromium's network emulation (and CPU throttling) on `page`, which holds its worker's requests too."""
    mbits, latency = network
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency, "downloadThroughput": mbits * 1e6 / 8, "uploadThroughput": mbits * 1e6 / 8,
    })
    if cpu > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})


def open_page(context: BrowserContext, url: str, network: tuple[float, int] | None = None, cpu: int = 1) -> Load:
    finished: list[float] = []

    def on_finished(request) -> None:  # type: ignore[no-untyped-def]
        if RUNTIME_URL.search(request.url) and request.timing["responseEnd"] >= 0:
            finished.append(request.timing["startTime"] + request.timing["responseEnd"])

    context.on("requestfinished", on_finished)
    page = context.pages[0] if context.pages else context.new_page()
    if network:
        throttle(context, page, network, cpu)
    page.goto(url)
    page.wait_for_function("() => window.__readyMs !== undefined", timeout=READY_TIMEOUT_MS)
    ready, worker, origin = page.evaluate("[window.__readyMs, window.__workerMs, performance.timeOrigin]")
    context.remove_listener("requestfinished", on_finished)
    return Load(ready, worker, max(finished, default=origin) - origin)


type ServiceWorkers = Literal["allow", "block"]  # what Playwright's new_context takes


def new_context(browser: Browser, service_workers: ServiceWorkers = "block") -> BrowserContext:
    context = browser.new_context(service_workers=service_workers)
    context.add_init_script(RECORD_TIMES)
    return context


def cold(browser: Browser, url: str, network: tuple[float, int] | None = None, cpu: int = 1) -> Load:
    context = new_context(browser)
    try:
        return open_page(context, url, network, cpu)
    finally:
        context.close()


def interleaved(rounds: int, measure: Callable[[str], Load]) -> dict[str, list[Load]]:
    """`measure(url)` for each variant in turn, `rounds` times: A, B, A, B…"""
    loads: dict[str, list[Load]] = {name: [] for name in VARIANTS}
    for _ in range(rounds):
        for name, page in VARIANTS.items():
            loads[name].append(measure(page))
    return loads


def warm(browser: Browser, host: StaticHost) -> dict[str, list[Load]]:
    contexts = {page: new_context(browser) for page in VARIANTS.values()}
    for page, context in contexts.items():
        open_page(context, host.url + page)
    loads = interleaved(ROUNDS, lambda page: open_page(contexts[page], host.url + page))
    for context in contexts.values():
        context.close()
    return loads


def returning(playwright: Playwright, host: StaticHost, profiles: Path) -> dict[str, list[Load]]:
    """A first visit in a persistent profile, then each measured visit after closing and reopening it."""

    def visit(page: str, first: bool = False) -> Load:
        context = playwright.chromium.launch_persistent_context(
            profiles / page.strip("/").replace("/", "-"), executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context.add_init_script(RECORD_TIMES)
        runtime: set[str] = set()

        def note_runtime(request: Request) -> None:
            if RUNTIME_URL.search(request.url):
                runtime.add(request.url)

        context.on("request", note_runtime)
        try:
            load = open_page(context, host.url + page)
            if first and page == QUIZ_PAGE:  # the service worker installs, then keeps the runtime it is sent
                tab = context.pages[0]
                tab.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=READY_TIMEOUT_MS)
                deadline = time.monotonic() + READY_TIMEOUT_MS / 1000
                while not tab.evaluate(RUNTIME_CACHED, len(runtime)) and time.monotonic() < deadline:
                    tab.wait_for_timeout(200)
            return load
        finally:
            context.close()

    for page in VARIANTS.values():
        visit(page, first=True)
    return interleaved(RETURNING_ROUNDS, visit)


def visit_bytes(browser: Browser, url: str, until: Callable[[Page], object], service_workers: ServiceWorkers,
                network: tuple[float, int] | None = None) -> dict[str, int]:
    """Encoded bytes of every URL a first visit to `url` (on `network`, if given) requests until `until(page)`
    returns, by host: a CDN (tools/static_host.py compresses as one does, by Cloudflare's list of types, with gzip)
    and GitHub Pages (no `_headers`, and not known to compress wasm, so there a .wasm goes as it is)."""
    context = new_context(browser, service_workers)
    urls: set[str] = set()
    context.on("request", lambda request: urls.add(request.url))
    page = context.new_page()
    if network:
        throttle(context, page, network)
    page.goto(url)
    until(page)
    context.close()
    wasm = {url for url in urls if url.endswith(".wasm")}
    return {"CDN": encoded_bytes(urls, "gzip"),
            "GitHub Pages": encoded_bytes(urls - wasm, "gzip") + encoded_bytes(wasm, "identity")}


# The boot the engine chose (engine-worker.js): "snapshot" or "normal".
ENGINE_BOOT = "import(location.origin + '/assets/js/engine-client.js').then((engine) => engine.engineState().boot)"


def eager_check_wait(browser: Browser, url: str) -> tuple[float, str]:
    """A reader on a slow phone who answers at once: ms from Check to the feedback, the page opened cold; and the
    boot the engine chose."""
    context = new_context(browser)
    page = context.new_page()
    throttle(context, page, SLOW_4G, CPU_SLOWDOWN)
    page.goto(url)
    page.locator("form.quiz .quiz__engine").wait_for(state="attached")  # the form is enhanced: Check works
    wait: float = page.evaluate(CHECK_TO_FEEDBACK)
    boot: str = page.evaluate(ENGINE_BOOT)
    context.close()
    return wait, boot


def check_to_feedback_ms(page: Page, checks: int = CHECKS) -> list[float]:
    page.wait_for_function("() => window.__readyMs !== undefined", timeout=READY_TIMEOUT_MS)
    return [page.evaluate(CHECK_TO_FEEDBACK) for _ in range(checks)]


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):6.0f} ({min(values):.0f}–{max(values):.0f})"


def print_ready_table(rows: dict[str, dict[str, list[Load]]]) -> None:
    print("\nQuiz engine ready, ms from navigation start: median (min–max); same run, variants interleaved")
    print(f"  {'':34} {'essay':>18} {'stock Pyodide':>18} {'essay/stock':>12}  target")
    for row, loads in rows.items():
        essay, stock = ([load.ready for load in loads[name]] for name in VARIANTS)
        ratio = statistics.median(essay) / statistics.median(stock)
        target = TARGETS.get(row.split(" ")[0])
        verdict = "" if target is None else f"≤ {target:.2f}× {'met' if ratio <= target else 'MISSED'}"
        print(f"  {row + f' (n={len(essay)})':34} {summary(essay):>18} {summary(stock):>18} {ratio:11.2f}×  {verdict}")


def print_phases(name: str, loads: list[Load]) -> None:
    worker = statistics.median(load.worker for load in loads)
    downloaded = statistics.median(load.downloaded for load in loads)
    ready = statistics.median(load.ready for load in loads)
    print(f"  {name:6} navigation → worker created {worker:5.0f} · → runtime downloaded {downloaded:5.0f}"
          f" · → ready {ready:5.0f}  (boot after the last download: {ready - downloaded:4.0f})")


def run() -> None:
    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        site = build_site(Path(temporary) / "site")
        add_stock_pyodide(site)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with StaticHost(site) as host:
            rows = {"cold": interleaved(ROUNDS, lambda page: cold(browser, host.url + page)),
                    "warm (same context)": warm(browser, host)}
            rows["returning (profile + SW)"] = returning(playwright, host, Path(temporary) / "profiles")
            for network_name, network in NETWORKS.items():
                rows[f"cold, {network_name}"] = interleaved(
                    THROTTLED_ROUNDS, lambda page: cold(browser, host.url + page, network))
            feedback: list[float] = []
            first_check = visit_bytes(browser, host.url + QUIZ_PAGE, lambda page: feedback.extend(check_to_feedback_ms(page)),
                                      "block")
            stock_ready = visit_bytes(browser, host.url + STOCK_PAGE,
                                      lambda page: page.wait_for_function("() => window.__readyMs !== undefined"), "block")
            first_check_slow = visit_bytes(browser, host.url + QUIZ_PAGE, lambda page: check_to_feedback_ms(page, 1), "block", SLOW_4G)
            cover = visit_bytes(browser, host.url + COVER_PAGE, lambda page: page.wait_for_function(
                "() => navigator.serviceWorker.controller !== null", timeout=READY_TIMEOUT_MS), "allow")
            eager, boots, stock_slow = [], set(), []
            for _ in range(EAGER_ROUNDS):
                wait, boot = eager_check_wait(browser, host.url + QUIZ_PAGE)
                eager.append(wait)
                boots.add(boot)
                stock_slow.append(cold(browser, host.url + STOCK_PAGE, SLOW_4G, CPU_SLOWDOWN).ready)
        browser.close()

    print_ready_table(rows)
    print("\nWhere the essay's cold start goes (medians, ms from navigation start):")
    for name in VARIANTS:
        print_phases(name, rows["cold"][name])
    print("\nDownloaded, MB (encoded bodies, each URL once)     CDN  GitHub Pages")
    print(f"  essay, quiz page to the first check's feedback  {first_check['CDN'] / MB:5.2f}  {first_check['GitHub Pages'] / MB:12.2f}"
          f"   target ≤ 4.0 on both: {'met' if max(first_check.values()) <= 4.0 * MB else 'MISSED'}")
    print(f"  the same on Slow 4G ({SLOW_4G[0]} Mbit/s)              {first_check_slow['CDN'] / MB:5.2f}  {first_check_slow['GitHub Pages'] / MB:12.2f}"
          f"   target ≤ 3.0 on both: {'met' if max(first_check_slow.values()) <= 3.0 * MB else 'MISSED'}")
    print(f"  stock Pyodide page to ready (interpreter only)  {stock_ready['CDN'] / MB:5.2f}  {stock_ready['GitHub Pages'] / MB:12.2f}")
    print(f"  cover only, first visit, service worker done    {cover['CDN'] / MB:5.2f}  {cover['GitHub Pages'] / MB:12.2f}"
          f"   target ≤ 0.25: {'met' if max(cover.values()) <= 0.25 * MB else 'MISSED'}")
    mbits, latency = SLOW_4G
    print(f"\nSlow phone ({mbits} Mbit/s, {latency} ms, page CPU {CPU_SLOWDOWN}×), cold, ms: median (min–max)")
    print(f"  essay, a reader who answers at once: Check → feedback  {summary(eager):>18}"
          f"   target ≤ 12000: {'met' if statistics.median(eager) <= 12_000 else 'MISSED'}  ({', '.join(sorted(boots))} boot)")
    print(f"  stock Pyodide, navigation → ready                      {summary(stock_slow):>18}")
    print(f"\nCheck → feedback, ms: {summary(feedback)} over {CHECKS} checks")


if __name__ == "__main__":
    run()
