"""The reader's progress across the essay: ✓ in the navigation for each chapter whose checkpoint is done,
a summary above the self-assessment, and "continue where you left off" on the cover, from saved progress
and across instant navigation."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems
from tests.browser.quiz_driver import wait_for_engine
from tests.browser.test_offline import take_quiz_to_its_result
from tools.static_host import StaticHost

CHAPTER_1 = "chapters/the-boss-youve-had/"
CHAPTER_2 = "chapters/two-different-jobs/"


def nav_link(page: Page, site: str, url: str):
    return page.locator(f'.md-sidebar--primary a.md-nav__link[href="{site + url}"]')


def wait_until_saved(page: Page, quiz_id: str) -> None:
    """The engine saves in the background; a full page load before it is done would lose the result."""
    page.wait_for_function(f"() => (localStorage.getItem('quiz-progress') ?? '').includes({quiz_id!r})")


def test_the_navigation_marks_each_chapter_whose_checkpoint_is_done(
    instant_host: StaticHost, page: Page, page_problems: PageProblems,
) -> None:
    site = instant_host.url
    page.goto(site + CHAPTER_1)
    expect(nav_link(page, site, CHAPTER_1)).not_to_contain_text("checkpoint done")

    take_quiz_to_its_result(page, "checkpoint-1")
    expect(nav_link(page, site, CHAPTER_1)).to_contain_text("✓checkpoint done")

    with page.expect_request(site + CHAPTER_2):  # instant navigation
        page.locator(".md-footer__link--next").click()
    expect(nav_link(page, site, CHAPTER_1)).to_contain_text("checkpoint done")
    expect(nav_link(page, site, CHAPTER_2)).not_to_contain_text("checkpoint done")

    wait_until_saved(page, "checkpoint-1")
    page.reload()
    wait_for_engine(page)
    expect(nav_link(page, site, CHAPTER_1)).to_contain_text("checkpoint done")
    # Not by colour alone, and the tick itself is not read out.
    expect(nav_link(page, site, CHAPTER_1).locator(".progress-mark__icon")).to_have_attribute("aria-hidden", "true")
    assert page_problems.uncaught == []


def test_the_self_assessment_says_how_far_the_reader_has_come(instant_host: StaticHost, page: Page) -> None:
    site = instant_host.url
    page.goto(site + "which-are-you/")
    wait_for_engine(page)
    expect(page.locator(".progress-summary")).to_have_text(
        "Your progress: 0 of 3 checkpoints done, sorting exercise not started."
    )
    page.goto(site + CHAPTER_1)
    take_quiz_to_its_result(page, "checkpoint-1")
    wait_until_saved(page, "checkpoint-1")
    page.goto(site + "which-are-you/")
    wait_for_engine(page)
    expect(page.locator(".progress-summary")).to_have_text(
        "Your progress: 1 of 3 checkpoints done, sorting exercise not started."
    )


def test_the_cover_offers_to_continue_only_with_saved_progress(
    instant_host: StaticHost, page: Page, page_problems: PageProblems,
) -> None:
    site = instant_host.url
    page.goto(site)
    wait_for_engine(page)
    expect(page.locator(".progress-continue")).to_have_count(0)

    page.goto(site + CHAPTER_1)
    take_quiz_to_its_result(page, "checkpoint-1")
    wait_until_saved(page, "checkpoint-1")
    page.goto(site)
    wait_for_engine(page)
    continue_link = page.locator(".progress-continue")
    expect(continue_link).to_have_text("Continue where you left off: 2. Two different jobs")
    with page.expect_request(site + CHAPTER_2):  # instant navigation
        continue_link.click()
    expect(page).to_have_url(site + CHAPTER_2)
    assert page_problems.uncaught == []
