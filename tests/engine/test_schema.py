"""Editor support for quiz authors: the committed JSON Schema, the files that use it, and the
lines build errors point at."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from quiz_py.loading import QUESTION_FIELDS
from quiz_py.schema import quiz_schema, schema_text
from quiz_py.toml_lines import TablePath, table_locator

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "quizzes" / "quiz.schema.json"
QUIZ_FILES = sorted((ROOT / "quizzes").glob("*.toml"))


def test_the_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "quizzes/quiz.schema.json is stale: run `.venv/bin/python -m quiz_py.schema > quizzes/quiz.schema.json`"
    )


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.name)
def test_every_quiz_file_names_the_schema_on_its_first_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == "#:schema ./quiz.schema.json"


def question_rules(schema: dict[str, Any]) -> dict[str, list[str]]:
    """kind -> the fields the schema lets a question of that kind have."""
    return {
        rule["if"]["properties"]["kind"]["const"]: rule["then"]["propertyNames"]["enum"]
        for rule in schema["properties"]["questions"]["items"]["allOf"]
    }


def test_the_schema_takes_the_fields_the_loader_reads() -> None:
    assert question_rules(quiz_schema()) == {kind: list(fields) for kind, fields in QUESTION_FIELDS.items()}
    assert question_rules(json.loads(SCHEMA.read_text(encoding="utf-8")))["single"] == [
        "id", "kind", "prompt", "options", "correct", "explanation", "link",
    ]


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.name)
def test_the_schema_knows_every_field_the_quiz_files_use(path: Path) -> None:
    schema = quiz_schema()
    quiz = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = question_rules(schema)
    assert set(quiz) <= set(schema["properties"])
    for question in quiz["questions"]:
        assert set(question) <= set(rules[question["kind"]]), question["id"]
    for band in quiz.get("bands", []):
        assert set(band) <= set(schema["properties"]["bands"]["items"]["properties"]), band["id"]


TOML = """\
#:schema ./quiz.schema.json
id = "t"
intro = \"\"\"
[[questions]]
\"\"\"

[[questions]]
id = "q1"
[[questions.options]]
id = "a"
[[questions.options]]  # a comment
id = "b"

[[bands]]
id = "x"

[[questions]]
id = "q2"
[questions.feedback]
true = "T"
[[ questions.options ]]
id = "c"
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), None),
        ((("questions", 0),), 7),
        ((("questions", 0), ("options", 0)), 9),
        ((("questions", 0), ("options", 1)), 11),
        ((("bands", 0),), 14),
        ((("questions", 1),), 17),
        ((("questions", 1), ("feedback", None)), 19),
        # Appended to the last [[questions]], whatever came between.
        ((("questions", 1), ("options", 0)), 21),
        # No header of its own (an inline table, or a missing one): its parent's line.
        ((("questions", 1), ("options", 1)), 17),
        ((("questions", 5),), None),
    ],
)
def test_a_tables_line_is_the_line_of_its_header(path: TablePath, line: int | None) -> None:
    assert table_locator(TOML)(path) == line
