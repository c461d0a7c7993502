"""WCAG 2.2 AA in Chromium, on every page, in the light and the dark palette, before and after its quizzes are
taken: axe-core finds nothing, and the keyboard alone shows where it is, never under the header, on targets
of at least 24 by 24 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.page_problems import PageProblems
from tests.support.quiz_driver import wait_for_engine
from tests.support.reader import PAGES, quizzes_on, take_every_quiz
from tests.support.site import ROOT, ColorScheme
from tools.static_host import StaticHost

# Injected as an init script: it runs before the page's own scripts and outside its Content-Security-Policy,
# which stays in force while axe looks at the page.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting -> Material's palette scheme
MIN_TARGET_PX = 24
MAX_TAB_STOPS = 300  # more than any page has; a bound in case focus never cycles


@pytest.fixture(params=list(SCHEMES))
def scheme(request: pytest.FixtureRequest) -> ColorScheme:
    scheme: ColorScheme = request.param
    return scheme


@pytest.fixture
def axe_page(browser: Browser, scheme: ColorScheme, page_problems: PageProblems) -> Iterator[Page]:
    """A page in a browser whose system asks for `scheme`, with axe-core loaded in every document."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci`", pytrace=False)
    # Reduced motion: Material then drops its colour transitions, so axe measures settled colours, not a button
    # caught halfway into its hover colours after a click.
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    context.add_init_script(path=AXE)
    page = context.new_page()
    page_problems.watch(page)
    yield page
    context.close()


def axe_violations(page: Page) -> list[str]:
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    return [
        f"{violation['id']} ({violation['help']}): {node['target']} {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    if quizzes_on(page):
        wait_for_engine(page)  # the quiz forms as the reader finds them: enhanced, engine ready


@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_wcag_violations_before_and_after_the_quizzes(
    axe_page: Page, site_host: StaticHost, scheme: ColorScheme, url: str,
) -> None:
    open_page(axe_page, site_host.url + url)
    expect(axe_page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    assert axe_violations(axe_page) == []
    if quizzes_on(axe_page):
        take_every_quiz(axe_page)
        assert axe_violations(axe_page) == []


# Where keyboard focus is, seen as a reader sees it. The element that shows focus is the focused one or, for
# a visually hidden input, a label for it or the label right after it (the `input:focus-visible + label`
# pattern; Material's palette radios are labelled that way). It must carry a ring (outline or box shadow), not be
# covered by anything opaque at its centre (the header, say; a see-through overlay hides nothing), and be at
# least 24 by 24 px unless it is a link in running text. It is measured once what the key press set moving has come
# to rest: leaving the search field (Shift+Tab to the palette toggle) narrows it and slides the toggle back in, both
# CSS transitions, and halfway through the toggle is still under the field.
FOCUS_STOP = """async () => {
  const ending = document.getAnimations().filter((animation) => Number.isFinite(animation.effect?.getComputedTiming().endTime));
  await Promise.all(ending.map((animation) => animation.finished.catch(() => {})));  // a cancelled one has stopped too
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  const shown = (node) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(node).opacity !== "0";
  };
  const nextLabel = focused.nextElementSibling?.tagName === "LABEL" ? [focused.nextElementSibling] : [];
  const indicator = shown(focused) ? focused : [...(focused.labels ?? []), ...nextLabel].find(shown) ?? focused;
  const style = getComputedStyle(indicator);
  const box = indicator.getBoundingClientRect();
  const atCentre = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const own = atCentre.findIndex((node) => indicator.contains(node) || focused.contains(node));
  const opaque = (node) => {
    const nodeStyle = getComputedStyle(node);
    const alpha = nodeStyle.backgroundColor.match(/^rgba\\(.*,\\s*([\\d.]+)\\)$/)?.[1] ?? "1";
    return nodeStyle.opacity === "1" && nodeStyle.backgroundColor !== "rgba(0, 0, 0, 0)" && parseFloat(alpha) === 1;
  };
  const cover = own < 0 ? atCentre[0] : atCentre.slice(0, own).find(opaque);
  const coveredBy = cover ? `<${cover.tagName.toLowerCase()} class="${cover.className}">` : null;
  const name = (focused.getAttribute("aria-label") || focused.textContent || focused.id || "").trim().slice(0, 40);
  return {
    key: focused.tagName + "#" + focused.id + "." + focused.className + ":" + name,
    element: `<${focused.tagName.toLowerCase()}> "${name}"`,
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
    coveredBy: own < 0 && !cover ? "the edge of the window" : coveredBy,
    inline: style.display === "inline",
    width: Math.round(box.width),
    height: Math.round(box.height),
  };
}"""


def focus_problems(page: Page, key: str) -> list[str]:
    """Press `key` (Tab or Shift+Tab) through every focus stop of the page; what is wrong at each."""
    problems: list[str] = []
    seen: set[str] = set()
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        stop = page.evaluate(FOCUS_STOP)
        if stop is None or stop["key"] in seen:
            if seen:
                break
            continue
        seen.add(stop["key"])
        where = f"{key} to {stop['element']}"
        if not stop["ring"]:
            problems.append(f"{where}: no visible focus ring")
        if stop["coveredBy"]:
            problems.append(f"{where}: covered by {stop['coveredBy']}")
        if not stop["inline"] and min(stop["width"], stop["height"]) < MIN_TARGET_PX:
            problems.append(f"{where}: target {stop['width']}x{stop['height']} px")
    assert seen, "no focus stops found"
    return problems


@pytest.mark.parametrize("url", PAGES)
def test_keyboard_focus_is_visible_unobscured_and_on_large_enough_targets(
    page: Page, site_host: StaticHost, url: str,
) -> None:
    open_page(page, site_host.url + url)
    # Forwards from the top, then backwards from the bottom: scrolling up is where a fixed header hides things.
    problems = focus_problems(page, "Tab") + focus_problems(page, "Shift+Tab")
    if quizzes_on(page):
        take_every_quiz(page)  # which leaves focus on the last quiz's result: on from there, then back
        problems += focus_problems(page, "Tab") + focus_problems(page, "Shift+Tab")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("url", PAGES)
def test_reduced_motion_stops_animation_and_smooth_scrolling(browser: Browser, site_host: StaticHost, url: str) -> None:
    """Material drops its own motion for readers who ask for less; this fails if our styles add any back
    (checked by adding `html { scroll-behavior: smooth }` to essay.css)."""
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_host.url + url)
    moving = page.evaluate("""() => [document.documentElement, ...document.querySelectorAll("*")]
        .map(node => getComputedStyle(node))
        .filter(style => style.scrollBehavior === "smooth"
            || style.animationName !== "none" && style.animationDuration !== "0s"
            || style.transitionDuration.split(",").some(duration => parseFloat(duration) > 0))
        .length""")
    context.close()
    assert moving == 0


def test_palette_toggle_is_a_named_choice_of_colour_scheme(page: Page, site_host: StaticHost) -> None:
    """Material names each palette radio after the other scheme's toggle: "Switch to dark mode", checked."""
    page.goto(site_host.url)
    group = page.get_by_role("radiogroup", name="Colour scheme")
    expect(group.get_by_role("radio", name="Light")).to_be_checked()
    group.get_by_role("radio", name="Light").focus()
    page.keyboard.press("ArrowRight")
    expect(group.get_by_role("radio", name="Dark")).to_be_checked()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
