"""When the engine cannot start: a plain message in time, the answers kept, the essay readable, a way to retry;
and how it starts when it can: from the snapshot, else normally."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import APIResponse, BrowserContext, Locator, Page, Request, Route, expect

from tests.support.engine_worker import ENGINE_WORKER, serve_with_prelude
from tests.support.held_runtime import WASM_FILES
from quiz_py.model import Quiz
from tests.support.quiz_driver import (
    GRADED_QUIZZES, answer_inputs, open_quiz, passed_line, tick_and_check, wait_for_engine,
)
from tools.static_host import StaticHost

# The page promises its verdict on a broken engine within 15 seconds.
FAILURE_SHOWN_WITHIN_MS = 15_000

type Handler = Callable[[Route], None]
# Where a route applies, as Playwright's context.route takes it.
type UrlPattern = str | re.Pattern[str]


# No service worker: it would answer from its cache, past the blocked requests.
pytestmark = pytest.mark.no_service_worker


def abort(route: Route) -> None:
    route.abort()


def not_found(route: Route) -> None:
    route.fulfill(status=404, body="not found")


def never_answered(route: Route) -> None:
    """Leaves the request pending for good: only the start watchdog can notice."""


def wasm_forbidden(route: Route) -> None:
    # A worker takes its policy from its own response; this one may not compile WebAssembly.
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": "script-src 'self'"})


def as_received(route: Route, response: APIResponse, body: bytes) -> None:
    """Answers with `body` under the host's headers but its encoding's: a fetched body is already decoded."""
    headers = {k: v for k, v in response.headers.items() if k not in ("content-encoding", "content-length")}
    route.fulfill(status=200, headers=headers, body=body)


def damaged(route: Route) -> None:
    response = route.fetch()
    body = bytearray(response.body())
    body[len(body) // 2] ^= 0xFF
    as_received(route, response, bytes(body))


def cut_short(route: Route) -> None:
    """The first half of the file, as a connection that closes early delivers it."""
    response = route.fetch()
    as_received(route, response, response.body()[: len(response.body()) // 2])


# (URL pattern, what the host does with it): each a way the engine's start has failed for readers.
BROKEN_STARTS: dict[str, tuple[UrlPattern, Handler]] = {
    "wasm blocked": (WASM_FILES, abort),
    "stdlib blocked": ("**/*stdlib.zip*", abort),  # the snapshot's (empty) one or the full one
    "engine.json blocked": ("**/engine.json", abort),
    "wasm missing": (WASM_FILES, not_found),
    "wasm damaged": (WASM_FILES, damaged),
    "wasm cut short": (WASM_FILES, cut_short),
    "wasm never arrives": (WASM_FILES, never_answered),
    "brotli decoder missing": ("**/brotli_dec_wasm_bg.wasm", not_found),
    "wasm forbidden by the worker's policy": ("**/engine-worker.js", wasm_forbidden),
}


def start_quiz_and_check(page: Page, site_host: StaticHost, site_dir: Path) -> tuple[Quiz, Locator, list[str]]:
    """Opens the first graded quiz, answers it rightly, presses check; returns (quiz, form, chosen inputs)."""
    quiz = GRADED_QUIZZES[0]
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    chosen = answer_inputs(quiz, right=True)
    tick_and_check(page, form, chosen)
    return quiz, form, chosen


def expect_failure_shown_with_answers_kept(page: Page, form: Locator, chosen: list[str]) -> Locator:
    notice = form.locator(".quiz__engine")
    notice.wait_for(state="visible", timeout=FAILURE_SHOWN_WITHIN_MS)
    expect(notice).to_contain_text("Checking isn’t available")
    assert page.get_attribute("html", "data-quiz-engine") == "failed"
    for selector in chosen:
        expect(page.locator(selector)).to_be_checked()
    expect(page.locator("p.essay").first).to_be_visible()
    return notice


@pytest.mark.parametrize("broken", BROKEN_STARTS.values(), ids=BROKEN_STARTS.keys())
def test_a_broken_start_gives_a_message_and_a_retry_that_works(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
    broken: tuple[UrlPattern, Handler],
) -> None:
    pattern, handler = broken
    context.route(pattern, handler)
    quiz, form, chosen = start_quiz_and_check(page, site_host, site_dir)
    notice = expect_failure_shown_with_answers_kept(page, form, chosen)

    # Once the host serves the file rightly again, one press starts the engine and checks the waiting answers.
    context.unroute(pattern, handler)
    notice.locator("button").click()
    expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz), timeout=30_000)
    expect(notice).to_be_hidden()


# Fetches each URL and reads its body, as the browser's cache stores a response only once it is read whole.
KEEP_RESPONSES = "urls => Promise.all(urls.map((url) => fetch(url).then(async (r) => (await r.arrayBuffer(), r.status))))"


@pytest.mark.page_errors_expected  # the runtime's 404s
def test_a_retry_gets_past_runtime_errors_the_browser_kept(page: Page, site_dir: Path, tmp_path: Path) -> None:
    """The pages deployed before the runtime, on a host that lets the browser keep the runtime's 404s for a
    year (as Netlify and Cloudflare Pages do under a `_headers` rule): once the files are there, one press checks."""
    site = shutil.copytree(site_dir, tmp_path / "site")
    (runtime,) = (site / "assets" / "engine").glob("pyodide-*")
    not_yet_deployed = runtime.rename(tmp_path / runtime.name)
    with StaticHost(site, rules_cover_errors=True) as host:
        quiz, form, chosen = start_quiz_and_check(page, host, site)
        notice = expect_failure_shown_with_answers_kept(page, form, chosen)
        # The browser keeps an error whose body it has read; whether the engine's start read each one before
        # giving up is a race, so read them all once, as a reader's earlier visit may have.
        runtime_url = host.url + runtime.relative_to(site).as_posix() + "/"
        files = [f.name for f in not_yet_deployed.iterdir()]
        statuses = page.evaluate(KEEP_RESPONSES, [runtime_url + name for name in files])
        assert set(statuses) == {404}

        not_yet_deployed.rename(runtime)
        notice.locator("button").click()
        expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz), timeout=30_000)


@pytest.mark.parametrize("missing_feature", ["WebAssembly", "Worker"])
def test_an_old_browser_is_told_plainly(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
    missing_feature: str,
) -> None:
    context.add_init_script(f"delete globalThis.{missing_feature};")
    _, form, chosen = start_quiz_and_check(page, site_host, site_dir)
    notice = expect_failure_shown_with_answers_kept(page, form, chosen)
    expect(notice).to_contain_text("Checking isn’t available in this browser")


def paced_download(file: str, pull: str) -> str:
    """A prelude for the worker, run before its script: the download of the runtime's `file` reaches the worker as
    `pull` lets it through, `pull` being the body of its stream's pull(controller), with `reader` the network's
    reader and `chunks` the number of chunks pulled before."""
    return f"""
const networkFetch = self.fetch.bind(self);
self.fetch = async (resource, options) => {{
  const response = await networkFetch(resource, options);
  if (!String(resource instanceof Request ? resource.url : resource).endsWith("/{file}")) return response;
  const reader = response.body.getReader();
  let chunks = 0;
  const paced = new ReadableStream({{
    async pull(controller) {{
      {pull}
      chunks++;
    }},
  }});
  return new Response(paced, {{ status: response.status, headers: response.headers }});
}};
"""


# The snapshot's download stops after its first part and its connection stays open, as on a network that stalls.
SNAPSHOT_STALLS = paced_download("snapshot.bin.br", """
      if (chunks > 0) return new Promise(() => {});
      controller.enqueue((await reader.read()).value);""")


def snapshot_stalls(route: Route) -> None:
    serve_with_prelude(route, SNAPSHOT_STALLS)


# How the host serves the snapshot → how the engine boots: from it, or normally when it cannot be used.
SNAPSHOT_SERVED: dict[str, tuple[UrlPattern | None, Handler | None, str]] = {
    "as built": (None, None, "snapshot"),
    "damaged": ("**/snapshot.bin.br", damaged, "normal"),
    "cut short": ("**/snapshot.bin.br", cut_short, "normal"),
    "blocked": ("**/snapshot.bin.br", abort, "normal"),
    "missing": ("**/snapshot.bin.br", not_found, "normal"),
    "stalled midway": (ENGINE_WORKER, snapshot_stalls, "normal"),
}


@pytest.mark.parametrize("served", SNAPSHOT_SERVED.values(), ids=SNAPSHOT_SERVED.keys())
def test_the_engine_boots_from_the_snapshot_or_else_normally_and_checks(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
    served: tuple[UrlPattern | None, Handler | None, str],
) -> None:
    pattern, handler, expected_boot = served
    if pattern and handler:
        context.route(pattern, handler)
    quiz, form, _ = start_quiz_and_check(page, site_host, site_dir)
    expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz), timeout=30_000)
    client = site_host.url + "assets/js/engine-client.js"
    assert page.evaluate(f"import({client!r}).then((engine) => engine.engineState().boot)") == expected_boot


def runtime_files_requested(context: BrowserContext) -> list[str]:
    """The names of the runtime files `context` requests from now on, as they are requested."""
    names: list[str] = []

    def note(request: Request) -> None:
        if "/assets/engine/pyodide-" in request.url:
            names.append(request.url.rsplit("/", 1)[-1])

    context.on("request", note)
    return names


def test_a_snapshot_boot_downloads_each_runtime_file_once_and_not_the_stdlib(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    # The worker starts the wasm's download itself, ahead of Pyodide: Pyodide must take that one, not fetch again.
    runtime_files = runtime_files_requested(context)
    open_quiz(page, site_host.url, site_dir, GRADED_QUIZZES[0].id)
    wait_for_engine(page)
    assert sorted(runtime_files) == [
        "brotli_dec_wasm.js", "brotli_dec_wasm_bg.wasm", "engine.json", "pyodide.asm.js", "pyodide.asm.wasm.br", "pyodide.mjs",
        "snapshot.bin.br", "snapshot_stdlib.zip",
    ]


# The wasm's first chunk comes at once, the rest after a pause longer than the worker measures the connection for
# (engine-worker.js, PROBE_MS), as on a connection slow from the start.
WASM_COMES_SLOWLY = paced_download("pyodide.asm.wasm.br", """
      if (chunks === 1) await new Promise((resolve) => setTimeout(resolve, 1500));
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);""")


def test_a_slow_connection_boots_normally_without_downloading_the_snapshot(
    context: BrowserContext, page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    """The stdlib is a megabyte smaller than the snapshot: where that megabyte takes longer to come than the normal
    boot's start-up, the worker takes the stdlib, and the snapshot is never requested before the engine is ready."""
    context.route(ENGINE_WORKER, lambda route: serve_with_prelude(route, WASM_COMES_SLOWLY))
    runtime_files = runtime_files_requested(context)
    quiz, form, _ = start_quiz_and_check(page, site_host, site_dir)
    expect(form.locator(".quiz__score")).to_have_text(passed_line(quiz), timeout=30_000)
    client = site_host.url + "assets/js/engine-client.js"
    assert page.evaluate(f"import({client!r}).then((engine) => engine.engineState().boot)") == "normal"
    assert sorted(runtime_files) == [
        "brotli_dec_wasm.js", "brotli_dec_wasm_bg.wasm", "engine.json", "pyodide.asm.js", "pyodide.asm.wasm.br", "pyodide.mjs",
        "python_stdlib.zip.br",
    ]
