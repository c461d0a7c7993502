"""The catalogue as data: the JSON the build writes and the browser loads, and content hashes.

`catalog_to_data` writes the same layout the TOML sources use, plus the format's version
and a hash of the content. The browser does not validate again: `catalog_from_build`
checks the version and the hash (so a file from another build, or a damaged one, is
refused) and reads the quizzes as written, so `quiz_hash(q)` is the same on both sides.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .model import (
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
    TRUE_FALSE_OPTIONS,
)

# Version 2 added "hash"; the browser refuses any other version.
CATALOG_VERSION = 2
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
            | ({"summary": b.summary} if b.summary else {})
            for b in quiz.bands
        ]
    data["questions"] = [_question_to_data(q) for q in quiz.questions]
    return data


def _content_hash(data: object) -> str:
    """First 16 hex digits of the SHA-256 of the canonical JSON of `data`."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # surrogatepass: the browser's copy is untrusted and may hold lone surrogates; it then fails the check.
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


def catalog_to_data(catalog: Catalog) -> dict[str, Any]:
    quizzes = [quiz_to_data(q) for q in catalog.quizzes]
    return {"version": CATALOG_VERSION, "hash": _content_hash(quizzes), "quizzes": quizzes}


def quiz_hash(quiz: Quiz) -> str:
    """The quiz's content hash. Saved answers and share links carry it, so a changed quiz rejects stale ones."""
    return _content_hash(quiz_to_data(quiz))


class CatalogError(ValueError):
    """A catalogue the build did not write: wrong version, or content that does not match its hash."""


def _question_from_data(data: dict[str, Any]) -> Question:
    kind = data["kind"]
    if kind == "true_false":
        feedback = data["feedback"]
        options = tuple(
            Option(value, label, (value == "true") == data["correct"], feedback.get(value, ""))
            for value, label in TRUE_FALSE_OPTIONS
        )
        return ChoiceQuestion(data["id"], kind, data["prompt"], options, data["explanation"], data["link"])
    if kind in ("single", "multiple"):
        correct = [data["correct"]] if kind == "single" else data["correct"]
        options = tuple(Option(o["id"], o["text"], o["id"] in correct, o.get("feedback", "")) for o in data["options"])
        return ChoiceQuestion(data["id"], kind, data["prompt"], options, data["explanation"], data["link"])
    if kind == "sort":
        categories = tuple(Category(c["id"], c["label"]) for c in data["categories"])
        items = tuple(SortItem(i["id"], i["text"], i["category"], i["reason"], i["link"]) for i in data["items"])
        return SortQuestion(data["id"], data["prompt"], categories, items)
    return ScaleQuestion(data["id"], data["prompt"], data["dimension"], data["reverse"])


def _quiz_from_data(data: dict[str, Any]) -> Quiz:
    bands = tuple(
        Band(
            b["id"], b["title"], b["meaning"], b["rarity"],
            tuple((dimension, (low, high)) for dimension, (low, high) in b["ranges"].items()),
            tuple(Link(link["link"], link["text"]) for link in b["links"]),
            b.get("summary", ""),
        )
        for b in data.get("bands", ())
    )
    return Quiz(
        data["id"], data["kind"], data["title"], tuple(_question_from_data(q) for q in data["questions"]),
        intro=data.get("intro", ""), prediction_prompt=data.get("prediction_prompt", ""),
        dimensions=tuple(Dimension(d["id"], d["label"]) for d in data.get("dimensions", ())), bands=bands,
    )


def catalog_from_build(data: object) -> Catalog:
    """The catalogue `catalog_to_data` wrote, read without validating again: the build did that.
    Raises CatalogError for another version or content that does not match its hash."""
    if not isinstance(data, dict) or data.get("version") != CATALOG_VERSION:
        found = data.get("version") if isinstance(data, dict) else None
        raise CatalogError(f"the quiz catalogue has format version {found!r}; this site reads version {CATALOG_VERSION}")
    quizzes = data.get("quizzes")
    if not isinstance(quizzes, list) or data.get("hash") != _content_hash(quizzes):
        raise CatalogError("the quiz catalogue does not match its content hash: it is damaged or from another build")
    try:
        return Catalog(tuple(_quiz_from_data(q) for q in quizzes))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # Only a build bug can get here: the hash matched content the build wrote.
        raise CatalogError(f"the quiz catalogue cannot be read ({type(error).__name__})") from None
