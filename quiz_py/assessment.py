"""Scoring the self-assessment: dimension scores, the band, the prediction, the chart.

Each statement is rated 1..5; a ``reverse`` statement scores ``6 - rating`` (agreeing
with "targets slip past before I notice" counts against management). A dimension's
score is the sum over its statements, so with n statements it runs from n to 5n.
The band is the one whose ranges hold every dimension's score (validation makes
that exactly one). Nothing is marked wrong.
"""

from __future__ import annotations

from typing import Any

from .answers import Answers
from .chart import ChartRow, bar_chart
from .model import SCALE_MAX, SCALE_MIN, Quiz, ScaleQuestion


def statement_score(question: ScaleQuestion, rating: int) -> int:
    return SCALE_MIN + SCALE_MAX - rating if question.reverse else rating


def dimension_scores(quiz: Quiz, answers: Answers) -> dict[str, int]:
    scores = {d.id: 0 for d in quiz.dimensions}
    for question in quiz.questions:
        if isinstance(question, ScaleQuestion) and question.id in answers:
            scores[question.dimension] += statement_score(question, int(answers[question.id]))  # type: ignore[arg-type]
    return scores


def assess(quiz: Quiz, answers: Answers, prediction: str | None) -> dict[str, Any]:
    """The result for canonical answers; incomplete answers give only the missing list."""
    missing = [q.id for q in quiz.questions if q.id not in answers]
    result: dict[str, Any] = {
        "quiz": quiz.id,
        "complete": not missing,
        "missing": missing,
        "dimensions": [],
        "band": None,
        "prediction": None,
        "rarity": None,
        "chart": None,
    }
    if missing:
        return result
    scores = dimension_scores(quiz, answers)
    band = next(b for b in quiz.bands if b.contains(scores))
    rows = [ChartRow(d.label, scores[d.id], *quiz.score_range(d.id)) for d in quiz.dimensions]
    result["dimensions"] = [
        {"id": d.id, "label": row.label, "score": row.score, "min": row.low, "max": row.high}
        for d, row in zip(quiz.dimensions, rows)
    ]
    result["band"] = {
        "id": band.id,
        "title": band.title,
        "meaning": band.meaning,
        "links": [{"url": link.target, "text": link.text} for link in band.links],
    }
    predicted = quiz.band(prediction) if prediction else None
    if predicted:
        result["prediction"] = {"band": predicted.id, "title": predicted.title, "held": predicted.id == band.id}
    result["rarity"] = band.rarity
    result["chart"] = bar_chart(rows, band.title, f"quiz-{quiz.id}")
    return result
