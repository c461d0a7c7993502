"""The quiz content as immutable dataclasses.

One `Catalog` holds every quiz of the site. A `Quiz` is one of three kinds:

* ``checkpoint``: comprehension questions (``single``, ``multiple``, ``true_false``);
* ``sort``: one ``sort`` question, items sorted into categories;
* ``assessment``: ``scale`` statements scored on dimensions, read through bands.

Links are stored as written: MkDocs doc paths with an anchor in the TOML sources
(``chapters/two-different-jobs.md#leaders-inspire``), site-root-relative URLs once
the build has resolved them (``chapters/two-different-jobs/#leaders-inspire``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

type QuizKind = Literal["checkpoint", "sort", "assessment"]
type QuestionKind = Literal["single", "multiple", "true_false", "sort", "scale"]

QUIZ_KINDS: tuple[QuizKind, ...] = ("checkpoint", "sort", "assessment")

# Which question kinds each quiz kind may hold.
QUESTION_KINDS_BY_QUIZ_KIND: dict[QuizKind, tuple[QuestionKind, ...]] = {
    "checkpoint": ("single", "multiple", "true_false"),
    "sort": ("sort",),
    "assessment": ("scale",),
}
QUESTION_KINDS: tuple[QuestionKind, ...] = tuple(k for kinds in QUESTION_KINDS_BY_QUIZ_KIND.values() for k in kinds)

# The five points of every scale statement, value "1".."5".
SCALE_LABELS: tuple[str, ...] = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
SCALE_MIN = 1
SCALE_MAX = len(SCALE_LABELS)

# A true/false question is a single-choice question over these two fixed options.
TRUE_FALSE_OPTIONS: tuple[tuple[str, str], ...] = (("true", "True"), ("false", "False"))


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceQuestion:
    """``single``, ``multiple`` and ``true_false`` questions."""

    id: str
    kind: Literal["single", "multiple", "true_false"]
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    link: str

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options if option.correct)


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class SortItem:
    id: str
    text: str
    category: str
    reason: str
    link: str


@dataclass(frozen=True, slots=True)
class SortQuestion:
    id: str
    prompt: str
    categories: tuple[Category, ...]
    items: tuple[SortItem, ...]
    kind: Literal["sort"] = "sort"


@dataclass(frozen=True, slots=True)
class ScaleQuestion:
    """A statement rated 1..5; ``reverse`` statements score ``6 - rating``."""

    id: str
    prompt: str
    dimension: str
    reverse: bool
    kind: Literal["scale"] = "scale"


type Question = ChoiceQuestion | SortQuestion | ScaleQuestion


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Link:
    target: str
    text: str


@dataclass(frozen=True, slots=True)
class Band:
    """A region of the score space: for each dimension id, an inclusive (low, high)."""

    id: str
    title: str
    meaning: str
    rarity: str
    ranges: tuple[tuple[str, tuple[int, int]], ...]
    links: tuple[Link, ...]
    # One line shown under the band's name where the reader predicts their band.
    summary: str = ""

    def contains(self, scores: dict[str, int]) -> bool:
        return all(low <= scores[dim] <= high for dim, (low, high) in self.ranges)


@dataclass(frozen=True, slots=True)
class Quiz:
    id: str
    kind: QuizKind
    title: str
    questions: tuple[Question, ...]
    intro: str = ""
    # Assessment only.
    prediction_prompt: str = ""
    dimensions: tuple[Dimension, ...] = ()
    bands: tuple[Band, ...] = ()
    # Where the quiz was read from, for diagnostics; not part of the content or its hash.
    source: str = field(default="", compare=False)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def band(self, band_id: str) -> Band | None:
        return next((b for b in self.bands if b.id == band_id), None)

    def score_range(self, dimension_id: str) -> tuple[int, int]:
        """The lowest and highest possible score on one dimension."""
        count = sum(
            1 for q in self.questions if isinstance(q, ScaleQuestion) and q.dimension == dimension_id
        )
        return count * SCALE_MIN, count * SCALE_MAX


@dataclass(frozen=True, slots=True)
class Catalog:
    quizzes: tuple[Quiz, ...]

    def quiz(self, quiz_id: str) -> Quiz | None:
        return next((q for q in self.quizzes if q.id == quiz_id), None)
