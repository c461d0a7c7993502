"""Reading quiz content (TOML files or the JSON catalog) into the model, with validation.

Every problem is collected, not just the first, and reported as one line naming the
file, the quiz, the question and the field, e.g.::

    quizzes/checkpoint-1.toml: quiz 'checkpoint-1', question 'q2', field 'correct': 'e' is not one of the options (a, b, c)

The TOML sources and the JSON catalog share one data layout (see `catalog.quiz_to_data`),
so the same validation runs at build time and when the browser loads the catalog.
Links are checked against the site's pages and anchors by `link_errors`, which the
MkDocs hook calls once it knows them.
"""

from __future__ import annotations

import difflib
import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .model import (
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
    Quiz,
    ScaleQuestion,
    SortItem,
    SortQuestion,
)

# Ids end up in HTML ids and form names joined by "--", so a single hyphen only.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 40

QUESTION_COUNT: dict[str, tuple[int, int]] = {"checkpoint": (1, 3), "sort": (1, 1), "assessment": (2, 24)}
OPTION_COUNT = (2, 6)
CATEGORY_COUNT = (2, 4)
SORT_ITEM_COUNT = (4, 12)
CATALOG_VERSION = 1


class ContentError(Exception):
    """Invalid quiz content; `messages` holds one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class _Where:
    """Where a value sits, for messages: the file and a path like quiz 'x', question 'q1'."""

    source: str
    errors: list[str]
    parts: tuple[str, ...] = ()

    def at(self, part: str) -> _Where:
        return _Where(self.source, self.errors, (*self.parts, part))

    def error(self, message: str, field_name: str | None = None) -> None:
        parts = self.parts + ((f"field '{field_name}'",) if field_name else ())
        self.errors.append(f"{self.source}: {', '.join(parts)}: {message}" if parts else f"{self.source}: {message}")


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


_MISSING = object()


@dataclass
class _Table:
    """One TOML table being read: typed getters that report problems, then `finish`."""

    data: Mapping[str, Any]
    where: _Where
    allowed: tuple[str, ...]
    valid: bool = True
    _seen: set[str] = field(default_factory=set)

    def _get(self, key: str, expected: type, required: bool) -> Any:
        self._seen.add(key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.fail(f"missing required field '{key}'")
            return _MISSING
        # bool is an int subclass in Python: never accept one for the other.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            self.fail(f"expected {_TYPE_NAMES[expected]}, got {_type_name(value)}", key)
            return _MISSING
        return value

    def mark_read(self, *keys: str) -> None:
        """Fields already dealt with, not to be reported as unknown."""
        self._seen.update(keys)

    def fail(self, message: str, key: str | None = None) -> None:
        self.valid = False
        self.where.error(message, key)

    def text(self, key: str, required: bool = True) -> str:
        value = self._get(key, str, required)
        if value is _MISSING:
            return ""
        if not value.strip():
            if required:
                self.fail("must not be empty", key)
            return ""
        return cast(str, value).strip()

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if value and (len(value) > MAX_ID_LENGTH or not ID_PATTERN.fullmatch(value)):
            self.fail(
                f"{value!r} is not a valid id (lower-case letters, digits and single hyphens, "
                f"at most {MAX_ID_LENGTH} characters)",
                key,
            )
            return ""
        return value

    def link(self, key: str = "link") -> str:
        value = self.text(key)
        page, _, anchor = value.partition("#")
        if value and (not page or not anchor):
            self.fail(f"{value!r} must name a page and a passage anchor, like 'chapters/page.md#anchor'", key)
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, bool, False)
        return default if value is _MISSING else cast(bool, value)

    def value(self, key: str, expected: type, required: bool = True) -> Any:
        """A raw value of one type, or None when missing or mistyped."""
        value = self._get(key, expected, required)
        return None if value is _MISSING else value

    def tables(self, key: str, label: str, count: tuple[int, int] | None = None) -> list[_Table]:
        """An array of tables, each wrapped to be read on; checks how many there are."""
        items = self._get(key, list, True)
        if items is _MISSING:
            return []
        low, high = count or (1, 1_000)
        if not low <= len(items) <= high:
            expected = str(low) if low == high else f"between {low} and {high}"
            self.fail(f"has {len(items)} {label}{'' if len(items) == 1 else 's'}; expected {expected}", key)
        tables = []
        for position, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                self.fail(f"{label} #{position} must be a table, got {_type_name(item)}", key)
                continue
            item_id = item.get("id")
            name = f"{label} '{item_id}'" if isinstance(item_id, str) and item_id else f"{label} #{position}"
            tables.append(_Table(item, self.where.at(name), ()))
        return tables

    def finish(self, allowed: Iterable[str] = ()) -> None:
        """Report fields nobody asked for, suggesting the closest known one (typos)."""
        known = sorted(self._seen | set(self.allowed) | set(allowed))
        for key in self.data:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known fields: {', '.join(known)})"
            self.fail(f"unknown field{hint}", key)


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i and (i in seen or seen.add(i))})


def _table_ids(tables: list[_Table]) -> list[str]:
    return [t.data["id"] for t in tables if isinstance(t.data.get("id"), str)]


def _check_unique(ids: list[str], owner: _Table, key: str, label: str) -> None:
    for duplicate in _duplicates(ids):
        owner.fail(f"duplicate {label} id '{duplicate}'", key)


# --- questions --------------------------------------------------------------------


def _read_options(table: _Table, kind: str) -> tuple[Option, ...] | None:
    option_tables = table.tables("options", "option", OPTION_COUNT)
    raw = [(t.ident(), t.text("text"), t.text("feedback", required=False)) for t in option_tables]
    for t in option_tables:
        t.finish()
    _check_unique([r[0] for r in raw], table, "options", "option")
    correct = table.value("correct", str if kind == "single" else list)
    if not all(t.valid for t in option_tables) or correct is None:
        table.valid = False
        return None
    ids = [r[0] for r in raw]
    chosen = [correct] if isinstance(correct, str) else correct
    for value in chosen:
        if not isinstance(value, str) or value not in ids:
            table.fail(f"{value!r} is not one of the options ({', '.join(ids)})", "correct")
    if isinstance(correct, list) and not correct:
        table.fail("a multiple-select question needs at least one correct option", "correct")
    if not table.valid:
        return None
    return tuple(Option(i, text, i in chosen, feedback) for i, text, feedback in raw)


def _read_true_false_options(table: _Table) -> tuple[Option, ...]:
    answer = table.value("correct", bool)
    feedback = table.value("feedback", dict, required=False) or {}
    feedback_table = _Table(feedback, table.where.at("feedback"), ())
    texts = {value: feedback_table.text(value, required=False) for value, _ in TRUE_FALSE_OPTIONS}
    feedback_table.finish()
    table.valid = table.valid and feedback_table.valid
    return tuple(
        Option(value, label, (value == "true") == answer, texts[value]) for value, label in TRUE_FALSE_OPTIONS
    )


def _read_choice(table: _Table, kind: str, question_id: str, prompt: str) -> ChoiceQuestion | None:
    if kind == "single":
        # A list here is the classic "two correct answers" mistake: say so plainly.
        correct = table.data.get("correct")
        if isinstance(correct, list):
            table.fail(
                f"a single-choice question has exactly one correct option, got {len(correct)} "
                "(use kind = \"multiple\" for several)",
                "correct",
            )
            table.mark_read("correct", "options")
            return None
    options = _read_true_false_options(table) if kind == "true_false" else _read_options(table, kind)
    explanation = table.text("explanation")
    link = table.link()
    if not table.valid or options is None:
        return None
    return ChoiceQuestion(question_id, cast(Any, kind), prompt, options, explanation, link)


def _read_sort(table: _Table, question_id: str, prompt: str) -> SortQuestion | None:
    category_tables = table.tables("categories", "category", CATEGORY_COUNT)
    categories = [Category(t.ident(), t.text("label")) for t in category_tables]
    _check_unique([c.id for c in categories], table, "categories", "category")
    category_ids = [c.id for c in categories]
    item_tables = table.tables("items", "item", SORT_ITEM_COUNT)
    items = []
    for t in item_tables:
        item = SortItem(t.ident(), t.text("text"), t.text("category"), t.text("reason"), t.link())
        if item.category and item.category not in category_ids:
            t.fail(f"'{item.category}' is not one of the categories ({', '.join(category_ids)})", "category")
        items.append(item)
    _check_unique([i.id for i in items], table, "items", "item")
    for t in (*category_tables, *item_tables):
        t.finish()
    used = {i.category for i in items}
    for category in categories:
        if category.id and items and category.id not in used:
            table.fail(f"category '{category.id}' has no items", "categories")
    if not table.valid or not all(t.valid for t in (*category_tables, *item_tables)):
        return None
    return SortQuestion(question_id, prompt, tuple(categories), tuple(items))


def _read_scale(table: _Table, question_id: str, prompt: str, dimension_ids: list[str]) -> ScaleQuestion | None:
    dimension = table.text("dimension")
    if dimension and dimension not in dimension_ids:
        known = ", ".join(dimension_ids) or "none declared"
        table.fail(f"'{dimension}' is not one of the dimensions ({known})", "dimension")
    reverse = table.flag("reverse", False)
    return ScaleQuestion(question_id, prompt, dimension, reverse) if table.valid else None


_QUESTION_FIELDS: dict[str, tuple[str, ...]] = {
    "single": ("options", "correct", "explanation", "link"),
    "multiple": ("options", "correct", "explanation", "link"),
    "true_false": ("correct", "feedback", "explanation", "link"),
    "sort": ("categories", "items"),
    "scale": ("dimension", "reverse"),
}


def _read_question(table: _Table, quiz_kind: str, dimension_ids: list[str]) -> Question | None:
    question_id = table.ident()
    allowed_kinds = QUESTION_KINDS_BY_QUIZ_KIND.get(cast(Any, quiz_kind), ())
    kind = table.text("kind")
    prompt = table.text("prompt")
    if kind and kind not in _QUESTION_FIELDS:
        table.fail(f"'{kind}' is not a question kind ({', '.join(_QUESTION_FIELDS)})", "kind")
        return None
    if kind and allowed_kinds and kind not in allowed_kinds:
        table.fail(f"a {quiz_kind} quiz takes {', '.join(allowed_kinds)} questions, not '{kind}'", "kind")
        return None
    if not kind:
        return None
    question: Question | None
    if kind == "sort":
        question = _read_sort(table, question_id, prompt)
    elif kind == "scale":
        question = _read_scale(table, question_id, prompt, dimension_ids)
    else:
        question = _read_choice(table, kind, question_id, prompt)
    table.finish(_QUESTION_FIELDS[kind])
    return question if table.valid else None


# --- assessment dimensions and bands ------------------------------------------------


def _read_bands(quiz: _Table, dimensions: list[Dimension], questions: list[Question]) -> list[Band]:
    ranges_possible = {}
    for dimension in dimensions:
        count = sum(1 for q in questions if isinstance(q, ScaleQuestion) and q.dimension == dimension.id)
        if count == 0 and dimension.id:
            quiz.fail(f"dimension '{dimension.id}' has no statements", "dimensions")
        ranges_possible[dimension.id] = (count * SCALE_MIN, count * SCALE_MAX)
    bands = []
    band_tables = quiz.tables("bands", "band", (1, 12))
    for t in band_tables:
        band_id, title, meaning, rarity = t.ident(), t.text("title"), t.text("meaning"), t.text("rarity")
        ranges = []
        raw_ranges = t.value("ranges", dict) or {}
        for dim_id in ranges_possible:
            if dim_id not in raw_ranges and raw_ranges:
                t.fail(f"no range for dimension '{dim_id}'", "ranges")
        for dim_id, pair in raw_ranges.items():
            key = f"ranges.{dim_id}"
            if dim_id not in ranges_possible:
                t.fail(f"'{dim_id}' is not one of the dimensions ({', '.join(ranges_possible)})", key)
                continue
            if not (isinstance(pair, list) and len(pair) == 2 and all(type(v) is int for v in pair)):
                t.fail("expected [low, high], two integers", key)
                continue
            low, high = pair
            possible_low, possible_high = ranges_possible[dim_id]
            if not possible_low <= low <= high <= possible_high:
                t.fail(f"[{low}, {high}] is out of range: scores run from {possible_low} to {possible_high}", key)
            ranges.append((dim_id, (low, high)))
        links = []
        for link_table in t.tables("links", "link", (1, 4)):
            links.append(Link(link_table.link(), link_table.text("text")))
            link_table.finish()
            t.valid = t.valid and link_table.valid
        t.finish()
        if t.valid:
            bands.append(Band(band_id, title, meaning, rarity, tuple(ranges), tuple(links)))
    _check_unique(_table_ids(band_tables), quiz, "bands", "band")
    if quiz.valid and bands and len(bands) == len(band_tables):
        _check_band_coverage(quiz, bands, ranges_possible)
    return bands


def _check_band_coverage(quiz: _Table, bands: list[Band], possible: dict[str, tuple[int, int]]) -> None:
    """Every possible score combination must fall in exactly one band."""
    dims = list(possible)
    gaps, overlaps = [], []
    for combination in itertools.product(*(range(low, high + 1) for low, high in possible.values())):
        scores = dict(zip(dims, combination))
        matching = [b.id for b in bands if b.contains(scores)]
        if not matching:
            gaps.append(scores)
        elif len(matching) > 1:
            overlaps.append((scores, matching))

    def describe(scores: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in scores.items())

    if gaps:
        quiz.fail(f"bands do not cover the range: no band for {describe(gaps[0])} ({len(gaps)} such scores)", "bands")
    if overlaps:
        scores, ids = overlaps[0]
        quiz.fail(f"bands overlap: {describe(scores)} is in {', '.join(ids)} ({len(overlaps)} such scores)", "bands")


# --- quizzes and catalogs -----------------------------------------------------------

_QUIZ_FIELDS = ("id", "kind", "title", "intro", "questions")
_ASSESSMENT_FIELDS = ("prediction_prompt", "dimensions", "bands")


def read_quiz(data: Mapping[str, Any], source: str, errors: list[str]) -> Quiz | None:
    """One quiz from its data; problems go to `errors`, and then None is returned."""
    quiz_id = data.get("id")
    where = _Where(source, errors)
    if isinstance(quiz_id, str) and quiz_id:
        where = where.at(f"quiz '{quiz_id}'")
    table = _Table(data, where, _QUIZ_FIELDS)
    quiz_id, title, intro = table.ident(), table.text("title"), table.text("intro", required=False)
    kind = table.text("kind")
    if kind and kind not in QUIZ_KINDS:
        table.fail(f"'{kind}' is not a quiz kind ({', '.join(QUIZ_KINDS)})", "kind")
        kind = ""
    is_assessment = kind == "assessment"
    dimensions: list[Dimension] = []
    prediction_prompt = ""
    if is_assessment:
        prediction_prompt = table.text("prediction_prompt")
        dimension_tables = table.tables("dimensions", "dimension", (1, 4))
        dimensions = [Dimension(t.ident(), t.text("label")) for t in dimension_tables]
        for t in dimension_tables:
            t.finish()
            table.valid = table.valid and t.valid
        _check_unique([d.id for d in dimensions], table, "dimensions", "dimension")
    question_tables = table.tables("questions", "question", QUESTION_COUNT.get(kind))
    questions = [_read_question(t, kind, [d.id for d in dimensions]) for t in question_tables]
    _check_unique(_table_ids(question_tables), table, "questions", "question")
    valid_questions = [q for q in questions if q is not None]
    all_questions_valid = len(valid_questions) == len(question_tables)
    bands = _read_bands(table, dimensions, valid_questions) if is_assessment and all_questions_valid else []
    table.finish(_ASSESSMENT_FIELDS if is_assessment else ())
    if not table.valid or not all_questions_valid:
        return None
    return Quiz(
        quiz_id,
        cast(Any, kind),
        title,
        tuple(valid_questions),
        intro=intro,
        prediction_prompt=prediction_prompt,
        dimensions=tuple(dimensions),
        bands=tuple(bands),
        source=source,
    )


def _catalog_from(quizzes: list[Quiz], errors: list[str]) -> Catalog:
    by_id: dict[str, list[str]] = {}
    for quiz in quizzes:
        by_id.setdefault(quiz.id, []).append(quiz.source)
    for quiz_id, sources in by_id.items():
        if len(sources) > 1:
            errors.append(f"{sources[1]}: quiz '{quiz_id}': duplicate quiz id, also in {sources[0]}")
    if errors:
        raise ContentError(errors)
    return Catalog(tuple(quizzes))


def parse_toml(text: str, source: str, errors: list[str]) -> Quiz | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # The message already ends with "(at line N, column M)".
        errors.append(f"{source}: TOML syntax error: {error}")
        return None
    return read_quiz(data, source, errors)


def load_catalog_texts(texts: Mapping[str, str]) -> Catalog:
    """One quiz per TOML text, keyed by source name; raises ContentError listing every problem."""
    errors: list[str] = []
    quizzes = [quiz for source, text in texts.items() if (quiz := parse_toml(text, source, errors))]
    if not texts:
        errors.append("no quiz files found")
    return _catalog_from(quizzes, errors)


def load_catalog_files(paths: Iterable[Path], root: Path | None = None) -> Catalog:
    """One quiz per TOML file, named relative to `root` in messages."""
    return load_catalog_texts(
        {(path.relative_to(root) if root else path).as_posix(): path.read_text(encoding="utf-8") for path in sorted(paths)}
    )


def load_catalog_data(data: object, source: str = "catalog.json") -> Catalog:
    """The catalog as written by `catalog.catalog_to_data`; raises ContentError."""
    errors: list[str] = []
    if not isinstance(data, dict) or data.get("version") != CATALOG_VERSION or not isinstance(
        data.get("quizzes"), list
    ):
        raise ContentError([f"{source}: expected {{\"version\": {CATALOG_VERSION}, \"quizzes\": [...]}}"])
    quizzes = []
    for position, quiz_data in enumerate(data["quizzes"], start=1):
        if not isinstance(quiz_data, dict):
            errors.append(f"{source}: quiz #{position} must be an object")
            continue
        quiz = read_quiz(quiz_data, source, errors)
        if quiz:
            quizzes.append(quiz)
    return _catalog_from(quizzes, errors)


# --- links ----------------------------------------------------------------------------


def iter_links(quiz: Quiz) -> Iterator[tuple[str, str, str]]:
    """Every link in a quiz, as (location for messages, field, target)."""
    where = f"quiz '{quiz.id}'"
    for question in quiz.questions:
        if isinstance(question, ChoiceQuestion):
            yield f"{where}, question '{question.id}'", "link", question.link
        elif isinstance(question, SortQuestion):
            for item in question.items:
                yield f"{where}, question '{question.id}', item '{item.id}'", "link", item.link
    for band in quiz.bands:
        for position, link in enumerate(band.links, start=1):
            yield f"{where}, band '{band.id}', link #{position}", "link", link.target


def link_errors(catalog: Catalog, pages: Mapping[str, Iterable[str] | None]) -> list[str]:
    """Links to unknown pages or anchors. `pages` maps doc paths to their anchor ids,
    or to None where the anchors are not known yet (then only the page is checked)."""
    errors = []
    for quiz in catalog.quizzes:
        for location, field_name, target in iter_links(quiz):
            page, _, anchor = target.partition("#")
            prefix = f"{quiz.source}: {location}, field '{field_name}'"
            if page not in pages:
                close = difflib.get_close_matches(page, list(pages), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                errors.append(f"{prefix}: {target!r} links to an unknown page '{page}'{hint}")
                continue
            anchors = pages[page]
            if anchors is not None and anchor not in (known := set(anchors)):
                close = difflib.get_close_matches(anchor, sorted(known), n=1)
                hint = f" (did you mean '#{close[0]}'?)" if close else ""
                errors.append(f"{prefix}: {target!r} links to an unknown anchor '#{anchor}' on {page}{hint}")
    return errors
