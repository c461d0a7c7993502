"""Reading quiz files (TOML) into the model, with validation. This runs at build time only:
the browser loads the catalogue the build wrote and trusts it (`catalog.catalog_from_build`).

Every problem is collected, not just the first, and reported as one line naming the
file, the line where the offending table starts, the quiz, the question and the field::

    quizzes/checkpoint-1.toml:8: quiz 'checkpoint-1', question 'q1', field 'correct': 'e' is not one of the options (a, b, c)

The quiz's own fields are in the root table, which starts at line 1; an id used twice is
reported at the table that repeats it; links name their table's line too (`quiz_py.links`).

The collected problems are the only record of validity: a reader notes how many there
were when it started (`_Where.scope`) and builds its part of the model only when none
were added since.

Limits the build enforces (each in its message too):

* ids: lower-case letters, digits and single hyphens, at most 40 characters, written
  without surrounding spaces; no question may be called ``prediction`` (the
  self-assessment's form uses that name);
* texts: some visible character when required; none of the characters that cannot be shown
  safely (see `_unsafe`: controls but newline and tab, surrogates, noncharacters and unassigned
  code points, private use, the bidirectional controls that reorder text); no two options of a
  question, categories, items, dimensions or bands that read the same (`_reads_as`);
  the texts the result chart lays out at most `BAND_TITLE_LENGTH` (band titles) and
  `DIMENSION_LABEL_LENGTH` (dimension labels) characters; anything in curly quotes (“…”) is the essay's words verbatim (`quiz_py.quotes`);
* counts: see `QUESTION_COUNT`, `OPTION_COUNT`, `CATEGORY_COUNT`, `SORT_ITEM_COUNT`,
  `DIMENSION_COUNT`, `BAND_COUNT`, `BAND_LINK_COUNT`;
* bands: every possible score falls in exactly one band (checked from the ranges,
  see `band_coverage_problems`, so its cost does not grow with the score space);
* the catalogue the browser loads must fit the engine's request limit (`quiz_py.publish`).
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from .links import QUIZ_LINE, link_form_problem
from .model import (
    QUESTION_KINDS,
    QUESTION_KINDS_BY_QUIZ_KIND,
    QUIZ_KINDS,
    SCALE_MAX,
    SCALE_MIN,
    TRUE_FALSE_OPTIONS,
    Band,
    Catalog,
    Category,
    ChoiceQuestion,
    Dimension,
    Link,
    Option,
    Question,
    QuestionKind,
    Quiz,
    QuizKind,
    ScaleQuestion,
    SortItem,
    SortQuestion,
)
from .quotes import quote_problems
from .toml_lines import TablePath, table_locator

# Ids end up in HTML ids and form names joined by "--", so a single hyphen only.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 40
# Names quiz_py.render gives the form's own elements: a question id must not take one.
RESERVED_QUESTION_IDS = ("prediction",)

QUESTION_COUNT: dict[QuizKind, tuple[int, int]] = {"checkpoint": (1, 3), "sort": (1, 1), "assessment": (2, 24)}
OPTION_COUNT = (2, 6)
CATEGORY_COUNT = (2, 4)
SORT_ITEM_COUNT = (4, 12)
DIMENSION_COUNT = (1, 4)
BAND_COUNT = (1, 12)
BAND_LINK_COUNT = (1, 4)
# The result chart (quiz_py.chart) writes a band's title inside its area and a dimension's label along its scale:
# about 9 characters of title fit a line of the smallest area of the site's chart, 29 of label its 275-unit axis.
BAND_TITLE_LENGTH = 40
DIMENSION_LABEL_LENGTH = 24

# The fields each kind of table takes, beyond "id": the JSON Schema (quiz_py.schema) is built from these too.
QUIZ_FIELDS = ("id", "kind", "title", "intro", "questions")
ASSESSMENT_FIELDS = ("prediction_prompt", "dimensions", "bands")
QUESTION_FIELDS: dict[QuestionKind, tuple[str, ...]] = {
    "single": ("id", "kind", "prompt", "options", "correct", "explanation", "link"),
    "multiple": ("id", "kind", "prompt", "options", "correct", "explanation", "link"),
    "true_false": ("id", "kind", "prompt", "correct", "feedback", "explanation", "link"),
    "sort": ("id", "kind", "prompt", "categories", "items"),
    "scale": ("id", "kind", "prompt", "dimension", "reverse"),
}
assert tuple(QUESTION_FIELDS) == QUESTION_KINDS

_ALLOWED_CONTROLS = "\n\r\t"
# What the build refuses in any text, by Unicode category, each with why. Cn holds the noncharacters
# (U+FFFE, U+FFFF, U+FDD0..U+FDEF, ...) as well as code points not assigned yet: no font draws them,
# and U+FFFE/U+FFFF or a control make the chart's SVG unreadable (XML forbids them).
_UNSAFE_CATEGORIES = {
    "Cc": ("control characters", "which cannot be shown"),
    "Cs": ("lone surrogates", "which cannot be shown"),
    "Cn": ("noncharacters or unassigned code points", "which no font draws"),
    "Co": ("private-use characters", "which have no agreed glyph"),
}
# The explicit bidirectional formatting characters (embeddings, overrides, isolates, by their bidi class):
# U+202E shows what follows backwards. The implicit marks (U+200E, U+200F, U+061C) reorder nothing.
_BIDI_CONTROL_CLASSES = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
_BIDI_CONTROLS = ("bidirectional controls", "which reorder the text around them")
# Characters that draw nothing: whitespace, format characters (zero-width space, joiners,
# bidi marks), combining marks on their own, and the blank letters some scripts have.
_BLANK_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"


def _unsafe(char: str) -> tuple[str, str] | None:
    """What kind of character that cannot be shown safely `char` is, and why; None for any other."""
    if char in _ALLOWED_CONTROLS:
        return None
    if unicodedata.bidirectional(char) in _BIDI_CONTROL_CLASSES:
        return _BIDI_CONTROLS
    return _UNSAFE_CATEGORIES.get(unicodedata.category(char))


def _reads_as(text: str) -> str:
    """What a reader sees of a text, to tell two apart: Unicode composition (NFC), spacing and case aside."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _is_visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in _BLANK_CATEGORIES and char not in _BLANK_LETTERS


class ContentError(Exception):
    """Invalid quiz content; `messages` holds one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class _File:
    """One quiz file being read: its name, where problems go, how to find a table's line."""

    source: str
    problems: list[str]
    locate: Callable[[TablePath], int | None]
    essay: str | None


@dataclass(frozen=True)
class _Scope:
    """Whether any problem was collected since the scope began."""

    problems: list[str]
    start: int

    @property
    def failed(self) -> bool:
        return len(self.problems) > self.start


@dataclass(frozen=True)
class _Where:
    """Where a value sits, for messages: the file, the table's line and a path like quiz 'x', question 'q1'."""

    file: _File
    line: int
    parts: tuple[str, ...] = ()

    def at(self, part: str, line: int | None = None) -> _Where:
        return _Where(self.file, line or self.line, (*self.parts, part))

    def on_line(self, line: int | None) -> _Where:
        return _Where(self.file, line or self.line, self.parts)

    def error(self, message: str, field_name: str | None = None) -> None:
        place = f"{self.file.source}:{self.line}"
        parts = self.parts + ((f"field '{field_name}'",) if field_name else ())
        self.file.problems.append(f"{place}: {', '.join(parts)}: {message}" if parts else f"{place}: {message}")

    def scope(self) -> _Scope:
        return _Scope(self.file.problems, len(self.file.problems))


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    list: "an array",
    dict: "a table",
}


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _count_problem(count: int, label: str, limits: tuple[int, int]) -> str | None:
    low, high = limits
    if low <= count <= high:
        return None
    expected = str(low) if low == high else f"between {low} and {high}"
    return f"has {count} {label}{'' if count == 1 else 's'}; expected {expected}"


@dataclass
class _Table:
    """One TOML table being read: typed getters that report problems and return None, then `finish`."""

    data: Mapping[str, Any]
    where: _Where
    path: TablePath = ()
    _seen: set[str] = field(default_factory=set)

    def fail(self, message: str, key: str | None = None) -> None:
        self.where.error(message, key)

    def fail_on(self, line: int | None, message: str, key: str) -> None:
        """A problem with one of this table's fields that shows at `line`, where another table starts
        (one of several in the field, such as a repeated id); at this table's line when None."""
        self.where.on_line(line).error(message, key)

    def raw(self, key: str, required: bool = True) -> object | None:
        """The value as written; a missing required field is reported."""
        self._seen.add(key)
        if key not in self.data:
            if required:
                self.fail(f"missing required field '{key}'")
            return None
        return cast(object, self.data[key])

    def typed[T](self, key: str, expected: type[T], required: bool) -> T | None:
        value = self.raw(key, required)
        if value is None:
            return None
        # bool is an int subclass in Python: never accept one for the other.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            self.fail(f"expected {_TYPE_NAMES[expected]}, got {_type_name(value)}", key)
            return None
        return value

    def text(self, key: str, required: bool = True, max_length: int | None = None) -> str | None:
        """The text, trimmed; "" for an absent optional field; None (reported) when invalid."""
        value = self.typed(key, str, required)
        if value is None:
            return None if required or key in self.data else ""
        scope = self.where.scope()
        unsafe: dict[tuple[str, str], set[str]] = {}
        for char in value:
            if kind := _unsafe(char):
                unsafe.setdefault(kind, set()).add(char)
        for (label, why), chars in unsafe.items():
            names = ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))
            self.fail(f"contains {label} ({names}), {why}", key)
        if not any(_is_visible(c) for c in value):
            if required or value.strip():
                self.fail("must not be empty" if not value.strip() else "has no visible characters", key)
        elif self.where.file.essay is not None:
            for problem in quote_problems(value, self.where.file.essay):
                self.fail(problem, key)
        if max_length is not None and len(value.strip()) > max_length:
            self.fail(f"has {len(value.strip())} characters; at most {max_length} fit the result chart", key)
        return None if scope.failed else value.strip()

    def ident(self, key: str = "id") -> str | None:
        value = self.typed(key, str, True)
        if value is None:
            return None
        if value != value.strip():
            self.fail(f"{value!r} has spaces around it; write ids without them", key)
        elif len(value) > MAX_ID_LENGTH or not ID_PATTERN.fullmatch(value):
            self.fail(
                f"{value!r} is not a valid id (lower-case letters, digits and single hyphens, "
                f"at most {MAX_ID_LENGTH} characters)",
                key,
            )
        else:
            return value
        return None

    def link(self, key: str = "link") -> str | None:
        value = self.text(key)
        if value is not None and (problem := link_form_problem(value)):
            self.fail(problem, key)
            return None
        return value

    def flag(self, key: str, default: bool) -> bool | None:
        value = self.typed(key, bool, False)
        return default if value is None and key not in self.data else value

    def table(self, key: str) -> _Table | None:
        """An optional plain table, such as ``[questions.feedback]``; an empty one when absent."""
        value = self.typed(key, dict, False)
        if value is None and key in self.data:
            return None
        path: TablePath = (*self.path, (key, None))
        return _Table(value or {}, self.where.at(key, self.where.file.locate(path)), path)

    def tables(self, key: str, label: str, count: tuple[int, int] | None) -> list[_Table] | None:
        """An array of tables, each wrapped to be read on; checks how many there are (unless `count` is None)."""
        items = self.typed(key, list, True)
        if items is None:
            return None
        if count and (problem := _count_problem(len(items), label, count)):
            self.fail(problem, key)
        tables = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                self.fail(f"{label} #{index + 1} must be a table, got {_type_name(item)}", key)
                continue
            item_id = item.get("id")
            name = f"{label} '{item_id}'" if isinstance(item_id, str) and item_id else f"{label} #{index + 1}"
            path: TablePath = (*self.path, (key, index))
            tables.append(_Table(item, self.where.at(name, self.where.file.locate(path)), path))
        return tables

    def finish(self, allowed: Iterable[str] = ()) -> None:
        """Report fields nobody asked for, suggesting the closest known one (typos)."""
        known = sorted(self._seen | set(allowed))
        for key in self.data:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known fields: {', '.join(known)})"
            self.fail(f"unknown field{hint}", key)


def _check_unique(ids: Iterable[tuple[object, int | None]], owner: _Table, key: str, label: str) -> None:
    """Each (id, line) once: an id's first repeat is reported at its line (None: the owner's)."""
    seen: set[str] = set()
    reported: set[str] = set()
    for item_id, line in ids:
        if not isinstance(item_id, str):
            continue
        if item_id in seen and item_id not in reported:
            reported.add(item_id)
            owner.fail_on(line, f"duplicate {label} id '{item_id}'", key)
        seen.add(item_id)


def _check_unique_tables(tables: list[_Table], owner: _Table, key: str, label: str) -> None:
    _check_unique(((t.data.get("id"), t.where.line) for t in tables), owner, key, label)


def _check_distinct(tables: list[_Table] | None, texts: Iterable[str] | None, key: str, label: str) -> None:
    """No two of `tables` whose `key` texts read the same: a repeat is reported at its own table."""
    if tables is None or texts is None:
        return
    first: dict[str, object] = {}
    for table, text in zip(tables, texts, strict=True):
        seen = first.setdefault(_reads_as(text), table.data.get("id"))
        if seen != table.data.get("id"):
            table.fail(f"reads the same as {label} '{seen}'", key)


def _read_each[T](tables: list[_Table] | None, read: Callable[[_Table], T | None]) -> list[T] | None:
    """Every table read (each reports its own problems); None unless all of them were valid."""
    if tables is None:
        return None
    values = [read(t) for t in tables]
    return [v for v in values if v is not None] if all(v is not None for v in values) else None


# --- questions --------------------------------------------------------------------


def _read_option(table: _Table) -> Option | None:
    option_id, text, feedback = table.ident(), table.text("text"), table.text("feedback", required=False)
    table.finish()
    if option_id is None or text is None or feedback is None:
        return None
    return Option(option_id, text, False, feedback)


def _read_correct_ids(table: _Table, kind: str, option_ids: list[str] | None) -> list[str] | None:
    """The correct option ids; every problem with them reported, not just the first."""
    value = table.raw("correct")
    if value is None:
        return None
    scope = table.where.scope()
    if kind == "single" and isinstance(value, list):
        # The classic "two correct answers" mistake: say so plainly, and still check the ids.
        table.fail(
            f"a single-choice question has exactly one correct option, got {len(value)} "
            "(use kind = \"multiple\" for several)",
            "correct",
        )
    elif kind == "single" and not isinstance(value, str):
        table.fail(f"expected a string, got {_type_name(value)}", "correct")
        return None
    elif kind == "multiple" and not isinstance(value, list):
        table.fail(f"expected an array of option ids, got {_type_name(value)}", "correct")
        return None
    chosen: list[object] = list(value) if isinstance(value, list) else [value]
    if kind == "multiple" and not chosen:
        table.fail("a multiple-select question needs at least one correct option", "correct")
    for item in chosen:
        if not isinstance(item, str):
            table.fail(f"{item!r} is not an option id (expected a string, got {_type_name(item)})", "correct")
        elif option_ids is not None and item not in option_ids:
            table.fail(f"{item!r} is not one of the options ({', '.join(option_ids)})", "correct")
    _check_unique([(c, None) for c in chosen], table, "correct", "correct option")
    return None if scope.failed else [c for c in chosen if isinstance(c, str)]


def _read_options(table: _Table, kind: str) -> tuple[Option, ...] | None:
    option_tables = table.tables("options", "option", OPTION_COUNT)
    options = _read_each(option_tables, _read_option)
    if option_tables is not None:
        _check_unique_tables(option_tables, table, "options", "option")
    _check_distinct(option_tables, None if options is None else [o.text for o in options], "text", "option")
    option_ids = [o.id for o in options] if options is not None else None
    correct = _read_correct_ids(table, kind, option_ids)
    if options is None or correct is None:
        return None
    return tuple(Option(o.id, o.text, o.id in correct, o.feedback) for o in options)


def _read_true_false_options(table: _Table) -> tuple[Option, ...] | None:
    answer = table.typed("correct", bool, True)
    feedback_table = table.table("feedback")
    texts = {}
    if feedback_table is not None:
        texts = {value: feedback_table.text(value, required=False) for value, _ in TRUE_FALSE_OPTIONS}
        feedback_table.finish()
    if answer is None or feedback_table is None or None in texts.values():
        return None
    return tuple(
        Option(value, label, (value == "true") == answer, texts[value] or "") for value, label in TRUE_FALSE_OPTIONS
    )


def _read_choice(table: _Table, kind: str, question_id: str | None, prompt: str | None) -> ChoiceQuestion | None:
    options = _read_true_false_options(table) if kind == "true_false" else _read_options(table, kind)
    explanation, link = table.text("explanation"), table.link()
    if question_id is None or prompt is None or options is None or explanation is None or link is None:
        return None
    return ChoiceQuestion(question_id, cast(Any, kind), prompt, options, explanation, link)


def _read_category(table: _Table) -> Category | None:
    category_id, label = table.ident(), table.text("label")
    table.finish()
    return Category(category_id, label) if category_id is not None and label is not None else None


def _read_sort(table: _Table, question_id: str | None, prompt: str | None) -> SortQuestion | None:
    category_tables = table.tables("categories", "category", CATEGORY_COUNT)
    categories = _read_each(category_tables, _read_category)
    if category_tables is not None:
        _check_unique_tables(category_tables, table, "categories", "category")
    _check_distinct(category_tables, None if categories is None else [c.label for c in categories], "label", "category")
    category_ids = [c.id for c in categories] if categories is not None else None

    def read_item(t: _Table) -> SortItem | None:
        item_id, text, category = t.ident(), t.text("text"), t.text("category")
        reason, link = t.text("reason"), t.link()
        t.finish()
        if category is not None and category_ids is not None and category not in category_ids:
            t.fail(f"'{category}' is not one of the categories ({', '.join(category_ids)})", "category")
            return None
        if item_id is None or text is None or category is None or reason is None or link is None:
            return None
        return SortItem(item_id, text, category, reason, link)

    item_tables = table.tables("items", "item", SORT_ITEM_COUNT)
    items = _read_each(item_tables, read_item)
    if item_tables is not None:
        _check_unique_tables(item_tables, table, "items", "item")
    _check_distinct(item_tables, None if items is None else [i.text for i in items], "text", "item")
    if categories is None or category_tables is None or items is None or question_id is None or prompt is None:
        return None
    scope = table.where.scope()
    used = {i.category for i in items}
    for category, category_table in zip(categories, category_tables, strict=True):
        if category.id not in used:
            table.fail_on(category_table.where.line, f"category '{category.id}' has no items", "categories")
    return None if scope.failed else SortQuestion(question_id, prompt, tuple(categories), tuple(items))


def _read_scale(table: _Table, question_id: str | None, prompt: str | None, dimension_ids: list[str] | None) -> ScaleQuestion | None:
    dimension, reverse = table.text("dimension"), table.flag("reverse", False)
    if dimension is not None and dimension_ids is not None and dimension not in dimension_ids:
        table.fail(f"'{dimension}' is not one of the dimensions ({', '.join(dimension_ids) or 'none declared'})", "dimension")
        return None
    if question_id is None or prompt is None or dimension is None or reverse is None:
        return None
    return ScaleQuestion(question_id, prompt, dimension, reverse)


def _read_question(table: _Table, quiz_kind: QuizKind | None, dimension_ids: list[str] | None) -> Question | None:
    question_id, kind, prompt = table.ident(), table.text("kind"), table.text("prompt")
    if question_id in RESERVED_QUESTION_IDS:
        table.fail(f"'{question_id}' is a name the quiz form uses itself; choose another id", "id")
        question_id = None
    if kind is not None and kind not in QUESTION_KINDS:
        table.fail(f"'{kind}' is not a question kind ({', '.join(QUESTION_KINDS)})", "kind")
        kind = None
    elif kind is not None and quiz_kind is not None and kind not in (allowed := QUESTION_KINDS_BY_QUIZ_KIND[quiz_kind]):
        table.fail(f"a {quiz_kind} quiz takes {', '.join(allowed)} questions, not '{kind}'", "kind")
        kind = None
    if kind is None:
        # Without a kind the other fields cannot be judged (nor called unknown): one problem, not one per field.
        return None
    question: Question | None
    if kind == "sort":
        question = _read_sort(table, question_id, prompt)
    elif kind == "scale":
        question = _read_scale(table, question_id, prompt, dimension_ids)
    else:
        question = _read_choice(table, kind, question_id, prompt)
    table.finish(QUESTION_FIELDS[kind])
    return question


# --- assessment dimensions and bands ------------------------------------------------

type Box = dict[str, tuple[int, int]]


def _describe(scores: Mapping[str, int]) -> str:
    return ", ".join(f"{dimension} {score}" for dimension, score in scores.items())


def _uncovered(space: Box, boxes: list[Box]) -> tuple[Mapping[str, int] | None, int]:
    """A score in `space` that no box contains (or None), and how many such scores there are.

    Box subtraction: the first box that meets the space splits off what lies outside it
    along each dimension, and only those pieces are searched with the remaining boxes. The
    cost depends on the number of bands, not on the size of the score space."""
    for position, box in enumerate(boxes):
        if all(box[d][0] <= space[d][1] and space[d][0] <= box[d][1] for d in space):
            break
    else:
        volume = 1
        for low, high in space.values():
            volume *= high - low + 1
        return {d: low for d, (low, _) in space.items()}, volume
    rest = boxes[position + 1 :]
    example: Mapping[str, int] | None = None
    count = 0
    remaining = dict(space)
    for dimension, (low, high) in space.items():
        box_low, box_high = box[dimension]
        for piece in ((low, box_low - 1), (box_high + 1, high)):
            if piece[0] <= piece[1]:
                found, found_count = _uncovered({**remaining, dimension: piece}, rest)
                example = example or found
                count += found_count
        remaining[dimension] = (max(low, box_low), min(high, box_high))
    return example, count


def band_coverage_problems(bands: list[Band], possible: Box) -> list[tuple[int, str]]:
    """Every possible score combination must fall in exactly one band: gaps and overlaps, one line each,
    with the position of the band to show it at (a gap: the first; an overlap: the later band)."""
    boxes = [dict(band.ranges) for band in bands]
    problems = []
    gap, gap_count = _uncovered(possible, boxes)
    if gap is not None:
        problems.append((0, f"bands do not cover the range: no band for {_describe(gap)} ({gap_count} such scores)"))
    for first in range(len(bands)):
        for second in range(first + 1, len(bands)):
            meet = {d: (max(boxes[first][d][0], boxes[second][d][0]), min(boxes[first][d][1], boxes[second][d][1])) for d in possible}
            if all(low <= high for low, high in meet.values()):
                corner = {d: low for d, (low, _) in meet.items()}
                problems.append((second, f"bands overlap: {_describe(corner)} is in {bands[first].id}, {bands[second].id}"))
    return problems


def _read_dimension(table: _Table) -> Dimension | None:
    dimension_id, label = table.ident(), table.text("label", max_length=DIMENSION_LABEL_LENGTH)
    table.finish()
    return Dimension(dimension_id, label) if dimension_id is not None and label is not None else None


def _read_band(table: _Table, possible: Box | None) -> Band | None:
    band_id, title = table.ident(), table.text("title", max_length=BAND_TITLE_LENGTH)
    meaning, rarity = table.text("meaning"), table.text("rarity")
    summary = table.text("summary", required=False)
    raw_ranges = table.typed("ranges", dict, True)
    ranges: list[tuple[str, tuple[int, int]]] = []
    scope = table.where.scope()
    if raw_ranges is not None and possible is not None:
        for dimension in possible:
            if dimension not in raw_ranges:
                table.fail(f"no range for dimension '{dimension}'", "ranges")
        for dimension, pair in raw_ranges.items():
            key = f"ranges.{dimension}"
            if dimension not in possible:
                table.fail(f"'{dimension}' is not one of the dimensions ({', '.join(possible)})", key)
            elif not (isinstance(pair, list) and len(pair) == 2 and all(type(v) is int for v in pair)):
                table.fail("expected [low, high], two integers", key)
            elif pair[0] > pair[1]:
                table.fail(f"[{pair[0]}, {pair[1]}] is reversed: write [{pair[1]}, {pair[0]}]", key)
            elif not possible[dimension][0] <= pair[0] <= pair[1] <= possible[dimension][1]:
                low, high = possible[dimension]
                table.fail(f"[{pair[0]}, {pair[1]}] is out of range: scores run from {low} to {high}", key)
            else:
                ranges.append((dimension, (pair[0], pair[1])))

    def read_link(t: _Table) -> Link | None:
        target, text = t.link(), t.text("text")
        t.finish()
        return Link(target, text) if target is not None and text is not None else None

    links = _read_each(table.tables("links", "link", BAND_LINK_COUNT), read_link)
    table.finish()
    if None in (band_id, title, meaning, rarity, summary, raw_ranges, links) or scope.failed:
        return None
    assert band_id is not None and title is not None and meaning is not None and rarity is not None
    assert summary is not None and links is not None
    return Band(band_id, title, meaning, rarity, tuple(ranges), tuple(links), summary)


def _possible_scores(quiz: _Table, dimensions: list[Dimension], tables: list[_Table], questions: list[Question]) -> Box | None:
    """Each dimension's lowest and highest score; None (reported at its table) when one has no statements."""
    scope = quiz.where.scope()
    possible = {}
    for dimension, table in zip(dimensions, tables, strict=True):
        count = sum(1 for q in questions if isinstance(q, ScaleQuestion) and q.dimension == dimension.id)
        if count == 0:
            quiz.fail_on(table.where.line, f"dimension '{dimension.id}' has no statements", "dimensions")
        possible[dimension.id] = (count * SCALE_MIN, count * SCALE_MAX)
    return None if scope.failed else possible


# --- quizzes and catalogs -----------------------------------------------------------


def _read_quiz(table: _Table) -> Quiz | None:
    quiz_id, title, intro, kind_text = table.ident(), table.text("title"), table.text("intro", required=False), table.text("kind")
    kind: QuizKind | None = None
    if kind_text is not None and kind_text not in QUIZ_KINDS:
        table.fail(f"'{kind_text}' is not a quiz kind ({', '.join(QUIZ_KINDS)})", "kind")
    elif kind_text is not None:
        kind = kind_text
    is_assessment = kind == "assessment"
    dimensions: list[Dimension] | None = []
    dimension_tables: list[_Table] | None = None
    prediction_prompt: str | None = ""
    if is_assessment:
        prediction_prompt = table.text("prediction_prompt")
        dimension_tables = table.tables("dimensions", "dimension", DIMENSION_COUNT)
        dimensions = _read_each(dimension_tables, _read_dimension)
        if dimension_tables is not None:
            _check_unique_tables(dimension_tables, table, "dimensions", "dimension")
        _check_distinct(dimension_tables, None if dimensions is None else [d.label for d in dimensions], "label", "dimension")
    # Without a valid quiz kind the questions' count and dimensions cannot be judged: one problem, not several.
    question_tables = table.tables("questions", "question", QUESTION_COUNT[kind] if kind else None)
    dimension_ids = [d.id for d in dimensions] if dimensions is not None and kind else None
    questions: list[Question] | None = _read_each(question_tables, lambda t: _read_question(t, kind, dimension_ids))
    if question_tables is not None:
        _check_unique_tables(question_tables, table, "questions", "question")
    bands: list[Band] | None = []
    if is_assessment:
        # Ranges are judged against the statements, so only once those are known to be right.
        possible = (
            _possible_scores(table, dimensions, dimension_tables, questions) if dimensions and dimension_tables and questions else None
        )
        band_tables = table.tables("bands", "band", BAND_COUNT)
        bands = _read_each(band_tables, lambda t: _read_band(t, possible))
        if band_tables is not None:
            _check_unique_tables(band_tables, table, "bands", "band")
        _check_distinct(band_tables, None if bands is None else [b.title for b in bands], "title", "band")
        if bands and possible is not None and band_tables is not None and len(bands) == len(band_tables):
            for position, problem in band_coverage_problems(bands, possible):
                table.fail_on(band_tables[position].where.line, problem, "bands")
    table.finish(QUIZ_FIELDS + (ASSESSMENT_FIELDS if is_assessment else ()))
    if None in (quiz_id, title, intro, kind, prediction_prompt, dimensions, questions, bands):
        return None
    assert quiz_id and title is not None and intro is not None and kind and prediction_prompt is not None
    assert dimensions is not None and questions is not None and bands is not None
    return Quiz(
        quiz_id, kind, title, tuple(questions), intro=intro, prediction_prompt=prediction_prompt,
        dimensions=tuple(dimensions), bands=tuple(bands),
    )


def read_quiz(data: Mapping[str, Any], source: str, problems: list[str], *, text: str = "", essay: str | None = None) -> Quiz | None:
    """One quiz from its parsed TOML `text`; problems go to `problems`, and then None is returned.

    With `essay`, quotations in curly quotes are checked against it (see `quiz_py.quotes`)."""
    file = _File(source, problems, table_locator(text), essay)
    where = _Where(file, QUIZ_LINE)
    quiz_id = data.get("id")
    if isinstance(quiz_id, str) and quiz_id:
        where = where.at(f"quiz '{quiz_id}'")
    scope = where.scope()
    quiz = _read_quiz(_Table(data, where))
    return None if scope.failed or quiz is None else replace(quiz, source=source)


def parse_toml(text: str, source: str, problems: list[str], essay: str | None = None) -> Quiz | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # The message already ends with "(at line N, column M)".
        problems.append(f"{source}: TOML syntax error: {error}")
        return None
    except RecursionError:
        problems.append(f"{source}: nested too deeply to read: quiz files need only a few levels of tables")
        return None
    return read_quiz(data, source, problems, text=text, essay=essay)


def _catalog_from(quizzes: list[Quiz], problems: list[str]) -> Catalog:
    by_id: dict[str, list[str]] = {}
    for quiz in quizzes:
        by_id.setdefault(quiz.id, []).append(quiz.source)
    for quiz_id, sources in by_id.items():
        if len(sources) > 1:
            problems.append(f"{sources[1]}:{QUIZ_LINE}: quiz '{quiz_id}': duplicate quiz id, also in {sources[0]}")
    if problems:
        raise ContentError(problems)
    return Catalog(tuple(quizzes))


def load_catalog_texts(texts: Mapping[str, str], essay: str | None = None, problems: list[str] | None = None) -> Catalog:
    """One quiz per TOML text, keyed by source name; raises ContentError listing every problem
    (those in `problems` already, such as unreadable files, included)."""
    problems = problems if problems is not None else []
    if not texts and not problems:
        problems.append("no quiz files found")
    quizzes = [quiz for source, text in texts.items() if (quiz := parse_toml(text, source, problems, essay))]
    return _catalog_from(quizzes, problems)


def read_source(path: Path, name: str, problems: list[str]) -> str | None:
    """A file's text as UTF-8; otherwise one line saying why not, and None."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        problems.append(f"{name}: is a directory, not a quiz file")
        return None
    except FileNotFoundError:
        problems.append(f"{name}: is a link to a file that does not exist" if path.is_symlink() else f"{name}: not found")
        return None
    except OSError as error:
        problems.append(f"{name}: cannot be read ({error.strerror})")
        return None
    if raw.startswith(codecs.BOM_UTF8):
        problems.append(f"{name}: starts with a byte order mark (BOM): save it as UTF-8 without BOM")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        problems.append(f"{name}: is UTF-16 or another encoding with NUL bytes: save it as UTF-8")
    else:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            problems.append(f"{name}:{line}: is not UTF-8 (byte 0x{raw[error.start]:02x}): save it as UTF-8")
    return None


def read_sources(paths: Iterable[Path], root: Path | None, problems: list[str]) -> dict[str, str]:
    """Each readable file's text, keyed by its name relative to `root`; the others' problems go to `problems`."""
    texts = {}
    for path in sorted(paths):
        name = (path.relative_to(root) if root else path).as_posix()
        if (text := read_source(path, name, problems)) is not None:
            texts[name] = text
    return texts


def load_catalog_files(paths: Iterable[Path], root: Path | None = None, essay: str | None = None) -> Catalog:
    """One quiz per TOML file, named relative to `root` in messages; raises ContentError."""
    problems: list[str] = []
    return load_catalog_texts(read_sources(paths, root, problems), essay, problems)
