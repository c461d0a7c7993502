"""Reading details in the browser: a passage link's paragraph is highlighted and clear of the header and the
"Back to top" pill; the phone's menu opens at the top level; a corrupt or blocked saved colour scheme breaks
nothing; chapter titles are as strong as the quiz headings under them; a click draws no focus ring where a key
press does; no page says "engine" to a reader, whatever state its quiz is in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, ViewportSize, expect

from tests.support.held_runtime import WASM_FILES
from tests.support.quiz_driver import (
    ASSESSMENT, GRADED_QUIZZES, answer_inputs, open_quiz, quiz_form, rate_every_statement, tick_and_check, wait_for_engine,
)
from tests.support.site import DESKTOP, PHONE, ColorScheme, nav_pages
from tools.static_host import StaticHost

CHAPTER = "chapters/the-boss-youve-had/"
CHECKPOINT = next(quiz for quiz in GRADED_QUIZZES if quiz.id == "checkpoint-1")  # the chapter's own
PASSAGE, PASSAGE_QUESTION = "not-the-same-thing", "q2"  # the passage a question of it links to
TRANSPARENT = "rgba(0, 0, 0, 0)"

# Where things are on screen, in CSS pixels from the top of the viewport.
BOTTOM_OF = "selector => document.querySelector(selector).getBoundingClientRect().bottom"
TOP_OF = "selector => document.querySelector(selector).getBoundingClientRect().top"


def wait_until_in_reach(page: Page, selector: str) -> None:
    """Until a tap at the element's centre reaches it, not something drawn over it (the drawer slides in)."""
    page.wait_for_function("""selector => {
      const element = document.querySelector(selector), box = element.getBoundingClientRect();
      return box.left >= 0 && element.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
    }""", arg=selector, timeout=5_000)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_passage_link_highlights_its_paragraph_clear_of_header_and_pill(
    browser: Browser, site_host: StaticHost, site_dir: Path, viewport: ViewportSize,
) -> None:
    page = browser.new_page(viewport=viewport)
    # The chapter's checkpoint, answered right, shows its "Read the passage in the essay" links.
    form = open_quiz(page, site_host.url, site_dir, CHECKPOINT.id)
    tick_and_check(page, form, answer_inputs(CHECKPOINT, right=True))
    # From the quiz at the end of the page, scrolling up a little brings out the "Back to top" pill.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    page.mouse.wheel(0, -200)
    page.locator(".md-top:not([hidden])").wait_for()
    pill_bottom = page.evaluate(BOTTOM_OF, ".md-top")
    # Material keeps the scroll offset in the history entry 100 ms after scrolling stops; a tap inside that
    # time gives the link's new entry that offset, and Material then restores it instead of going to the passage.
    page.wait_for_function("() => history.state !== null && Math.abs(history.state.y - scrollY) < 1")
    passage_link = form.locator(f'.quiz__question[data-question="{PASSAGE_QUESTION}"] a.quiz__passage')
    expect(passage_link).to_have_attribute("href", re.compile(f"#{PASSAGE}$"))
    passage_link.click()
    # Material takes the tap (instant navigation) and marks the paragraph as the target once the page is in
    # place; then its look, read in the same frame.
    page.wait_for_function(
        "id => { const p = document.getElementById(id); return p.matches(':target') && p.getBoundingClientRect().top < innerHeight / 2 }",
        arg=PASSAGE,
    )
    look = page.evaluate("""id => {
      const p = document.getElementById(id), style = getComputedStyle(p);
      return { targeted: p.matches(':target'), hash: location.hash, background: style.backgroundColor, border: style.borderLeftStyle };
    }""", PASSAGE)
    assert look["targeted"], f"still the target ({look['hash']})"
    assert look["background"] != TRANSPARENT
    assert look["border"] == "solid"
    top = page.evaluate(TOP_OF, f"#{PASSAGE}")
    assert top >= page.evaluate(BOTTOM_OF, ".md-header"), "under the sticky header"
    assert top >= pill_bottom, "under the Back to top pill"
    assert top < viewport["height"] / 2, "scrolled to"
    page.close()


def test_passage_paragraphs_are_plain_until_targeted(browser: Browser, site_host: StaticHost) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_host.url + CHAPTER)
    assert page.locator(f"#{PASSAGE}").evaluate("p => getComputedStyle(p).backgroundColor") == TRANSPARENT
    page.close()


def test_phone_menu_opens_at_the_top_level(browser: Browser, site_host: StaticHost) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(site_host.url + CHAPTER)  # a page inside the "Chapters" section
    page.locator('label.md-header__button[for="__drawer"]').click()
    wait_until_in_reach(page, '.md-nav--primary a.md-nav__link[href$="/about/"]')  # the other pages
    # The section still opens on a tap, and its pages are then in reach.
    page.locator(".md-nav--primary > .md-nav__list > .md-nav__item--section > label.md-nav__link").click()
    wait_until_in_reach(page, f'.md-nav--primary a.md-nav__link[href$="/{CHAPTER}"]')
    page.close()


BLOCKED_STORAGE = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


def saved_palette(value: str) -> str:
    """A script that leaves `value` as the saved colour scheme, under Material's key for a site at the root."""
    return f"localStorage.setItem('/.__palette', {value!r});"


@pytest.mark.parametrize("storage_script", [
    saved_palette("garbage{"),
    saved_palette('{"index":"x"}'),
    saved_palette('{"index":7}'),
    saved_palette("5"),
    BLOCKED_STORAGE,
], ids=["not-json", "index-not-a-number", "index-out-of-range", "not-an-object", "storage-blocked"])
def test_a_corrupt_or_blocked_saved_scheme_breaks_nothing(
    context: BrowserContext, page: Page, site_host: StaticHost, storage_script: str,
) -> None:
    context.add_init_script(storage_script)
    page.goto(site_host.url + "about/")
    checked = page.locator('[data-md-component="palette"] .md-option:checked')
    assert checked.count() == 1, "the scheme in use is the one the group says is on"
    # The toggle still switches the scheme.
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator('[data-md-component="palette"] label:not([hidden])').click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=scheme)


# Each chapter's title and its quiz's heading, as drawn: weight, size, and the colour's contrast with the page
# (an rgba colour is first laid over the page's background, as the screen shows it).
TITLE_LOOKS = """() => {
  const channels = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const lin = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const background = channels(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  const look = (element) => {
    const style = getComputedStyle(element);
    const [r, g, b, a = 1] = channels(style.color);
    const shown = [r, g, b].map((c, i) => a * c + (1 - a) * background[i]);
    const [light, dark] = [luminance(shown), luminance(background)].sort((x, y) => y - x);
    return { weight: Number(style.fontWeight), size: parseFloat(style.fontSize), contrast: (light + 0.05) / (dark + 0.05) };
  };
  return { title: look(document.querySelector("article h1")), quiz: look(document.querySelector(".quiz__title")) };
}"""
CHAPTERS = [url for url in nav_pages() if url.startswith("chapters/")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chapter_titles_are_strong_and_not_weaker_or_greyer_than_the_quiz_heading(
    page: Page, site_host: StaticHost, scheme: ColorScheme,
) -> None:
    page.emulate_media(color_scheme=scheme)
    assert len(CHAPTERS) == 3
    for chapter in CHAPTERS:
        page.goto(site_host.url + chapter)
        looks = page.evaluate(TITLE_LOOKS)
        title, quiz = looks["title"], looks["quiz"]
        assert title["weight"] >= 700, (chapter, looks)
        assert title["weight"] >= quiz["weight"] and title["size"] > quiz["size"], (chapter, looks)
        assert title["contrast"] >= quiz["contrast"], (chapter, looks)


OUTLINE = "element => { const s = getComputedStyle(element); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"


def test_a_click_on_the_result_box_draws_no_focus_ring_but_the_keyboard_does(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    quiz = GRADED_QUIZZES[0]
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    wait_for_engine(page)
    tick_and_check(page, form, answer_inputs(quiz, right=False))
    result = form.locator(".quiz__result")
    expect(result).to_be_focused()  # the script moved focus there after the click on "Check"
    assert result.get_attribute("tabindex") == "-1"
    page.locator("article h1").click()  # elsewhere first, so the next click is what focuses the box
    expect(result).not_to_be_focused()
    result.click(position={"x": 4, "y": 4})  # its padding: no control there
    expect(result).to_be_focused()
    style, width = result.evaluate(OUTLINE)
    assert style == "none" or width == 0, (style, width)
    page.keyboard.press("Tab")  # from the box to the next control, by keyboard
    control = page.locator(":focus")
    assert control.evaluate("e => e.matches('a, button, input, select, textarea')"), control.evaluate("e => e.outerHTML")
    style, width = control.evaluate(OUTLINE)
    assert style != "none" and width > 0, (style, width)


ENGINE = re.compile(r"engine", re.IGNORECASE)
# What a reader sees or hears: the rendered text (screen-reader-only text included), the tab's title, and the
# names, hints and alternatives carried by attributes of elements that are shown.
READER_TEXT = """() => {
  const shown = [...document.querySelectorAll("body *")].filter((e) => e.getClientRects().length);
  const attributes = shown.flatMap((e) => ["aria-label", "title", "alt", "placeholder", "aria-description"]
    .map((name) => e.getAttribute(name)).filter(Boolean));
  return [document.title, document.body.innerText, ...attributes].join("\\n");
}"""


def says_engine(page: Page) -> list[str]:
    """Each line a reader can see or hear on the page that says "engine"."""
    return [line for line in page.evaluate(READER_TEXT).splitlines() if ENGINE.search(line)]


def answer_and_check(page: Page, form: Locator, quiz_id: str) -> None:
    """Wrong answers for a graded quiz (feedback, marks), middling ratings for the self-assessment."""
    if quiz_id == ASSESSMENT.id:
        rate_every_statement(page, 3)
        form.locator(".quiz__check").click()
    else:
        tick_and_check(page, form, answer_inputs(next(q for q in GRADED_QUIZZES if q.id == quiz_id), right=False))


def test_no_page_says_engine_to_a_reader_before_or_after_checking(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    pages = [*nav_pages(), "404.html"]
    said: dict[str, list[str]] = {}
    for url in pages:
        page.goto(site_host.url + url)
        forms = page.locator("form.quiz")
        if forms.count():
            wait_for_engine(page)
        said |= {url: lines} if (lines := says_engine(page)) else {}
        for quiz_id in forms.evaluate_all("forms => forms.map((f) => f.dataset.quiz)"):
            form = quiz_form(page, quiz_id)
            answer_and_check(page, form, quiz_id)
            expect(form.locator(".quiz__result")).to_be_visible()
            if form.locator(".quiz__reveal").is_visible():
                form.locator(".quiz__reveal").click()  # "Show the answers": explanations and passage links
                expect(form).to_have_attribute("data-all-revealed", "")
            said |= {f"{url} after checking {quiz_id}": lines} if (lines := says_engine(page)) else {}
    assert len(pages) > 6 and said == {}


def never_answered(route: Route) -> None:
    """Leaves the request pending: the quiz stays loading until the start watchdog gives up."""


@pytest.fixture
def blocked_workers_context(browser: Browser) -> Iterator[BrowserContext]:
    # No service worker: it would answer from its cache, past the held or refused runtime.
    context = browser.new_context(service_workers="block")
    yield context
    context.close()


@pytest.mark.parametrize("state", ["loading", "failed"])
def test_no_quiz_says_engine_while_the_checker_loads_or_after_it_failed(
    blocked_workers_context: BrowserContext, site_host: StaticHost, site_dir: Path, state: str,
) -> None:
    context = blocked_workers_context
    context.route(WASM_FILES, never_answered if state == "loading" else lambda route: route.abort())
    page = context.new_page()
    said: dict[str, list[str]] = {}
    for quiz_id in [q.id for q in GRADED_QUIZZES] + [ASSESSMENT.id]:
        form = open_quiz(page, site_host.url, site_dir, quiz_id)
        answer_and_check(page, form, quiz_id)
        if state == "loading":
            expect(form.locator(".quiz__status")).to_contain_text("Preparing the checker")
            assert page.get_attribute("html", "data-quiz-engine") == "loading"
        else:
            expect(form.locator(".quiz__engine")).to_be_visible()
            assert page.get_attribute("html", "data-quiz-engine") == "failed"
        said |= {quiz_id: lines} if (lines := says_engine(page)) else {}
    assert said == {}


# A word longer than any screen, put after every text of a quiz form as it stands once checked: the prompts,
# options, items, statements, feedback, explanations and the self-assessment's result, whatever the engine wrote
# (not buttons, the chart or the marks' icons: the site's own words and symbols, never a quiz's).
LONG_WORD = "w" * 300
APPEND_TO_EVERY_TEXT = """(form, word) => {
  for (const element of form.querySelectorAll(":not(button, svg *, [aria-hidden])")) {
    if (!element.children.length && element.textContent.trim()) element.append(" " + word);
  }
}"""


@pytest.mark.parametrize("quiz_id", [CHECKPOINT.id, "manager-or-leader", ASSESSMENT.id])
def test_a_long_unbroken_word_in_a_quiz_wraps_on_a_phone(
    browser: Browser, site_host: StaticHost, site_dir: Path, quiz_id: str,
) -> None:
    page = browser.new_page(viewport=PHONE)
    form = open_quiz(page, site_host.url, site_dir, quiz_id)
    wait_for_engine(page)
    answer_and_check(page, form, quiz_id)
    expect(form.locator(".quiz__result")).to_be_visible()
    form.evaluate(APPEND_TO_EVERY_TEXT, LONG_WORD)
    assert form.evaluate("(form, word) => form.textContent.split(word).length - 1", LONG_WORD) > 10
    assert page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]") == [PHONE["width"]] * 2
    page.close()
