"""How answers from the page are read: what is refused, and how a refusal shows the value it refused."""

from __future__ import annotations

import pytest

from quiz_py.answers import AnswerError, normalize_answer, valid_answers
from quiz_py.model import Catalog, ChoiceQuestion, Question, ScaleQuestion


def first(catalog: Catalog, wanted: str) -> Question:
    return next(q for quiz in catalog.quizzes for q in quiz.questions
                if (isinstance(q, ChoiceQuestion) and q.kind == wanted) or (wanted == "scale" and isinstance(q, ScaleQuestion)))


@pytest.mark.parametrize(("kind", "value", "message"), [
    # A refused value is shown whole up to 40 characters of its repr, else as its first 37 and "...".
    ("single", "x" * 38, f"'{'x' * 38}' is not one of the options"),
    ("single", "x" * 39, f"'{'x' * 36}... is not one of the options"),
    ("multiple", ["x", 1], "expected a list of option ids, got ['x', 1]"),
    ("multiple", ["zz", "yy"], "'zz' is not one of the options"),
    ("scale", "6", "expected a rating from 1 to 5, got '6'"),
])
def test_a_refused_answer_says_what_it_was(catalog: Catalog, kind: str, value: object, message: str) -> None:
    with pytest.raises(AnswerError) as refused:
        normalize_answer(first(catalog, kind), value)
    assert str(refused.value).split(" (")[0] == message


@pytest.mark.parametrize(("value", "rating"), [(4, 4), ("4", 4), (" 4", 4), ("004", 4)])
def test_a_rating_may_come_as_its_digits(catalog: Catalog, value: object, rating: int) -> None:
    assert normalize_answer(first(catalog, "scale"), value) == rating


@pytest.mark.parametrize("value", ["0004", "  4 ", "4.0", True])
def test_a_rating_is_refused_in_any_other_form(catalog: Catalog, value: object) -> None:
    with pytest.raises(AnswerError):
        normalize_answer(first(catalog, "scale"), value)


@pytest.mark.parametrize(("saved", "dropped"), [(None, False), ("q1", True), (["a"], True), ({}, False)])
def test_saved_answers_that_are_no_mapping_are_dropped_and_none_is_nothing_to_drop(
        catalog: Catalog, saved: object, dropped: bool) -> None:
    assert valid_answers(catalog.quizzes[0], saved) == ({}, dropped)
