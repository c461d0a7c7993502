"""Bench section: how soon the quiz engine is ready, against stock Pyodide, and how soon a check gets feedback.

Same run, same host (tools/static_host.py), same browser, service workers blocked so only HTTP caching
counts. "Cold" is a fresh browser context per load (empty cache); "warm" reloads in one context.
- the essay: a quiz page, from navigation start to <html data-quiz-engine="ready"> (catalogue loaded);
- stock: a bare page that starts stock Pyodide 0.29.5 (uncompiled stdlib, no engine) in a module worker,
  from navigation start to the worker's first message after loadPyodide();
- check → feedback: pressing "Check answers" on a ready page until the result is on screen.

Run alone: `.venv/bin/python -m bench.engine_start`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.conftest import ROOT, build_site
from tools.static_host import StaticHost

QUIZ_PAGE = "chapters/the-boss-youve-had/"
STOCK_PAGE = "bench-stock-pyodide/"
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "pyodide-lock.json", "python_stdlib.zip")
LOADS = 5
CHECKS = 10
READY_TIMEOUT_MS = 120_000

# Installed before any page script: when the essay's engine reports ready, in ms since navigation start.
RECORD_ENGINE_READY = """
new MutationObserver((changes, observer) => {
  if (document.documentElement?.dataset.quizEngine === "ready") {
    window.__engineReadyMs = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-quiz-engine"] });
"""

STOCK_HTML = """<!doctype html><meta charset="utf-8"><title>Stock Pyodide</title>
<script type="module">
  const worker = new Worker("worker.js", { type: "module" });
  worker.onmessage = () => { window.__engineReadyMs = performance.now(); };
</script>
"""
STOCK_WORKER = """import { loadPyodide } from "./pyodide.mjs";
await loadPyodide();
postMessage("ready");
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


def add_stock_page(site: Path) -> None:
    stock = site / STOCK_PAGE
    stock.mkdir()
    for name in STOCK_FILES:
        shutil.copyfile(ROOT / "node_modules" / "pyodide" / name, stock / name)
    (stock / "index.html").write_text(STOCK_HTML, encoding="utf-8")
    (stock / "worker.js").write_text(STOCK_WORKER, encoding="utf-8")


def engine_ready_ms(page: Page) -> float:
    """Waits for the engine of the page just loaded; ms from its navigation start (RECORD_ENGINE_READY)."""
    page.wait_for_function("() => window.__engineReadyMs !== undefined", timeout=READY_TIMEOUT_MS)
    return page.evaluate("window.__engineReadyMs")


def ready_ms(browser: Browser, url: str, *, warm: bool) -> float:
    """Median ms from navigation start to engine ready, over LOADS loads."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORD_ENGINE_READY)
    times = []
    page = context.new_page()
    if warm:
        page.goto(url)
        engine_ready_ms(page)
    for _ in range(LOADS):
        if not warm:
            context.close()
            context = browser.new_context(service_workers="block")
            context.add_init_script(RECORD_ENGINE_READY)
            page = context.new_page()
        page.goto(url)
        times.append(engine_ready_ms(page))
    context.close()
    return statistics.median(times)


def check_to_feedback_ms(browser: Browser, url: str) -> float:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('html[data-quiz-engine="ready"]', state="attached", timeout=READY_TIMEOUT_MS)
    times = [page.evaluate(CHECK_TO_FEEDBACK) for _ in range(CHECKS)]
    context.close()
    return statistics.median(times)


def run() -> None:
    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        site = build_site(Path(temporary) / "site")
        add_stock_page(site)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with StaticHost(site) as host:
            essay = {warm: ready_ms(browser, host.url + QUIZ_PAGE, warm=warm) for warm in (False, True)}
            stock = {warm: ready_ms(browser, host.url + STOCK_PAGE, warm=warm) for warm in (False, True)}
            feedback = check_to_feedback_ms(browser, host.url + QUIZ_PAGE)
        browser.close()
    print(f"\nQuiz engine start, ms from navigation start to ready (median of {LOADS} loads)")
    print(f"  {'':44} {'cold':>8} {'warm':>8}")
    print(f"  {'essay (compiled stdlib, quiz_py, catalogue)':44} {essay[False]:8.0f} {essay[True]:8.0f}")
    print(f"  {'stock Pyodide 0.29.5 (interpreter only)':44} {stock[False]:8.0f} {stock[True]:8.0f}")
    print(f"  {'stock / essay':44} {stock[False] / essay[False]:7.2f}x {stock[True] / essay[True]:7.2f}x")
    print(f"\nCheck → feedback, ms (median of {CHECKS} checks): {feedback:.0f}")


if __name__ == "__main__":
    run()
