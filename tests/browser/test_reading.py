"""Reading details in the browser: a passage link's paragraph is highlighted and clear of the header and the
"Back to top" pill; the phone's menu opens at the top level; a corrupt or blocked saved colour scheme breaks
nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.support.page_problems import PageProblems
from tools.static_host import StaticHost

CHAPTER = "chapters/the-boss-youve-had/"
PASSAGE = "whats-missing"  # the chapter's second paragraph: the first is never scrolled to
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
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
    browser: Browser, site_host: StaticHost, viewport: dict[str, int],
) -> None:
    page = browser.new_page(viewport=viewport)
    page.goto(site_host.url + CHAPTER)
    # From the quiz at the end of the page, scrolling up a little brings out the "Back to top" pill.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
    page.mouse.wheel(0, -200)
    page.locator(".md-top:not([hidden])").wait_for()
    pill_bottom = page.evaluate(BOTTOM_OF, ".md-top")
    page.evaluate(f"location.hash = '#{PASSAGE}'")  # where a passage link ("Read the passage") goes
    # Targeted and scrolled to (a busy page may take a few frames); then its look, read in the same frame.
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
    context: BrowserContext, page: Page, page_problems: PageProblems, site_host: StaticHost, storage_script: str,
) -> None:
    context.add_init_script(storage_script)
    page.goto(site_host.url + "about/")
    checked = page.locator('[data-md-component="palette"] .md-option:checked')
    assert checked.count() == 1, "the scheme in use is the one the group says is on"
    assert page_problems.uncaught == []
    # The toggle still switches the scheme.
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator('[data-md-component="palette"] label:not([hidden])').click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=scheme)
    assert page_problems.uncaught == []
