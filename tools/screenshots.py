"""Screenshots of every page for review: `make screenshots`.

Each page of the built site (the nav's pages and the 404 page) at 1280×800 and 390×844, in the light and the
dark scheme, the whole page each time; each page with quizzes again after answering and checking them. The site
is built first if there is no build. Chromium is launched as the browser tests launch it.

Run it by hand: `python -m tools.screenshots --site /tmp/site --out screenshots`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.site import DESKTOP, PHONE, ColorScheme, nav_pages
from tools.chromium import CHROMIUM_ARGS, chromium_path
from tools.static_host import StaticHost

ROOT = Path(__file__).resolve().parent.parent
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES: tuple[ColorScheme, ...] = ("light", "dark")
NOT_FOUND = "no-such-page/"  # the host answers it with the site's 404 page
# Starting the checker downloads and starts Python: allow a busy machine its time.
CHECKER_TIMEOUT_MS = 60_000

# The first input of each group in each quiz on the page: one answer everywhere, right or wrong.
FIRST_INPUT_OF_EACH_GROUP = """
() => [...document.querySelectorAll("form.quiz")].flatMap((form) => {
  const firsts = new Map();
  for (const input of form.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    if (!firsts.has(input.name)) firsts.set(input.name, input.id);
  }
  return [...firsts.values()];
})
"""


def ensure_build(site: Path) -> None:
    if (site / "index.html").is_file():
        return
    print(f"no build in {site}: building it", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True,
    )


def screenshot_name(url: str, viewport: str, scheme: str, suffix: str = "") -> str:
    page = url.strip("/").replace("/", "-") or "cover"
    return f"{page}-{viewport}-{scheme}{suffix}.png"


def check_every_quiz(page: Page) -> bool:
    """Answers and checks each quiz on the page, as a reader does; False when the page has none."""
    forms = page.locator("form.quiz")
    if not forms.count():
        return False
    for input_id in page.evaluate(FIRST_INPUT_OF_EACH_GROUP):
        page.locator(f'label[for="{input_id}"]').click()  # the label is what a reader taps (sorting draws only it)
    page.locator('html[data-quiz-engine="ready"]').wait_for(state="attached", timeout=CHECKER_TIMEOUT_MS)
    for index in range(forms.count()):
        form = forms.nth(index)
        form.locator(".quiz__check").click()
        page.wait_for_function("form => 'checked' in form.dataset", arg=form.element_handle(), timeout=CHECKER_TIMEOUT_MS)
    return True


def screenshot(page: Page, path: Path) -> None:
    """The whole page from its top: the sticky header and sidebar are drawn where the page is scrolled to."""
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True)


def take(browser: Browser, base_url: str, out: Path) -> list[Path]:
    """Each page, in each viewport and scheme, in a fresh context (no saved progress): as first seen, then
    after its quizzes are checked."""
    written = []
    for url in [*nav_pages(), NOT_FOUND]:
        for viewport, size in VIEWPORTS.items():
            for scheme in SCHEMES:
                context = browser.new_context(viewport=size, color_scheme=scheme)
                page = context.new_page()
                page.goto(base_url + url, wait_until="networkidle")
                written.append(out / screenshot_name(url, viewport, scheme))
                screenshot(page, written[-1])
                if check_every_quiz(page):
                    written.append(out / screenshot_name(url, viewport, scheme, "-checked"))
                    screenshot(page, written[-1])
                context.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (built if missing)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="where the PNG files go")
    args = parser.parse_args(argv)
    ensure_build(args.site)
    args.out.mkdir(parents=True, exist_ok=True)
    with StaticHost(args.site) as host, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        written = take(browser, host.url, args.out)
        browser.close()
    print(f"{len(written)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
