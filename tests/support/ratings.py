"""Self-assessment answers that give each dimension a chosen score, for the scoring and chart tests."""

from __future__ import annotations

from quiz_py.answers import Answers
from quiz_py.model import Quiz, ScaleQuestion


def ratings_for(quiz: Quiz, targets: dict[str, int]) -> Answers:
    """Ratings giving each dimension exactly its target score (spread as evenly as possible)."""
    answers: Answers = {}
    for dimension, target in targets.items():
        statements = [q for q in quiz.questions if isinstance(q, ScaleQuestion) and q.dimension == dimension]
        base, extra = divmod(target, len(statements))
        for index, statement in enumerate(statements):
            score = base + (index < extra)
            assert 1 <= score <= 5, f"target {target} out of reach for {dimension}"
            answers[statement.id] = 6 - score if statement.reverse else score
    return answers
