"""Grading checkpoints and the sorting exercise: scores per question kind, whole quizzes.
The reveal rules (what a first, second or "show the answers" attempt may see) are in the
shared request table, tests/engine/api_cases/grade.json, so they run in Pyodide too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
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


AGAIN = "Have another go at what is not right yet."


@pytest.mark.parametrize(
    ("quiz_id", "answers", "marks", "summary"),
    [
        ("checkpoint-1", {"q1": "b", "q2": "false"}, [(1, 1), (1, 1)], "2 of 2 questions right. Passed."),
        ("checkpoint-1", {"q1": "a", "q2": "true"}, [(0, 1), (0, 1)], f"0 of 2 questions right. {AGAIN}"),
        ("checkpoint-2", {"q1": ["time-cards", "goals", "budget"], "q2": "buy-in"}, [(3, 3), (1, 1)],
         "2 of 2 questions right. Passed."),  # order does not matter
        ("checkpoint-2", {"q1": ["goals", "goals", "budget", "time-cards"], "q2": "buy-in"}, [(3, 3), (1, 1)],
         "2 of 2 questions right. Passed."),  # repeats collapse
        ("checkpoint-2", {"q1": ["goals"], "q2": "buy-in"}, [(1, 3), (1, 1)],
         f"1 of 2 questions right. {AGAIN}"),  # a mark of three is no question right
        ("checkpoint-2", {"q1": ["goals", "big-picture"], "q2": "cut-expenses"}, [(0, 3), (0, 1)],
         f"0 of 2 questions right. {AGAIN}"),  # one right tick, one wrong: 0 of 3 marks; the line counts questions
        ("checkpoint-2", {"q1": ["big-picture"], "q2": "cut-expenses"}, [(0, 3), (0, 1)],
         f"0 of 2 questions right. {AGAIN}"),  # 0 - 1 is 0
        ("checkpoint-3", {"q1": "managing", "q2": ["connecting", "motivation", "point-a-to-b"], "q3": "false"},
         [(1, 1), (3, 3), (1, 1)], "3 of 3 questions right. Passed."),
        ("manager-or-leader", {"q1": {**ALL_SORTED, "metrics": "leader", "vision": "manager"}}, [(10, 12)],
         f"10 of 12 sorted right. {AGAIN}"),  # the sorting exercise counts its items
    ],
)
def test_each_question_is_marked_and_the_score_line_counts_one_unit(
    quiz: Get, quiz_id: str, answers: dict[str, Any], marks: list[tuple[int, int]], summary: str,
) -> None:
    result = grade(quiz(quiz_id), normalize_answers(quiz(quiz_id), answers))
    assert result["complete"]
    assert [(q["score"], q["total"]) for q in result["questions"]] == marks
    assert result["summary"] == summary
    assert summary.startswith(f"{result['score']} of {result['total']} ")  # score and total are the line's numbers
    assert result["passed"] is summary.endswith("Passed.")
    assert [q["correct"] for q in result["questions"]] == [score == total for score, total in marks]


def test_a_one_question_checkpoint_counts_it_in_the_singular(quiz: Get) -> None:
    checkpoint = quiz("checkpoint-1")
    one = replace(checkpoint, questions=checkpoint.questions[:1])
    result = grade(one, normalize_answers(one, {"q1": "a"}), attempt=2)
    assert result["complete"]
    assert result["summary"] == "0 of 1 question right. The answers are shown above."


def test_a_multiple_select_question_states_its_marks_only_while_not_right(quiz: Get) -> None:
    checkpoint = quiz("checkpoint-2")
    partly = grade(checkpoint, normalize_answers(checkpoint, {"q1": ["goals", "big-picture", "budget"], "q2": "buy-in"}))
    right = grade(checkpoint, normalize_answers(checkpoint, {"q1": ["goals", "budget", "time-cards"], "q2": "buy-in"}))
    assert partly["complete"] and right["complete"]
    assert partly["questions"][0]["scoring"] == (
        "1 of 3 marks. One mark for each right answer ticked, less one for each wrong one ticked (never below zero).")
    assert "scoring" not in right["questions"][0]


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
