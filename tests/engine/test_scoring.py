"""Grading per question kind, and self-assessment scoring: reverse items, band edges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import ratings_for
from quiz_py.answers import normalize_answers
from quiz_py.assessment import assess, dimension_scores, statement_score
from quiz_py.grading import grade
from quiz_py.model import Quiz, ScaleQuestion

Get = Callable[[str], Quiz]


@pytest.mark.parametrize(
    ("quiz_id", "answers", "score", "total", "correct"),
    [
        ("checkpoint-1", {"q1": "b", "q2": "false"}, 2, 2, [True, True]),
        ("checkpoint-1", {"q1": "a", "q2": "true"}, 0, 2, [False, False]),
        ("checkpoint-1", {"q2": "false"}, 1, 2, [False, True]),
        ("checkpoint-2", {"q1": ["time-cards", "goals", "budget"]}, 1, 2, [True, False]),  # order does not matter
        ("checkpoint-2", {"q1": ["goals", "goals", "budget", "time-cards"]}, 1, 2, [True, False]),  # repeats collapse
        ("checkpoint-2", {"q1": ["goals"], "q2": "buy-in"}, 1, 2, [False, True]),
        ("checkpoint-3", {"q1": "managing", "q2": ["connecting", "motivation", "point-a-to-b"], "q3": "false"}, 3, 3,
         [True, True, True]),
        ("manager-or-leader", {"q1": {"metrics": "manager", "connecting": "leader", "vision": "manager"}}, 2, 12, [False]),
    ],
)
def test_grading(quiz: Get, quiz_id: str, answers: dict[str, Any], score: int, total: int, correct: list[bool]) -> None:
    result = grade(quiz(quiz_id), normalize_answers(quiz(quiz_id), answers))
    assert (result["score"], result["total"]) == (score, total)
    assert [q["correct"] for q in result["questions"]] == correct


def test_sort_items_report_reason_and_link(quiz: Get) -> None:
    sort = quiz("manager-or-leader")
    result = grade(sort, normalize_answers(sort, {"q1": {"budget": "leader"}}))
    budget = next(i for i in result["questions"][0]["items"] if i["id"] == "budget")
    assert budget == {
        "id": "budget", "correct": False, "chosen": "leader", "expected": "manager",
        "reason": "Managers hit goals and stay within budget.",
        "link": "chapters/two-different-jobs/#managers-focus-on-metrics",
    }


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
