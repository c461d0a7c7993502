"""The site's own quizzes: what the pages and the cover page promise."""

from __future__ import annotations

import json
import re

from api_cases import ROOT, site_catalog_data
from quiz_py.api import MAX_REQUEST_CHARS
from quiz_py.catalog import catalog_from_build, quiz_hash
from quiz_py.model import Catalog, ChoiceQuestion, ScaleQuestion


def test_every_marker_in_the_docs_has_a_quiz_and_every_quiz_a_marker(catalog: Catalog) -> None:
    markers = re.findall(r"<!--\s*quiz:\s*(\S+)\s*-->", "".join(p.read_text() for p in (ROOT / "docs").rglob("*.md")))
    assert sorted(markers) == sorted(q.id for q in catalog.quizzes)


def test_the_self_assessment_has_the_twelve_statements_the_cover_promises(catalog: Catalog) -> None:
    assessment = catalog.quiz("which-are-you")
    assert assessment and "Twelve statements" in (ROOT / "docs" / "index.md").read_text()
    statements = [q for q in assessment.questions if isinstance(q, ScaleQuestion)]
    assert len(statements) == 12
    assert {q.dimension for q in statements} == {"management", "leadership"}
    assert any(q.reverse for q in statements) and not all(q.reverse for q in statements)
    assert [b.id for b in assessment.bands] == ["strong-in-both", "manager-first", "leader-first", "still-growing"]


def test_checkpoints_use_every_choice_kind(catalog: Catalog) -> None:
    kinds = {q.kind for quiz in catalog.quizzes if quiz.kind == "checkpoint" for q in quiz.questions}
    assert kinds == {"single", "multiple", "true_false"}
    assert all(isinstance(q, ChoiceQuestion) and q.link for quiz in catalog.quizzes if quiz.kind == "checkpoint" for q in quiz.questions)


def test_catalog_json_round_trips_with_the_same_hashes(catalog: Catalog) -> None:
    data = json.loads(json.dumps(site_catalog_data()))
    assert len(json.dumps({"op": "load", "catalog": data})) < MAX_REQUEST_CHARS / 4
    reloaded = catalog_from_build(data)
    assert [quiz_hash(q) for q in reloaded.quizzes] == [quiz_hash(q) for q in catalog.quizzes]
