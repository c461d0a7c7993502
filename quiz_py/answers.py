"""Answers as the browser sends them, checked and put in one canonical form.

Per question kind, the canonical answer is:

* ``single``, ``true_false``: the chosen option id (``"b"``, ``"true"``);
* ``multiple``: the chosen option ids, in the quiz's option order, without repeats;
* ``sort``: an object item id -> category id (items left out are not sorted yet);
* ``scale``: an integer 1..5 (a numeric string such as ``"4"`` is accepted).

``null``, an empty list and an empty object mean "not answered" and are left out.
Grading, scoring, saved progress and share links all go through `normalize_answers`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import SCALE_MAX, SCALE_MIN, ChoiceQuestion, Question, Quiz, ScaleQuestion, SortQuestion

type Answer = str | list[str] | dict[str, str] | int
type Answers = dict[str, Answer]


class AnswerError(ValueError):
    """An answer that cannot belong to the question (unknown option, wrong type...)."""


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def normalize_answer(question: Question, value: object) -> Answer | None:
    """The canonical answer, None when unanswered; raises AnswerError when invalid."""
    if value is None:
        return None
    if isinstance(question, ChoiceQuestion):
        option_ids = [o.id for o in question.options]
        if question.kind == "multiple":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise AnswerError(f"expected a list of option ids, got {_describe(value)}")
            unknown = [v for v in value if v not in option_ids]
            if unknown:
                raise AnswerError(f"{_describe(unknown[0])} is not one of the options ({', '.join(option_ids)})")
            return [o for o in option_ids if o in value] or None
        if not isinstance(value, str) or value not in option_ids:
            raise AnswerError(f"{_describe(value)} is not one of the options ({', '.join(option_ids)})")
        return value
    if isinstance(question, SortQuestion):
        if not isinstance(value, dict):
            raise AnswerError(f"expected an object item -> category, got {_describe(value)}")
        item_ids = [i.id for i in question.items]
        category_ids = [c.id for c in question.categories]
        for item, category in value.items():
            if item not in item_ids:
                raise AnswerError(f"{_describe(item)} is not one of the items")
            if category not in category_ids:
                raise AnswerError(f"{_describe(category)} is not one of the categories ({', '.join(category_ids)})")
        return {i: value[i] for i in item_ids if i in value} or None
    assert isinstance(question, ScaleQuestion)
    rating = value
    if isinstance(value, str) and value.strip().isdecimal() and len(value) <= 3:
        rating = int(value)
    if type(rating) is not int or not SCALE_MIN <= rating <= SCALE_MAX:
        raise AnswerError(f"expected a rating from {SCALE_MIN} to {SCALE_MAX}, got {_describe(value)}")
    return rating


def normalize_answers(quiz: Quiz, answers: object) -> Answers:
    """All of a quiz's answers, canonical; raises AnswerError naming the question."""
    if not isinstance(answers, Mapping):
        raise AnswerError(f"answers must be an object question id -> answer, got {_describe(answers)}")
    normalized: Answers = {}
    for question_id, value in answers.items():
        question = quiz.question(question_id) if isinstance(question_id, str) else None
        if question is None:
            raise AnswerError(f"quiz '{quiz.id}' has no question {_describe(question_id)}")
        try:
            answer = normalize_answer(question, value)
        except AnswerError as error:
            raise AnswerError(f"question '{question_id}': {error}") from None
        if answer is not None:
            normalized[question_id] = answer
    return normalized


def unsorted_items(question: SortQuestion, answer: Answer | None) -> list[str]:
    """The ids of the items a canonical sort answer leaves unsorted."""
    placed = answer if isinstance(answer, dict) else {}
    return [item.id for item in question.items if item.id not in placed]


def unanswered(quiz: Quiz, answers: Answers) -> list[Question]:
    """The questions canonical `answers` leave unanswered: a sort question counts while any item is unsorted."""
    return [
        question for question in quiz.questions
        if question.id not in answers or (isinstance(question, SortQuestion) and unsorted_items(question, answers[question.id]))
    ]


def valid_answers(quiz: Quiz, answers: object) -> tuple[Answers, bool]:
    """The answers that are valid, and whether any had to be dropped (for restoring)."""
    if not isinstance(answers, Mapping):
        return {}, answers is not None
    kept: Answers = {}
    dropped = False
    for question_id, value in answers.items():
        try:
            kept |= normalize_answers(quiz, {question_id: value})
        except AnswerError:
            dropped = True
    return kept, dropped
