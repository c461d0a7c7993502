"""Grading checkpoint and sort quizzes.

Marks: a choice question is worth one mark, a sort question one mark per item, so
the sorting exercise reports "7 of 12" rather than all-or-nothing. A question left
unanswered is wrong and reported with ``answered: false``. Each question also
reports its own ``score``/``total`` and, for choice questions, the ``expected``
option ids, so the page can mark the right answers once checked.
"""

from __future__ import annotations

from typing import Any

from .answers import Answers
from .model import ChoiceQuestion, Quiz, SortQuestion


def _grade_choice(question: ChoiceQuestion, answer: Any) -> dict[str, Any]:
    chosen = [answer] if isinstance(answer, str) else list(answer or [])
    correct = chosen == list(question.correct_ids)
    feedback = [
        {"option": option.id, "text": option.feedback, "correct": option.correct}
        for option in question.options
        if option.id in chosen and option.feedback
    ]
    return {
        "correct": correct,
        "answered": bool(chosen),
        "score": int(correct),
        "total": 1,
        "expected": list(question.correct_ids),
        "feedback": feedback,
    }


def _grade_sort(question: SortQuestion, answer: Any) -> dict[str, Any]:
    placed: dict[str, str] = answer or {}
    items = [
        {
            "id": item.id,
            "correct": placed.get(item.id) == item.category,
            "chosen": placed.get(item.id),
            "expected": item.category,
            "reason": item.reason,
            "link": item.link,
        }
        for item in question.items
    ]
    score = sum(item["correct"] for item in items)
    return {
        "correct": score == len(items),
        "answered": len(placed) == len(items),
        "score": score,
        "total": len(items),
        "feedback": [],
        "items": items,
    }


def grade(quiz: Quiz, answers: Answers) -> dict[str, Any]:
    """The result of checking canonical `answers` (see answers.py) against the key."""
    questions = []
    for question in quiz.questions:
        answer = answers.get(question.id)
        if isinstance(question, ChoiceQuestion):
            result = _grade_choice(question, answer)
            questions.append({"id": question.id, **result, "explanation": question.explanation, "link": question.link})
        elif isinstance(question, SortQuestion):
            result = _grade_sort(question, answer)
            questions.append({"id": question.id, **result, "explanation": "", "link": ""})
    return {
        "quiz": quiz.id,
        "score": sum(q["score"] for q in questions),
        "total": sum(q["total"] for q in questions),
        "questions": questions,
    }
