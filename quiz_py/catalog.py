"""The catalog as data (the JSON the browser loads), the quiz content hash, link resolution.

`quiz_to_data` writes the same layout the TOML sources use, so `loading.read_quiz`
reads both, and `quiz_hash(load(to_data(q))) == quiz_hash(q)`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .loading import CATALOG_VERSION
from .model import Catalog, ChoiceQuestion, Link, Question, Quiz, ScaleQuestion, SortQuestion

HASH_LENGTH = 16


def _question_to_data(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "kind": question.kind, "prompt": question.prompt}
    if isinstance(question, ChoiceQuestion):
        if question.kind == "true_false":
            data["correct"] = question.correct_ids == ("true",)
            data["feedback"] = {o.id: o.feedback for o in question.options if o.feedback}
        else:
            correct = list(question.correct_ids)
            data["correct"] = correct[0] if question.kind == "single" else correct
            data["options"] = [
                {"id": o.id, "text": o.text} | ({"feedback": o.feedback} if o.feedback else {})
                for o in question.options
            ]
        data |= {"explanation": question.explanation, "link": question.link}
    elif isinstance(question, SortQuestion):
        data["categories"] = [{"id": c.id, "label": c.label} for c in question.categories]
        data["items"] = [
            {"id": i.id, "text": i.text, "category": i.category, "reason": i.reason, "link": i.link}
            for i in question.items
        ]
    elif isinstance(question, ScaleQuestion):
        data |= {"dimension": question.dimension, "reverse": question.reverse}
    return data


def quiz_to_data(quiz: Quiz) -> dict[str, Any]:
    data: dict[str, Any] = {"id": quiz.id, "kind": quiz.kind, "title": quiz.title}
    if quiz.intro:
        data["intro"] = quiz.intro
    if quiz.kind == "assessment":
        data["prediction_prompt"] = quiz.prediction_prompt
        data["dimensions"] = [{"id": d.id, "label": d.label} for d in quiz.dimensions]
        data["bands"] = [
            {
                "id": b.id,
                "title": b.title,
                "meaning": b.meaning,
                "rarity": b.rarity,
                "ranges": {dim: [low, high] for dim, (low, high) in b.ranges},
                "links": [{"link": link.target, "text": link.text} for link in b.links],
            }
            for b in quiz.bands
        ]
    data["questions"] = [_question_to_data(q) for q in quiz.questions]
    return data


def catalog_to_data(catalog: Catalog) -> dict[str, Any]:
    return {"version": CATALOG_VERSION, "quizzes": [quiz_to_data(q) for q in catalog.quizzes]}


def quiz_hash(quiz: Quiz) -> str:
    """First 16 hex digits of the SHA-256 of the quiz's canonical JSON.

    Saved answers and share links carry it, so a changed quiz rejects stale ones."""
    canonical = json.dumps(quiz_to_data(quiz), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def resolve_links(quiz: Quiz, url_for: Callable[[str], str]) -> Quiz:
    """The quiz with each link's page replaced by `url_for(page)`, the anchor kept."""

    def resolve(target: str) -> str:
        page, _, anchor = target.partition("#")
        return f"{url_for(page)}#{anchor}"

    def resolve_question(question: Question) -> Question:
        if isinstance(question, ChoiceQuestion):
            return replace(question, link=resolve(question.link))
        if isinstance(question, SortQuestion):
            return replace(question, items=tuple(replace(i, link=resolve(i.link)) for i in question.items))
        return question

    bands = tuple(
        replace(b, links=tuple(Link(resolve(link.target), link.text) for link in b.links)) for b in quiz.bands
    )
    return replace(quiz, questions=tuple(resolve_question(q) for q in quiz.questions), bands=bands)
