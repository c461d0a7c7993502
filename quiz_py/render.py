"""Build-time HTML for a quiz: the form the page's script makes interactive.

The markup is a contract with the browser code (see the issue): a ``form.quiz`` with
one ``fieldset.quiz__question`` per question, stable content ids as input values,
and empty feedback and status areas. It holds no answer key, feedback or
explanation: those come from the engine once the reader checks.

Element ids are ``quiz-<quiz>--<question>--<option>``: content ids are restricted to
single hyphens, so joining with ``--`` keeps every id on a page unique.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .model import SCALE_LABELS, SCALE_MIN, ChoiceQuestion, Question, Quiz, ScaleQuestion, SortQuestion

_SUBMIT_LABEL = {"checkpoint": "Check answers", "sort": "Check answers", "assessment": "See my result"}


def _e(text: str) -> str:
    return escape(text, quote=True)


def _input(input_type: str, element_id: str, name: str, value: str, label: str) -> str:
    return (
        f'<div class="quiz__option"><input type="{input_type}" id="{_e(element_id)}" name="{_e(name)}" '
        f'value="{_e(value)}"><label for="{_e(element_id)}">{_e(label)}</label></div>'
    )


def _choices(input_type: str, id_prefix: str, name: str, choices: list[tuple[str, str]]) -> list[str]:
    return [_input(input_type, f"{id_prefix}--{value}", name, value, label) for value, label in choices]


def _question_body(quiz: Quiz, question: Question, id_prefix: str) -> list[str]:
    name = f"{quiz.id}:{question.id}"
    if isinstance(question, ChoiceQuestion):
        input_type = "checkbox" if question.kind == "multiple" else "radio"
        return _choices(input_type, id_prefix, name, [(o.id, o.text) for o in question.options])
    if isinstance(question, ScaleQuestion):
        scale = [(str(SCALE_MIN + i), label) for i, label in enumerate(SCALE_LABELS)]
        # One row of five, left to right, showing only the two ends' words (assessment.css); every radio keeps its label.
        return ['<div class="quiz__scale">', *_choices("radio", id_prefix, name, scale), "</div>"]
    assert isinstance(question, SortQuestion)
    categories = [(c.id, c.label) for c in question.categories]
    body = []
    for item in question.items:
        body += [
            f'<fieldset class="quiz__item" data-item="{_e(item.id)}"><legend>{_e(item.text)}</legend>',
            *_choices("radio", f"{id_prefix}--{item.id}", f"{name}:{item.id}", categories),
            "</fieldset>",
        ]
    return body


def _question(quiz: Quiz, question: Question) -> list[str]:
    id_prefix = f"quiz-{quiz.id}--{question.id}"
    return [
        f'<fieldset class="quiz__question" data-question="{_e(question.id)}" '
        f'data-question-kind="{_e(question.kind)}">',
        f"<legend>{_e(question.prompt)}</legend>",
        *_question_body(quiz, question, id_prefix),
        f'<div class="quiz__feedback" data-feedback-for="{_e(question.id)}" hidden></div>',
        "</fieldset>",
    ]


def _prediction(quiz: Quiz) -> list[str]:
    """The guess: each band's title with its one-line summary, both inside the label, so the reader
    sees what an option means while choosing and the whole row picks it."""
    name = f"{quiz.id}:prediction"
    options = []
    for band in quiz.bands:
        element_id = _e(f"quiz-{quiz.id}--prediction--{band.id}")
        summary = f'<span class="quiz__option-summary">{_e(band.summary)}</span>' if band.summary else ""
        options.append(
            f'<div class="quiz__option" data-search-exclude><input type="radio" id="{element_id}" name="{_e(name)}" '
            f'value="{_e(band.id)}"><label for="{element_id}"><span class="quiz__option-title">{_e(band.title)}</span>'
            f"{summary}</label></div>"
        )
    return [
        '<fieldset class="quiz__prediction" data-prediction>',
        f"<legend>{_e(quiz.prediction_prompt)}</legend>",
        *options,
        "</fieldset>",
    ]


def render_quiz(quiz: Quiz, content_hash: str) -> str:
    title_id = f"quiz-{quiz.id}-title"
    parts = [
        f'<form class="quiz" data-quiz="{_e(quiz.id)}" data-quiz-kind="{quiz.kind}" '
        f'data-quiz-hash="{_e(content_hash)}" aria-labelledby="{title_id}" method="dialog" novalidate>',
        f'<h2 id="{title_id}" class="quiz__title">{_e(quiz.title)}</h2>',
    ]
    if quiz.intro:
        parts.append(f'<p class="quiz__intro">{_e(quiz.intro)}</p>')
    if quiz.kind == "assessment":
        parts += _prediction(quiz)
    for question in quiz.questions:
        parts += _question(quiz, question)
    parts += [
        '<div class="quiz__actions"><button type="submit" class="md-button md-button--primary quiz__check">'
        f"{_SUBMIT_LABEL[quiz.kind]}</button></div>",
        '<div class="quiz__status" role="status" aria-live="polite"></div>',
        # Without scripts the check cannot run; method="dialog" (above) keeps a press from reloading the
        # page and losing the answers, and this says why nothing happens.
        '<noscript><p class="quiz__noscript">Checking answers needs JavaScript; the essay reads fine without it.</p></noscript>',
        "</form>",
    ]
    return "\n".join(parts)


MARKER = re.compile(r"<!--\s*quiz:\s*(\S+?)\s*-->")


def replace_markers(html: str, render_for: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """`html` with each ``<!-- quiz: id -->`` replaced by `render_for(id)`; the ids
    that `render_for` did not know (None) or that appear twice are returned as problems."""
    problems: list[str] = []
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        quiz_id = match.group(1)
        rendered = render_for(quiz_id)
        if rendered is None:
            problems.append(f"marker names an unknown quiz '{quiz_id}'")
            return match.group(0)
        if quiz_id in seen:
            problems.append(f"quiz '{quiz_id}' is placed twice (its element ids would clash)")
        seen.add(quiz_id)
        return rendered

    return MARKER.sub(replace, html), problems
