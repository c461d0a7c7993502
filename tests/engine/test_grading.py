"""Grading checkpoints and the sorting exercise: scores per question kind, whole quizzes.
The reveal rules (what a first, second or "show the answers" attempt may see) are in the
shared request table, tests/engine/api_cases/grade.json, so they run in Pyodide too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from quiz_py.answers import normalize_answers
from quiz_py.grading import grade, passed
from quiz_py.model import Quiz

Get = Callable[[str], Quiz]

ALL_SORTED = {
    "metrics": "manager", "vision": "leader", "budget": "manager", "buy-in": "leader", "time-cards": "manager",
    "big-picture": "leader", "cutting-costs": "manager", "motivation": "leader", "efficiency": "manager",
    "value-of-success": "leader", "established-goals": "manager", "connecting": "leader",
}


@pytest.mark.parametrize(
    ("quiz_id", "answers", "score", "total", "correct"),
    [
        ("checkpoint-1", {"q1": "b", "q2": "false"}, 2, 2, [True, True]),
        ("checkpoint-1", {"q1": "a", "q2": "true"}, 0, 2, [False, False]),
        ("checkpoint-2", {"q1": ["time-cards", "goals", "budget"], "q2": "buy-in"}, 4, 4, [True, True]),  # order does not matter
        ("checkpoint-2", {"q1": ["goals", "goals", "budget", "time-cards"], "q2": "buy-in"}, 4, 4, [True, True]),  # repeats collapse
        ("checkpoint-2", {"q1": ["goals"], "q2": "buy-in"}, 2, 4, [False, True]),  # 1 of 3, plus q2
        ("checkpoint-2", {"q1": ["big-picture"], "q2": "cut-expenses"}, 0, 4, [False, False]),  # 0 - 1 is 0
        ("checkpoint-3", {"q1": "managing", "q2": ["connecting", "motivation", "point-a-to-b"], "q3": "false"}, 5, 5,
         [True, True, True]),
        ("manager-or-leader", {"q1": {**ALL_SORTED, "metrics": "leader", "vision": "manager"}}, 10, 12, [False]),
    ],
)
def test_scores(quiz: Get, quiz_id: str, answers: dict[str, Any], score: int, total: int, correct: list[bool]) -> None:
    result = grade(quiz(quiz_id), normalize_answers(quiz(quiz_id), answers))
    assert result["complete"]
    assert (result["score"], result["total"], result["passed"]) == (score, total, score == total)
    assert [q["correct"] for q in result["questions"]] == correct


@pytest.mark.parametrize(
    ("quiz_id", "answers", "expected"),
    [
        ("checkpoint-1", {"q1": "b", "q2": "false"}, True),
        ("checkpoint-1", {"q1": "b", "q2": "true"}, False),
        ("checkpoint-1", {"q1": "b"}, False),  # not complete
        ("manager-or-leader", {"q1": ALL_SORTED}, True),
        ("manager-or-leader", {"q1": {"metrics": "manager"}}, False),
    ],
)
def test_passed_means_every_mark(quiz: Get, quiz_id: str, answers: dict[str, Any], expected: bool) -> None:
    assert passed(quiz(quiz_id), normalize_answers(quiz(quiz_id), answers)) is expected


def test_missing_questions_are_numbered_in_reading_order(quiz: Get) -> None:
    result = grade(quiz("checkpoint-3"), normalize_answers(quiz("checkpoint-3"), {"q2": ["connecting"]}))
    assert result == {
        "quiz": "checkpoint-3", "complete": False, "message": "Answer questions 1 and 3 first.",
        "missing": [{"question": "q1", "number": 1, "items": []}, {"question": "q3", "number": 3, "items": []}],
    }


def test_one_unsorted_item_is_named_in_the_singular(quiz: Get) -> None:
    placed = {key: value for key, value in ALL_SORTED.items() if key != "connecting"}
    result = grade(quiz("manager-or-leader"), {"q1": placed})
    assert not result["complete"]
    assert result["message"] == "Sort all 12 first: 1 is still unsorted."
