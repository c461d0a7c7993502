"""Grading checkpoint and sort quizzes: commit first, then reveal after trying.

The rules, which the page cannot bend (it only shows what comes back):

* **Commit first.** If any question is unanswered or any item unsorted, nothing is
  graded and nothing revealed: the result says what is missing.
* **Reveal after trying.** A question's right answer, explanation and passage link
  are given only once it is *revealed*: answered right, or on the second complete
  attempt or later, or when the reader asks (``reveal``). Before that, the reader's
  own picks are marked right or wrong, each with its own feedback.
* **Marks.** A single-choice or true/false question is one mark. A multiple-select
  question is one mark per right option: each right option ticked earns one, each
  wrong one ticked takes one away, never below zero (`MULTIPLE_SCORING`). A sort
  question is one mark per item.
* **Passed** means every mark earned.
* **The score line** (``summary``) counts in one unit a reader counts in: a checkpoint's questions
  answered right out of its questions (a multiple-select question is right with every mark earned; its
  own ``scoring`` line gives its marks), the sorting exercise's items sorted right out of its items. The
  result's ``score`` and ``total`` are that line's numbers.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from .answers import Answers, unanswered, unsorted_items
from .model import ChoiceQuestion, Quiz, SortQuestion

MULTIPLE_SCORING = "One mark for each right answer ticked, less one for each wrong one ticked (never below zero)."

type Mark = Literal["right", "wrong", "missed"]


class OptionMark(TypedDict):
    option: str
    mark: Mark
    feedback: str


class ItemResult(TypedDict):
    id: str
    correct: bool
    expected: str | None
    reason: str | None
    link: str | None


class QuestionResult(TypedDict):
    id: str
    correct: bool
    score: int
    total: int
    revealed: bool
    explanation: str | None
    link: str | None
    scoring: NotRequired[str]
    marks: NotRequired[list[OptionMark]]
    items: NotRequired[list[ItemResult]]


class MissingQuestion(TypedDict):
    question: str
    number: int
    items: list[str]


class Incomplete(TypedDict):
    quiz: str
    complete: Literal[False]
    missing: list[MissingQuestion]
    message: str


class Graded(TypedDict):
    quiz: str
    complete: Literal[True]
    passed: bool
    score: int
    total: int
    summary: str
    questions: list[QuestionResult]


def _missing(quiz: Quiz, answers: Answers) -> list[MissingQuestion]:
    return [
        {
            "question": question.id,
            "number": quiz.questions.index(question) + 1,
            "items": unsorted_items(question, answers.get(question.id)) if isinstance(question, SortQuestion) else [],
        }
        for question in unanswered(quiz, answers)
    ]


def _numbers(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _missing_message(quiz: Quiz, missing: list[MissingQuestion]) -> str:
    if quiz.kind == "sort":
        left = sum(len(m["items"]) for m in missing)
        total = sum(len(q.items) for q in quiz.questions if isinstance(q, SortQuestion))
        return f"Sort all {total} first: {left} {'is' if left == 1 else 'are'} still unsorted."
    numbers = [m["number"] for m in missing]
    return f"Answer question{'s' if len(numbers) > 1 else ''} {_numbers(numbers)} first."


def _grade_choice(question: ChoiceQuestion, chosen: list[str], reveal_anyway: bool) -> QuestionResult:
    right = [o for o in question.options if o.correct and o.id in chosen]
    wrong = [o for o in question.options if not o.correct and o.id in chosen]
    if question.kind == "multiple":
        total = len(question.correct_ids)
        score = max(0, len(right) - len(wrong))
    else:
        total, score = 1, len(right)
    correct = score == total
    revealed = correct or reveal_anyway
    marks: list[OptionMark] = []
    for option in question.options:
        if option.id in chosen:
            marks.append({"option": option.id, "mark": "right" if option.correct else "wrong", "feedback": option.feedback})
        elif option.correct and revealed:
            marks.append({"option": option.id, "mark": "missed", "feedback": ""})
    result: QuestionResult = {
        "id": question.id,
        "correct": correct,
        "score": score,
        "total": total,
        "revealed": revealed,
        "explanation": question.explanation if revealed else None,
        "link": question.link if revealed else None,
        "marks": marks,
    }
    if question.kind == "multiple" and not correct:
        result["scoring"] = f"{score} of {total} marks. {MULTIPLE_SCORING}"
    return result


def _grade_sort(question: SortQuestion, placed: dict[str, str], reveal_anyway: bool) -> QuestionResult:
    items: list[ItemResult] = []
    for item in question.items:
        right = placed.get(item.id) == item.category
        shown = right or reveal_anyway
        items.append({
            "id": item.id,
            "correct": right,
            "expected": item.category if shown else None,
            "reason": item.reason if shown else None,
            "link": item.link if shown else None,
        })
    score = sum(item["correct"] for item in items)
    return {
        "id": question.id,
        "correct": score == len(items),
        "score": score,
        "total": len(items),
        "revealed": score == len(items) or reveal_anyway,
        "explanation": None,
        "link": None,
        "items": items,
    }


def _score_line(quiz: Quiz, questions: list[QuestionResult], all_right: bool) -> tuple[int, int, str]:
    """The score, the total and the line that tells the reader them, in one unit (see the module's docstring)."""
    if quiz.kind == "sort":
        score, total, unit = sum(q["score"] for q in questions), sum(q["total"] for q in questions), "sorted right"
    else:
        score, total = sum(q["correct"] for q in questions), len(questions)
        unit = "question right" if total == 1 else "questions right"
    outcome = (
        "Passed." if all_right
        else "The answers are shown above." if all(q["revealed"] for q in questions)
        else "Have another go at what is not right yet."
    )
    return score, total, f"{score} of {total} {unit}. {outcome}"


def grade(quiz: Quiz, answers: Answers, attempt: int = 1, reveal: bool = False) -> Graded | Incomplete:
    """Check canonical `answers` (see answers.py): `attempt` counts complete checks, this one included."""
    missing = _missing(quiz, answers)
    if missing:
        return {"quiz": quiz.id, "complete": False, "missing": missing, "message": _missing_message(quiz, missing)}
    reveal_anyway = reveal or attempt >= 2
    questions: list[QuestionResult] = []
    for question in quiz.questions:
        answer = answers.get(question.id)
        if isinstance(question, ChoiceQuestion):
            chosen = [answer] if isinstance(answer, str) else list(answer) if isinstance(answer, list) else []
            questions.append(_grade_choice(question, chosen, reveal_anyway))
        elif isinstance(question, SortQuestion):
            questions.append(_grade_sort(question, answer if isinstance(answer, dict) else {}, reveal_anyway))
    all_right = all(q["correct"] for q in questions)
    score, total, summary = _score_line(quiz, questions, all_right)
    return {
        "quiz": quiz.id, "complete": True, "passed": all_right, "score": score, "total": total, "summary": summary,
        "questions": questions,
    }


def passed(quiz: Quiz, answers: Answers) -> bool:
    """Whether `answers` earn every mark of a checkpoint or sort quiz."""
    result = grade(quiz, answers)
    return result["passed"] if result["complete"] else False
