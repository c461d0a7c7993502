"""The self-assessment in Chromium: the prediction, the result with its chart, and what is missing."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems
from tests.browser.quiz_driver import ASSESSMENT, expected_band, expected_scores, input_id, quiz_form, quiz_path, rate_every_statement
from tools.static_host import StaticHost


def test_prediction_then_result_with_chart_band_ranges_and_links(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, ASSESSMENT.id))
    form = quiz_form(page, ASSESSMENT.id)
    predicted = ASSESSMENT.bands[-1]
    page.check(input_id(ASSESSMENT, "prediction", predicted.id))
    rate_every_statement(page, 5)
    form.locator(".quiz__check").click()

    band = expected_band(5)
    result = form.locator(".quiz__result")
    expect(form.locator(".quiz__status")).to_have_text(f"Your result: {band}.")
    expect(result).to_be_focused()
    expect(result.locator(".quiz__band")).to_have_text(band)
    expect(result.locator(".quiz__prediction-result")).to_contain_text(predicted.title)
    chart = result.locator("figure.quiz__chart svg")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("rect.quiz-chart__bar")).to_have_count(len(ASSESSMENT.dimensions))
    expect(result.locator("figcaption")).to_contain_text(f"Result: {band}.")
    scores = expected_scores(5)
    for dimension in ASSESSMENT.dimensions:
        low, high = ASSESSMENT.score_range(dimension.id)
        expect(result.locator(".quiz__dimensions")).to_contain_text(
            f"{dimension.label}: {scores[dimension.id]} (possible range {low} to {high})"
        )
    expect(result.locator(".quiz__links a").first).to_have_attribute("href", re.compile("^" + re.escape(site_host.url) + "chapters/"))
    assert page_problems.uncaught == []


def test_an_incomplete_assessment_says_what_is_missing(
    page: Page, page_problems: PageProblems, site_host: StaticHost, site_dir: Path,
) -> None:
    page.goto(site_host.url + quiz_path(site_dir, ASSESSMENT.id))
    form = quiz_form(page, ASSESSMENT.id)
    first, *rest = ASSESSMENT.questions
    page.check(input_id(ASSESSMENT, first.id, "3"))
    form.locator(".quiz__check").click()

    expect(form.locator(".quiz__status")).to_contain_text(f"{len(rest)} are still open")
    expect(form.locator('.quiz__question[data-result="missing"]')).to_have_count(len(rest))
    expect(form.locator(".quiz__chart")).to_have_count(0)
    assert page_problems.uncaught == []
