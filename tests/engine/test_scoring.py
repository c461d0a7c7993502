"""Self-assessment scoring: reverse items, band edges. (Grading: test_grading.py.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import ratings_for
from quiz_py.answers import normalize_answers
from quiz_py.assessment import assess, dimension_scores, statement_score
from quiz_py.model import Quiz, ScaleQuestion

Get = Callable[[str], Quiz]


@pytest.mark.parametrize(("reverse", "rating", "score"), [(False, 1, 1), (False, 5, 5), (True, 1, 5), (True, 5, 1), (True, 3, 3)])
def test_reverse_statements_score_the_other_way(reverse: bool, rating: int, score: int) -> None:
    assert statement_score(ScaleQuestion("s", "P", "management", reverse), rating) == score


def test_agreeing_with_everything_cancels_out_on_reverse_items(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    # Four plain and two reverse statements per dimension: 4*5 + 2*1.
    assert dimension_scores(assessment, {q.id: 5 for q in assessment.questions}) == {"management": 22, "leadership": 22}


@pytest.mark.parametrize(
    ("management", "leadership", "band"),
    [
        (6, 6, "still-growing"),
        (21, 21, "still-growing"),
        (22, 21, "manager-first"),
        (30, 6, "manager-first"),
        (21, 22, "leader-first"),
        (6, 30, "leader-first"),
        (22, 22, "strong-in-both"),
        (30, 30, "strong-in-both"),
    ],
)
def test_band_edges(quiz: Get, management: int, leadership: int, band: str) -> None:
    assessment = quiz("which-are-you")
    answers = ratings_for(assessment, {"management": management, "leadership": leadership})
    result = assess(assessment, answers, prediction=band)
    assert [d["score"] for d in result["dimensions"]] == [management, leadership]
    assert result["band"]["id"] == band
    assert result["prediction"]["held"] is True
    assert f"{management} out of a possible 6 to 30" in result["chart"]["text"]


def test_assessment_result_says_where_the_reader_stands(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    result = assess(assessment, ratings_for(assessment, {"management": 26, "leadership": 10}), "strong-in-both")
    assert result["prediction"] == {"band": "strong-in-both", "title": "Strong in both", "held": False}
    assert "few" in result["rarity"] and "strong in both" in result["rarity"]
    assert all(link["url"].startswith("chapters/") for link in result["band"]["links"])


def test_chart_is_labelled_and_has_a_text_alternative(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    chart = assess(assessment, ratings_for(assessment, {"management": 26, "leadership": 10}), None)["chart"]
    svg = chart["svg"]
    assert 'role="img"' in svg and 'aria-labelledby="quiz-which-are-you--chart-title quiz-which-are-you--chart-desc"' in svg
    assert f"<desc id=\"quiz-which-are-you--chart-desc\">{chart['text']}</desc>" in svg
    assert "style=" not in svg  # a strict CSP blocks inline styles
