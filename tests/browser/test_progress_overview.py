"""The reader's progress across the essay: ✓ in the navigation for each chapter whose checkpoint is passed,
and the cover's one call to action, "Start reading" or "Continue: <page>", from saved progress, across
instant navigation, without starting the engine on pages that have no quiz."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.support.quiz_driver import STORAGE_KEY, wait_for_engine
from tests.support.reader import take_quiz_to_its_result
from tools.static_host import StaticHost

CHAPTER_1 = "chapters/the-boss-youve-had/"
CHAPTER_2 = "chapters/two-different-jobs/"


def nav_link(page: Page, site: str, url: str) -> Locator:
    return page.locator(f'.md-sidebar--primary a.md-nav__link[href="{site + url}"]')


def wait_until_saved(page: Page, quiz_id: str) -> None:
    """The engine saves in the background; a full page load before it is done would lose the result."""
    page.wait_for_function(f"() => (localStorage.getItem('{STORAGE_KEY}') ?? '').includes({quiz_id!r})")


def test_the_navigation_marks_each_chapter_whose_checkpoint_is_done(
    instant_host: StaticHost, page: Page,
) -> None:
    site = instant_host.url
    page.goto(site + CHAPTER_1)
    expect(nav_link(page, site, CHAPTER_1)).not_to_contain_text("checkpoint passed")

    take_quiz_to_its_result(page, "checkpoint-1")
    expect(nav_link(page, site, CHAPTER_1)).to_contain_text("✓checkpoint passed")

    with page.expect_request(site + CHAPTER_2):  # instant navigation
        page.locator(".md-footer__link--next").click()
    expect(nav_link(page, site, CHAPTER_1)).to_contain_text("checkpoint passed")
    expect(nav_link(page, site, CHAPTER_2)).not_to_contain_text("checkpoint passed")

    wait_until_saved(page, "checkpoint-1")
    page.reload()
    wait_for_engine(page)
    expect(nav_link(page, site, CHAPTER_1)).to_contain_text("checkpoint passed")
    # Not by colour alone, and the tick itself is not read out.
    expect(nav_link(page, site, CHAPTER_1).locator(".progress-mark__icon")).to_have_attribute("aria-hidden", "true")


def test_the_cover_offers_to_continue_only_with_saved_progress(
    instant_host: StaticHost, page: Page,
) -> None:
    site = instant_host.url
    page.goto(site)
    start = page.locator("a.cover-continue")
    expect(start).to_have_text("Start reading")
    expect(start).to_have_attribute("href", site + CHAPTER_1)  # made absolute by instant navigation

    page.goto(site + CHAPTER_1)
    take_quiz_to_its_result(page, "checkpoint-1")
    wait_until_saved(page, "checkpoint-1")
    page.goto(site)
    expect(start).to_have_text("Continue: 2. Two different jobs")
    expect(page.locator("article .md-button--primary")).to_have_count(1)  # one call to action
    # The cover has no quiz: what it shows comes from what the engine saved, without starting it.
    assert not [w for w in page.workers if w.url.endswith("/engine-worker.js")]
    assert page.get_attribute("html", "data-quiz-engine") is None
    with page.expect_request(site + CHAPTER_2):  # instant navigation
        start.click()
    expect(page).to_have_url(site + CHAPTER_2)
