"""Saved progress (versions, hash, migration) and share links."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest

from quiz_py import share, state
from quiz_py.catalog import quiz_hash
from quiz_py.model import Catalog, Quiz

Get = Callable[[str], Quiz]


def test_save_then_restore_round_trips(catalog: Catalog, quiz: Get) -> None:
    progress = {
        "checkpoint-2": {"answers": {"q1": ["budget", "goals"]}, "checked": True},
        "which-are-you": {"answers": {"targets": 4, "budget": "2"}, "prediction": "leader-first"},
    }
    saved = state.save(catalog, progress)
    assert saved["dropped"] == []
    blob = saved["saved"]
    assert blob["version"] == 1
    assert blob["quizzes"]["checkpoint-2"] == {
        "hash": quiz_hash(quiz("checkpoint-2")), "answers": {"q1": ["goals", "budget"]}, "checked": True,
        "status": "started", "attempts": 1, "revealed": False,
    }
    restored = state.restore(catalog, json.loads(json.dumps(blob)))
    assert restored == {"progress": blob["quizzes"], "notice": None}


def test_version_0_bare_answers_are_migrated(catalog: Catalog, quiz: Get) -> None:
    restored = state.restore(catalog, {"checkpoint-1": {"q1": "b", "q2": "maybe"}, "manager-or-leader": {"q1": {"metrics": "manager"}}})
    assert restored["progress"] == {
        "checkpoint-1": {
            "hash": quiz_hash(quiz("checkpoint-1")), "answers": {"q1": "b"}, "checked": False,
            "status": "started", "attempts": 0, "revealed": False,
        },
        "manager-or-leader": {
            "hash": quiz_hash(quiz("manager-or-leader")), "answers": {"q1": {"metrics": "manager"}}, "checked": False,
            "status": "started", "attempts": 0, "revealed": False,
        },
    }
    assert restored["notice"] == state.NOTICE  # "maybe" could not be kept


def test_what_the_reader_was_shown_is_restored(catalog: Catalog, quiz: Get) -> None:
    entry = {"hash": quiz_hash(quiz("checkpoint-1")), "answers": {"q1": "b", "q2": "false"}, "checked": True,
             "attempts": 3, "revealed": True, "status": "not started"}
    restored = state.restore(catalog, {"version": 1, "quizzes": {"checkpoint-1": entry}})
    # The saved status is the engine's to decide again: every answer right and checked is done.
    assert restored["progress"]["checkpoint-1"] == {**entry, "status": "done"}
    assert restored["notice"] is None


@pytest.mark.parametrize(
    "saved",
    [
        {"version": 1, "quizzes": {"checkpoint-1": {"hash": "stale", "answers": {"q1": "b"}}}},
        {"version": 1, "quizzes": {"retired-quiz": {"hash": "x", "answers": {}}}},
        {"version": 1, "quizzes": {"checkpoint-1": "not an entry"}},
        {"version": 2, "quizzes": {}},
        {"version": 1},
        [1, 2, 3],
        "a string",
        17,
    ],
)
def test_restore_drops_what_it_cannot_use_and_says_so(catalog: Catalog, saved: object) -> None:
    assert state.restore(catalog, saved) == {"progress": {}, "notice": state.NOTICE}


def test_restore_keeps_valid_answers_of_a_partly_invalid_entry(catalog: Catalog, quiz: Get) -> None:
    entry = {"hash": quiz_hash(quiz("which-are-you")), "answers": {"targets": 5, "budget": 9}, "prediction": "nobody", "checked": True}
    restored = state.restore(catalog, {"version": 1, "quizzes": {"which-are-you": entry}})
    assert restored["progress"]["which-are-you"] == {
        "hash": entry["hash"], "answers": {"targets": 5}, "checked": False, "status": "started", "prediction": None,
    }
    assert restored["notice"] == state.NOTICE


@pytest.mark.parametrize(
    ("progress", "message"),
    [
        ({"nope": {}}, "unknown quiz 'nope'"),
        ({"checkpoint-1": {"answers": {"q1": "z"}}}, "question 'q1'"),
        ({"checkpoint-1": {"hash": "stale"}}, "is not the current quiz's"),
        ({"checkpoint-1": {"prediction": "strong-in-both"}}, "not a band to predict"),
        ({"checkpoint-1": {"checked": "yes"}}, "checked and revealed must be true or false"),
        ({"checkpoint-1": {"revealed": 1}}, "checked and revealed must be true or false"),
        ({"checkpoint-1": {"attempts": 1001}}, "attempts must be a whole number from 0 to 1000"),
        ({"checkpoint-1": {"attempts": True}}, "attempts must be a whole number from 0 to 1000"),
        ({"checkpoint-1": {"answer": {}}}, "unknown field 'answer'"),
    ],
)
def test_save_drops_and_reports_an_entry_that_does_not_fit(catalog: Catalog, progress: dict, message: str) -> None:
    kept = {"checkpoint-3": {"answers": {"q3": "false"}}}
    result = state.save(catalog, {**progress, **kept})
    assert list(result["saved"]["quizzes"]) == ["checkpoint-3"]
    ((quiz_id, _),) = progress.items()
    (dropped,) = result["dropped"]
    assert dropped["quiz"] == quiz_id and message in dropped["reason"]


def test_save_refuses_progress_that_is_not_an_object(catalog: Catalog) -> None:
    with pytest.raises(state.StateError, match="progress must be an object"):
        state.save(catalog, ["checkpoint-1"])


def test_share_round_trip(catalog: Catalog, quiz: Get) -> None:
    assessment = quiz("which-are-you")
    answers = {q.id: 1 + i % 5 for i, q in enumerate(assessment.questions)}
    fragment = share.encode(assessment, answers, "manager-first")
    assert fragment.startswith("share=which-are-you.") and len(fragment) < 400
    assert share.decode(catalog, "#" + fragment) == {"quiz": "which-are-you", "answers": answers, "prediction": "manager-first"}


def _fragment(quiz_id: str, payload: object) -> str:
    return f"share={quiz_id}." + base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("", "not a share link"),
        ("share=which-are-you", "not a share link"),
        ("share=nope.e30", "unknown quiz"),
        ("share=which-are-you.%%%%", "damaged"),
        ("share=which-are-you.////", "damaged"),
        ("share=which-are-you.é", "damaged"),
        (_fragment("which-are-you", [1, 2]), "unexpected content"),
        (_fragment("which-are-you", {"h": "stale", "a": {}, "p": None}), "older version"),
        ("share=which-are-you." + "A" * 5000, "too long"),
        (_fragment("which-are-you", {"h": "x", "a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], "p": None}), "damaged"),
    ],
)
def test_malformed_share_fragments_are_rejected(catalog: Catalog, fragment: str, message: str) -> None:
    with pytest.raises(share.ShareError, match=message):
        share.decode(catalog, fragment)


@pytest.mark.parametrize(
    ("payload_of", "message"),
    [
        (lambda h: {"h": h, "a": {"targets": 7}, "p": None}, "invalid answer"),
        (lambda h: {"h": h, "a": {}, "p": "wizard"}, "invalid prediction"),
    ],
)
def test_share_fragments_with_invalid_content_are_rejected(catalog: Catalog, quiz: Get, payload_of, message: str) -> None:
    fragment = _fragment("which-are-you", payload_of(quiz_hash(quiz("which-are-you"))))
    with pytest.raises(share.ShareError, match=message):
        share.decode(catalog, fragment)
