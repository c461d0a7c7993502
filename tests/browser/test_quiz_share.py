"""Share links: a result travels in the URL fragment and is recomputed where it is opened."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from tests.support.page_problems import PageProblems
from tests.support.assessment import CARD_IN_VIEW
from tests.support.quiz_driver import (
    ASSESSMENT, GRADED_QUIZZES, answer_inputs, expected_band, input_id, open_quiz, quiz_form, quiz_path, rate_every_statement, stored_progress, tick_and_check, wait_for_engine, wait_for_forgotten, wait_for_saved,
)
from tools.static_host import StaticHost


def shared_link(form: Locator) -> str:
    form.locator(".quiz__share").click()
    link = form.locator("a.quiz__share-link")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href is not None
    return href


def test_a_shared_sorting_result_opens_recomputed_for_someone_else(
    page: Page, page_problems: PageProblems, browser: Browser, site_host: StaticHost, site_dir: Path,
) -> None:
    quiz = next(q for q in GRADED_QUIZZES if q.kind == "sort")
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    right, wrong = answer_inputs(quiz, right=True), answer_inputs(quiz, right=False)
    chosen = wrong[:1] + right[1:]
    tick_and_check(page, form, chosen)
    expect(form.locator(".quiz__result")).to_be_visible()
    score = form.locator(".quiz__score").inner_text()
    url = shared_link(form)
    assert url.startswith(site_host.url + quiz_path(site_dir, quiz.id) + "#share=")

    # Someone else, with nothing saved: same answers, same score, and a note saying where they came from.
    other = browser.new_context()
    try:
        their_page = other.new_page()
        page_problems.watch(their_page)
        their_page.goto(url)
        their_form = quiz_form(their_page, quiz.id)
        expect(their_form.locator(".quiz__result")).to_be_visible(timeout=30_000)
        expect(their_form.locator(".quiz__score")).to_have_text(score)
        expect(their_form.locator(".quiz__notice")).to_contain_text("A shared result")
        for selector in chosen:
            expect(their_page.locator(selector)).to_be_checked()
        # Someone else's answers: shown, not editable, never saved as the opener's.
        expect(their_page.locator(chosen[0])).to_be_disabled()
        assert stored_progress(their_page) is None
        # "Take it yourself" gives them an empty exercise of their own.
        their_form.locator(".quiz__own").click()
        expect(their_form.locator("input:checked")).to_have_count(0)
        expect(their_form.locator(".quiz__result")).to_have_count(0)
        expect(their_page.locator(chosen[0])).to_be_enabled()
        assert "#share=" not in their_page.url
    finally:
        other.close()


def test_a_shared_self_assessment_shows_the_same_band_and_prediction(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, ASSESSMENT.id))
    form = quiz_form(page, ASSESSMENT.id)
    page.check(input_id(ASSESSMENT, "prediction", ASSESSMENT.bands[0].id))
    rate_every_statement(page, 1)
    form.locator(".quiz__check").click()
    url = shared_link(form)

    form.locator(".quiz__reset").click()
    wait_for_forgotten(page, ASSESSMENT.id)
    saved = stored_progress(page)
    page.goto("about:blank")
    page.goto(url)
    # It opens at the result card, worded for the person opening it.
    card = form.locator(".quiz-reveal")
    expect(form.locator(".quiz__band")).to_have_text(expected_band(1), timeout=30_000)
    page.wait_for_function(CARD_IN_VIEW)
    expect(card.locator(".quiz-reveal__guess")).to_have_text(f"A shared result: they guessed {ASSESSMENT.bands[0].title}.")
    expect(card.locator(".quiz-reveal__title")).to_have_text(f"Their answers say: {expected_band(1)}")
    expect(page.locator(input_id(ASSESSMENT, "prediction", ASSESSMENT.bands[0].id))).to_be_checked()
    assert stored_progress(page) == saved

    # "Take it yourself": an empty form, and the opener's saved progress untouched.
    form.locator(".quiz__own").click()
    expect(form.locator("input:checked")).to_have_count(0)
    expect(form.locator(".quiz-reveal")).to_have_count(0)
    assert stored_progress(page) == saved


def test_a_malformed_share_link_gives_a_notice_and_the_page_still_works(
    page: Page, site_host: StaticHost, site_dir: Path,
) -> None:
    quiz = GRADED_QUIZZES[0]
    page.goto(site_host.url + quiz_path(site_dir, quiz.id) + "#share=" + quiz.id + ".bm90IGpzb24%3Cscript%3E")
    wait_for_engine(page)
    form = quiz_form(page, quiz.id)
    expect(form.locator(".quiz__notice")).to_contain_text("could not be opened")
    expect(form.locator("input:checked")).to_have_count(0)
    expect(page.locator("p.essay").first).to_be_visible()


def test_a_shared_pass_marks_nothing_done_for_the_opener_and_keeps_their_answers(
    page: Page, browser: Browser, site_host: StaticHost, site_dir: Path,
) -> None:
    quiz = GRADED_QUIZZES[0]
    form = open_quiz(page, site_host.url, site_dir, quiz.id)
    tick_and_check(page, form, answer_inputs(quiz, right=True))
    expect(form.locator(".quiz__score")).to_contain_text("Passed.")
    url = shared_link(form)

    # The opener has answered wrongly themselves.
    other = browser.new_context()
    try:
        their_page = other.new_page()
        their_form = open_quiz(their_page, site_host.url, site_dir, quiz.id)
        wrong = answer_inputs(quiz, right=False)
        tick_and_check(their_page, their_form, wrong)
        expect(their_form.locator(".quiz__score")).to_contain_text("0 of")
        wait_for_saved(their_page, quiz.id)
        saved = stored_progress(their_page)

        their_page.goto(url)
        their_page.reload()  # the same address, a whole new page
        expect(their_form.locator(".quiz__score")).to_contain_text("Passed.")
        expect(their_page.locator(".progress-mark")).to_have_count(0)
        assert stored_progress(their_page) == saved

        their_form.locator(".quiz__own").click()
        for selector in wrong:
            expect(their_page.locator(selector)).to_be_checked()
        expect(their_form.locator(".quiz__score")).to_contain_text("0 of")
        assert stored_progress(their_page) == saved
    finally:
        other.close()
