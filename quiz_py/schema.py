"""A JSON Schema for quiz files, for editors (taplo, "Even Better TOML"): completion and
inline errors while writing. Generated from the loader's own tables (fields per kind,
counts, the id pattern), so it cannot drift from what the build accepts; the build
still checks what a schema cannot (links, quotations, band coverage).

    .venv/bin/python -m quiz_py.schema > quizzes/quiz.schema.json

Each quiz file starts with ``#:schema ./quiz.schema.json`` to use it.
"""

from __future__ import annotations

import json
from typing import Any

from .loading import (
    ASSESSMENT_FIELDS,
    BAND_COUNT,
    BAND_LINK_COUNT,
    BAND_TITLE_LENGTH,
    CATEGORY_COUNT,
    DIMENSION_COUNT,
    DIMENSION_LABEL_LENGTH,
    ID_PATTERN,
    MAX_ID_LENGTH,
    OPTION_COUNT,
    QUESTION_COUNT,
    QUESTION_FIELDS,
    QUIZ_FIELDS,
    RESERVED_QUESTION_IDS,
    SORT_ITEM_COUNT,
)
from .links import LINK_FORM
from .model import QUESTION_KINDS_BY_QUIZ_KIND, QUIZ_KINDS, QuestionKind, QuizKind

type Schema = dict[str, Any]

ID: Schema = {
    "type": "string",
    "pattern": f"^{ID_PATTERN.pattern}$",
    "maxLength": MAX_ID_LENGTH,
    "description": f"Lower-case letters, digits and single hyphens, at most {MAX_ID_LENGTH} characters.",
}
TEXT: Schema = {"type": "string", "minLength": 1}
LINK: Schema = {"type": "string", "pattern": "^[^#]+#.+$", "description": f"A page and a passage anchor: {LINK_FORM}"}


def _text(description: str) -> Schema:
    return TEXT | {"description": description}


def _tables(item: Schema, count: tuple[int, int], description: str) -> Schema:
    return {"type": "array", "minItems": count[0], "maxItems": count[1], "items": item, "description": description}


def _table(properties: Schema, required: list[str]) -> Schema:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


OPTION = _table(
    {"id": ID, "text": _text("The option as the reader sees it."),
     "feedback": {"type": "string", "description": "Shown when the reader picks this option."}},
    ["id", "text"],
)
CATEGORY = _table({"id": ID, "label": _text("The category's name, as a column heading.")}, ["id", "label"])
ITEM = _table(
    {"id": ID, "text": _text("The behaviour to sort."), "category": ID | {"description": "The id of its category."},
     "reason": _text("Why it belongs there, shown after checking."), "link": LINK},
    ["id", "text", "category", "reason", "link"],
)
DIMENSION = _table(
    {"id": ID, "label": _text("The dimension's name.") | {"maxLength": DIMENSION_LABEL_LENGTH}}, ["id", "label"]
)
BAND = _table(
    {
        "id": ID,
        "title": _text("The result's name.") | {"maxLength": BAND_TITLE_LENGTH},
        "summary": {"type": "string", "description": "One line shown where the reader predicts their band."},
        "meaning": _text("What the result means, in the essay's terms."),
        "rarity": _text("How common the result is, by the essay's account."),
        "ranges": {
            "type": "object",
            "description": "For each dimension, the inclusive [low, high] scores this band covers.",
            "additionalProperties": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        },
        "links": _tables(_table({"link": LINK, "text": TEXT}, ["link", "text"]), BAND_LINK_COUNT, "Passages to read."),
    },
    ["id", "title", "meaning", "rarity", "ranges", "links"],
)

# Every field a question may have; which ones a kind takes is QUESTION_FIELDS.
_QUESTION_PROPERTIES: Schema = {
    "id": ID | {"not": {"enum": list(RESERVED_QUESTION_IDS)}},
    "kind": {"enum": list(QUESTION_FIELDS)},
    "prompt": _text("The question or statement."),
    "options": _tables(OPTION, OPTION_COUNT, "The options, in the order shown."),
    "explanation": _text("Shown after checking: why the answer is right."),
    "link": LINK,
    "categories": _tables(CATEGORY, CATEGORY_COUNT, "Where items are sorted to."),
    "items": _tables(ITEM, SORT_ITEM_COUNT, "The things to sort."),
    "dimension": ID | {"description": "The id of the dimension this statement scores."},
    "reverse": {"type": "boolean", "description": "Score 6 - rating: agreeing counts against the dimension."},
}
_CORRECT: Schema = {
    "single": ID | {"description": "The id of the one correct option."},
    "multiple": {"type": "array", "items": ID, "minItems": 1, "uniqueItems": True, "description": "The ids of the correct options."},
    "true_false": {"type": "boolean", "description": "Whether the statement is true."},
}
_TRUE_FALSE_FEEDBACK = _table({"true": {"type": "string"}, "false": {"type": "string"}}, [])

_OPTIONAL_QUESTION_FIELDS = {"reverse", "feedback"}


def _question_kind_rule(kind: QuestionKind, fields: tuple[str, ...]) -> Schema:
    properties = {name: _QUESTION_PROPERTIES.get(name, {}) for name in fields}
    if "correct" in fields:
        properties["correct"] = _CORRECT[kind]
    if kind == "true_false":
        properties["feedback"] = _TRUE_FALSE_FEEDBACK
    return {
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": {"properties": properties, "required": [f for f in fields if f not in _OPTIONAL_QUESTION_FIELDS],
                 "propertyNames": {"enum": list(fields)}},
    }


QUESTION: Schema = {
    "type": "object",
    "required": ["id", "kind", "prompt"],
    "properties": {"id": _QUESTION_PROPERTIES["id"], "kind": _QUESTION_PROPERTIES["kind"], "prompt": _QUESTION_PROPERTIES["prompt"]},
    "allOf": [_question_kind_rule(kind, fields) for kind, fields in QUESTION_FIELDS.items()],
}


def _quiz_kind_rule(kind: QuizKind) -> Schema:
    low, high = QUESTION_COUNT[kind]
    assessment = kind == "assessment"
    then: Schema = {
        "properties": {"questions": {"minItems": low, "maxItems": high, "items": {
            "properties": {"kind": {"enum": list(QUESTION_KINDS_BY_QUIZ_KIND[kind])}}}}},
    }
    if assessment:
        then["required"] = list(ASSESSMENT_FIELDS)
    else:
        then["not"] = {"anyOf": [{"required": [name]} for name in ASSESSMENT_FIELDS]}
    return {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": then}


def quiz_schema() -> Schema:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Quiz file",
        "description": "One quiz of the interactive essay. Generated by quiz_py.schema: edit quiz_py, not this file.",
        "type": "object",
        "required": ["id", "kind", "title", "questions"],
        "additionalProperties": False,
        "properties": {
            "id": ID | {"description": "The quiz's id, as in the page marker <!-- quiz: <id> -->."},
            "kind": {"enum": list(QUIZ_KINDS)},
            "title": _text("The quiz's heading."),
            "intro": {"type": "string", "description": "A line under the heading."},
            "questions": {"type": "array", "items": QUESTION},
            "prediction_prompt": _text("Assessment: the question asked before the statements."),
            "dimensions": _tables(DIMENSION, DIMENSION_COUNT, "Assessment: what the statements score."),
            "bands": _tables(BAND, BAND_COUNT, "Assessment: the results, each a region of the scores."),
        },
        "allOf": [_quiz_kind_rule(kind) for kind in QUIZ_KINDS],
    }


def schema_text() -> str:
    return json.dumps(quiz_schema(), indent=2, ensure_ascii=False) + "\n"


# The schema lists every field the loader reads, no more.
assert set(quiz_schema()["properties"]) == set(QUIZ_FIELDS + ASSESSMENT_FIELDS)

if __name__ == "__main__":
    print(schema_text(), end="")
