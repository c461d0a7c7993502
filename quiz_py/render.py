"""Build-time HTML for a quiz: the form the page's script makes interactive.

The markup is a contract with the browser code (see the issue): a ``form.quiz`` with
one ``fieldset.quiz__question`` per question, stable content ids as input values,
and empty feedback and status areas. It holds no answer key, feedback or
explanation: those come from the engine once the reader checks.

Element ids are ``quiz-<quiz>--<question>--<option>``: content ids are restricted to
single hyphens, so joining with ``--`` keeps every id on a page unique.
"""

from __future__ import annotations

import random
from html import escape

from .model import SCALE_LABELS, SCALE_MIN, ChoiceQuestion, Question, Quiz, ScaleQuestion, SortItem, SortQuestion

_SUBMIT_LABEL = {"checkpoint": "Check answers", "sort": "Check answers", "assessment": "See my result"}


def _e(text: str) -> str:
    return escape(text, quote=True)


def _input(input_type: str, element_id: str, name: str, value: str, label: str) -> str:
    return (
        f'<div class="quiz__option" data-search-exclude><input type="{input_type}" id="{_e(element_id)}" name="{_e(name)}" '
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
    body = []
    for item in display_order(quiz, question):
        item_prefix = f"{id_prefix}--{item.id}"
        segments = [
            f'<input type="radio" id="{_e(f"{item_prefix}--{c.id}")}" name="{_e(f"{name}:{item.id}")}" '
            f'value="{_e(c.id)}"><label for="{_e(f"{item_prefix}--{c.id}")}">{_e(c.label)}</label>'
            for c in question.categories
        ]
        # One compact row per item: its text, then a segmented choice over native radios (arrow keys as usual).
        body += [
            f'<div class="quiz__item" role="radiogroup" aria-labelledby="{_e(item_prefix)}" data-item="{_e(item.id)}">',
            f'<span class="quiz__item-text" id="{_e(item_prefix)}">{_e(item.text)}</span>',
            f'<span class="quiz__segments" data-search-exclude>{"".join(segments)}</span>',
            '<div class="quiz__item-feedback" hidden></div>',
            "</div>",
        ]
    return body


def _alternates(categories: list[str]) -> bool:
    return all(a != b for a, b in zip(categories, categories[1:]))


def _longest_run(categories: list[str]) -> int:
    longest = run = 1
    for a, b in zip(categories, categories[1:]):
        run = run + 1 if a == b else 1
        longest = max(longest, run)
    return longest


def display_order(quiz: Quiz, question: SortQuestion) -> list[SortItem]:
    """The items in an order that hides the pattern: shuffled from a seed fixed by the quiz (the same
    on every build), never strictly alternating, no more than three of a category in a row."""
    items = list(question.items)
    for attempt in range(100):
        random.Random(f"{quiz.id}/{question.id}/{attempt}").shuffle(items)
        categories = [item.category for item in items]
        if len(items) < 4 or (not _alternates(categories) and _longest_run(categories) <= 3):
            break
    return items


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
        # The space keeps the two apart in the radio's accessible name ("Manager first Strong on metrics…").
        summary = f' <span class="quiz__option-summary">{_e(band.summary)}</span>' if band.summary else ""
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
    # The status line sits just above the buttons, where the reader's eyes are when they press one.
    # Form chrome (options, status, buttons) stays out of the search index; prompts stay findable.
    parts += [
        '<div class="quiz__status" role="status" aria-live="polite" data-search-exclude></div>',
        '<div class="quiz__actions" data-search-exclude><button type="submit" '
        f'class="md-button md-button--primary quiz__check">{_SUBMIT_LABEL[quiz.kind]}</button></div>',
        # Without scripts the check cannot run; method="dialog" (above) keeps a press from reloading the
        # page and losing the answers, and this says why nothing happens.
        '<noscript><p class="quiz__noscript">Checking answers needs JavaScript; the essay reads fine without it.</p></noscript>',
        "</form>",
    ]
    return "\n".join(parts)
