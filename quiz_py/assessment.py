"""Scoring the self-assessment: dimension scores, the band, the prediction, the chart.

Each statement is rated 1..5; a ``reverse`` statement scores ``6 - rating`` (agreeing
with "targets slip past before I notice" counts against management). A dimension's
score is the sum over its statements, so with n statements it runs from n to 5n.
The band is the one whose ranges hold every dimension's score (validation makes
that exactly one). Nothing is marked wrong.

The result says everything the page shows, in words: the comparison of the guess
with the band (when they differ: which scores the answers put lower or higher than
the guess, then what that means in the essay's terms), in two voices (``own`` for
the reader who answered, ``shared`` for someone opening a share link), each
dimension's score stated once with the statements that pulled it down most, and
the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from .answers import Answers, unanswered
from .chart import Axis, Region, chart
from .model import SCALE_LABELS, SCALE_MAX, SCALE_MIN, Band, Dimension, Quiz, ScaleQuestion

# At most this many statements explain a score ("the two or three that pulled it down most").
PULLED_DOWN_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Voice:
    """Who the comparison speaks to: the reader who answered, or someone opening their share link."""

    guessed: str
    no_guess: str
    answers_say: str
    held: str
    whose: str
    who: str
    themselves: str

class Comparison(TypedDict):
    guess: str
    answers_say: str
    gap: str | None


class Statement(TypedDict):
    id: str
    text: str
    answer: str
    points: int
    reverse: bool
    note: str


class DimensionResult(TypedDict):
    id: str
    label: str
    score: int
    min: int
    max: int
    strong_from: int | None
    summary: str
    pulled_down_intro: str
    pulled_down: list[Statement]


class BandLink(TypedDict):
    url: str
    text: str


class BandResult(TypedDict):
    id: str
    title: str
    meaning: str
    links: list[BandLink]


class PredictionResult(TypedDict):
    band: str
    title: str
    held: bool


class Assessment(TypedDict):
    """The `assess` result; everything but `quiz`, `complete` and `missing` is empty until every statement is rated."""

    quiz: str
    complete: bool
    missing: list[str]
    dimensions: list[DimensionResult]
    band: BandResult | None
    prediction: PredictionResult | None
    comparison: dict[str, Comparison] | None  # "own" and "shared" voices
    rarity: str | None
    chart: dict[str, str] | None



OWN = Voice(
    guessed="You guessed: {}.",
    no_guess="You made no guess.",
    answers_say="Your answers say:",
    held="Your guess held: your answers put you where you expected.",
    whose="your",
    who="you",
    themselves="yourself",
)
SHARED = Voice(
    guessed="A shared result: they guessed {}.",
    no_guess="A shared result: they made no guess.",
    answers_say="Their answers say:",
    held="Their guess held: their answers put them where they expected.",
    whose="their",
    who="they",
    themselves="themselves",
)


def statement_score(question: ScaleQuestion, rating: int) -> int:
    return SCALE_MIN + SCALE_MAX - rating if question.reverse else rating


def _statements(quiz: Quiz, dimension_id: str) -> list[ScaleQuestion]:
    return [q for q in quiz.questions if isinstance(q, ScaleQuestion) and q.dimension == dimension_id]


def dimension_scores(quiz: Quiz, answers: Answers) -> dict[str, int]:
    """Each dimension's score from complete `answers` (every statement rated)."""
    scores = {d.id: 0 for d in quiz.dimensions}
    for question in quiz.questions:
        if isinstance(question, ScaleQuestion):
            scores[question.dimension] += statement_score(question, int(answers[question.id]))  # type: ignore[arg-type]
    return scores


def band_starts(quiz: Quiz, dimension_id: str) -> tuple[int, ...]:
    """The scores where a band begins on a dimension, above its lowest score: where "strong" begins."""
    lowest = quiz.score_range(dimension_id)[0]
    return tuple(sorted({low for band in quiz.bands for dim, (low, _) in band.ranges if dim == dimension_id and low > lowest}))


def is_rarest(quiz: Quiz, band: Band) -> bool:
    """Strong on every dimension: the essay's "even fewer have been strong in both"."""
    return all(low > quiz.score_range(dim)[0] for dim, (low, _) in band.ranges)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def gap_meaning(lower: list[str], higher: list[str], voice: Voice) -> str:
    """What a missed guess means, in the essay's terms ("Leadership and management are not the same thing")."""
    if lower and higher:
        # Strong where the guess was weak and weak where it was strong: the essay's "strong managers
        # aren't automatically great leaders", either way round.
        return (f"In the essay’s terms, {voice.who} may have taken strength at one job for strength at the other: "
                f"{_join(lower)} and {_join(higher)} are not the same thing.")
    return (f"A guess is how {voice.who} see {voice.themselves}; the statements ask what {voice.who} do at work today, "
            "and the essay tells managers from leaders by what each does.")


def comparison(quiz: Quiz, band: Band, predicted: Band | None, scores: dict[str, int], voice: Voice) -> Comparison:
    """{"guess", "answers_say", "gap"}: the guess, the lead-in to the band's title, and the gap: its direction
    in one sentence, what it means in another."""
    if predicted is None:
        return {"guess": voice.no_guess, "answers_say": voice.answers_say, "gap": None}
    guess = voice.guessed.format(predicted.title)
    if predicted.id == band.id:
        return {"guess": guess, "answers_say": voice.answers_say, "gap": voice.held}
    expected = dict(predicted.ranges)
    labels = {d.id: d.label.lower() for d in quiz.dimensions}
    lower = [labels[d] for d in labels if scores[d] < expected[d][0]]
    higher = [labels[d] for d in labels if scores[d] > expected[d][1]]
    first, first_way, second, second_way = (lower, "lower", higher, "higher") if lower else (higher, "higher", lower, "lower")
    gap = f"The gap: {voice.whose} answers rate {voice.whose} {_join(first)} {first_way} than {voice.who} guessed"
    if second:
        gap += f", and {voice.whose} {_join(second)} {second_way}"
    return {"guess": guess, "answers_say": voice.answers_say, "gap": f"{gap}. {gap_meaning(lower, higher, voice)}"}


def pulled_down(quiz: Quiz, dimension: Dimension, answers: Answers) -> list[Statement]:
    """The statements that cost the dimension the most points, most first (ties in quiz order)."""
    costs = []
    for position, question in enumerate(_statements(quiz, dimension.id)):
        rating = int(answers[question.id])  # type: ignore[arg-type]
        points = statement_score(question, rating)
        if points < SCALE_MAX:
            costs.append((SCALE_MAX - points, position, question, rating, points))
    shown = sorted(costs, key=lambda cost: (-cost[0], cost[1]))[:PULLED_DOWN_SHOWN]
    entries: list[Statement] = []
    for _, _, question, rating, points in shown:
        answer = SCALE_LABELS[rating - SCALE_MIN]
        note = f"Answered {answer}: {points} of {SCALE_MAX} points."
        if question.reverse:
            note = f"Agreeing with this counts against {dimension.label.lower()}: answered {answer}, {points} of {SCALE_MAX} points."
        entries.append({"id": question.id, "text": question.prompt, "answer": answer, "points": points,
                        "reverse": question.reverse, "note": note})
    return entries


def _dimension_result(quiz: Quiz, dimension: Dimension, score: int, answers: Answers) -> DimensionResult:
    low, high = quiz.score_range(dimension.id)
    starts = band_starts(quiz, dimension.id)
    strong_from = f"; strong from {starts[-1]}" if starts else ""
    statements = pulled_down(quiz, dimension, answers)
    return {
        "id": dimension.id,
        "label": dimension.label,
        "score": score,
        "min": low,
        "max": high,
        "strong_from": starts[-1] if starts else None,
        "summary": f"{dimension.label}: {score} on a scale from {low} to {high}{strong_from}.",
        "pulled_down_intro": "What pulled it down most:" if statements else "Every statement scored full points.",
        "pulled_down": statements,
    }


def _chart(quiz: Quiz, scores: dict[str, int]) -> dict[str, str]:
    axes = [Axis(d.label, *quiz.score_range(d.id), band_starts=band_starts(quiz, d.id)) for d in quiz.dimensions]
    regions = [
        Region(b.id, b.title, tuple(dict(b.ranges)[d.id] for d in quiz.dimensions), is_rarest(quiz, b)) for b in quiz.bands
    ]
    return chart(axes, regions, tuple(scores[d.id] for d in quiz.dimensions), f"quiz-{quiz.id}")


def assess(quiz: Quiz, answers: Answers, prediction: str | None) -> Assessment:
    """The result for canonical answers; incomplete answers give only the missing list."""
    missing = [q.id for q in unanswered(quiz, answers)]
    result: Assessment = {
        "quiz": quiz.id,
        "complete": not missing,
        "missing": missing,
        "dimensions": [],
        "band": None,
        "prediction": None,
        "comparison": None,
        "rarity": None,
        "chart": None,
    }
    if missing:
        return result
    scores = dimension_scores(quiz, answers)
    band = next(b for b in quiz.bands if b.contains(scores))
    result["dimensions"] = [_dimension_result(quiz, d, scores[d.id], answers) for d in quiz.dimensions]
    result["band"] = {
        "id": band.id,
        "title": band.title,
        "meaning": band.meaning,
        "links": [{"url": link.target, "text": link.text} for link in band.links],
    }
    predicted = quiz.band(prediction) if prediction else None
    if predicted:
        result["prediction"] = {"band": predicted.id, "title": predicted.title, "held": predicted.id == band.id}
    result["comparison"] = {voice: comparison(quiz, band, predicted, scores, v) for voice, v in (("own", OWN), ("shared", SHARED))}
    result["rarity"] = band.rarity
    result["chart"] = _chart(quiz, scores)
    return result
