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


def stored_text(blob: object) -> str:
    return json.dumps(blob)


def test_save_then_restore_round_trips(catalog: Catalog, quiz: Get) -> None:
    checkpoint, assessment = quiz("checkpoint-2"), quiz("which-are-you")
    blob = state.save(catalog, None, checkpoint, {"answers": {"q1": ["budget", "goals"]}, "checked": True})
    blob = state.save(catalog, stored_text(blob), assessment, {"answers": {"targets": 4, "budget": "2"}, "prediction": "leader-first"})
    assert blob["version"] == 1
    assert blob["quizzes"]["checkpoint-2"] == {
        "hash": quiz_hash(checkpoint), "answers": {"q1": ["goals", "budget"]}, "checked": True,
        "status": "started", "attempts": 1, "revealed": False,
    }
    restored = state.restore(catalog, stored_text(blob), [checkpoint, assessment, quiz("checkpoint-1")])
    assert restored == {"quizzes": {**blob["quizzes"], "checkpoint-1": None}, "notice": None}


def test_a_save_replaces_only_its_quiz_and_keeps_every_other_entry_as_stored(catalog: Catalog, quiz: Get) -> None:
    # As after a partial deploy: entries of a newer build (another hash, a quiz this engine lacks, a
    # field it does not know) and one that is not an entry at all. None is this engine's to drop.
    others = {
        "checkpoint-2": {"hash": "from-a-newer-build", "answers": {"q1": ["goals"]}, "checked": True, "status": "done"},
        "checkpoint-9": {"hash": "new-quiz", "answers": {"q1": "a"}, "status": "started", "colour": "blue"},
        "odd": [1, 2],
    }
    stored = stored_text({"version": 1, "quizzes": {**others, "checkpoint-1": {"hash": "old", "answers": {"q1": "a"}}}})
    blob = state.save(catalog, stored, quiz("checkpoint-1"), {"answers": {"q1": "b"}})
    assert blob["quizzes"] == {**others, "checkpoint-1": {
        "hash": quiz_hash(quiz("checkpoint-1")), "answers": {"q1": "b"}, "checked": False,
        "status": "started", "attempts": 0, "revealed": False,
    }}
    forgotten = state.save(catalog, stored_text(blob), quiz("checkpoint-1"), None)
    assert forgotten == {"version": 1, "quizzes": others}


@pytest.mark.parametrize("stored", ["{not json", '{"version": 2, "quizzes": {}}', "[" * 40 + "]" * 40, '"text"'])
def test_a_save_replaces_what_cannot_be_read_at_all(catalog: Catalog, quiz: Get, stored: str) -> None:
    blob = state.save(catalog, stored, quiz("checkpoint-3"), {"answers": {"q3": "false"}})
    assert list(blob["quizzes"]) == ["checkpoint-3"]


def test_version_0_bare_answers_are_migrated(catalog: Catalog, quiz: Get) -> None:
    stored = stored_text({"checkpoint-1": {"q1": "b", "q2": "maybe"}, "manager-or-leader": {"q1": {"metrics": "manager"}}})
    restored = state.restore(catalog, stored, [quiz("checkpoint-1"), quiz("manager-or-leader")])
    assert restored["quizzes"] == {
        "checkpoint-1": {
            "hash": quiz_hash(quiz("checkpoint-1")), "answers": {"q1": "b"}, "checked": False,
            "status": "started", "attempts": 0, "revealed": False,
        },
        "manager-or-leader": {
            "hash": quiz_hash(quiz("manager-or-leader")), "answers": {"q1": {"metrics": "manager"}}, "checked": False,
            "status": "started", "attempts": 0, "revealed": False,
        },
    }
    assert restored["notice"] == "Some saved answers did not fit this version of a quiz, so they are not shown."  # "maybe"


def test_what_the_reader_was_shown_is_restored(catalog: Catalog, quiz: Get) -> None:
    entry = {"hash": quiz_hash(quiz("checkpoint-1")), "answers": {"q1": "b", "q2": "false"}, "checked": True,
             "attempts": 3, "revealed": True, "status": "not started"}
    restored = state.restore(catalog, stored_text({"version": 1, "quizzes": {"checkpoint-1": entry}}), [quiz("checkpoint-1")])
    # The saved status is the engine's to decide again: every answer right and checked is done.
    assert restored == {"quizzes": {"checkpoint-1": {**entry, "status": "done"}}, "notice": None}


def test_restore_speaks_only_of_the_quizzes_asked_about(catalog: Catalog, quiz: Get) -> None:
    stored = stored_text({"version": 1, "quizzes": {"checkpoint-2": {"hash": "another version", "answers": {}}}})
    assert state.restore(catalog, stored, [quiz("checkpoint-1")]) == {"quizzes": {"checkpoint-1": None}, "notice": None}


@pytest.mark.parametrize(
    "stored",
    [
        {"version": 1, "quizzes": {"checkpoint-1": {"hash": "stale", "answers": {"q1": "b"}}}},
        {"version": 1, "quizzes": {"checkpoint-1": "not an entry"}},
    ],
)
def test_restore_leaves_out_what_does_not_fit_and_says_so(catalog: Catalog, quiz: Get, stored: object) -> None:
    assert state.restore(catalog, stored_text(stored), [quiz("checkpoint-1")]) == {
        "quizzes": {"checkpoint-1": None},
        "notice": "Some saved answers did not fit this version of a quiz, so they are not shown.",
    }


@pytest.mark.parametrize(
    "stored",
    [
        '{"version": 2, "quizzes": {}}', '{"version": 1}', "[1, 2, 3]", '"a string"', "17", "{not json", "[" * 40 + "]" * 40,
        '{"__proto__": {"polluted": true}, "constructor": 1}',  # not version 0's quiz id -> answers either
    ],
)
def test_restore_of_what_cannot_be_read_starts_afresh_and_says_so(catalog: Catalog, quiz: Get, stored: str) -> None:
    assert state.restore(catalog, stored, [quiz("checkpoint-1")]) == {
        "quizzes": {"checkpoint-1": None},
        "notice": "Your saved answers could not be read, so the quizzes start afresh.",
    }


def test_restore_keeps_valid_answers_of_a_partly_invalid_entry(catalog: Catalog, quiz: Get) -> None:
    entry = {"hash": quiz_hash(quiz("which-are-you")), "answers": {"targets": 5, "budget": 9}, "prediction": "nobody", "checked": True}
    restored = state.restore(catalog, stored_text({"version": 1, "quizzes": {"which-are-you": entry}}), [quiz("which-are-you")])
    assert restored["quizzes"]["which-are-you"] == {
        "hash": entry["hash"], "answers": {"targets": 5}, "checked": False, "status": "started", "prediction": None,
    }
    assert restored["notice"] == "Some saved answers did not fit this version of a quiz, so they are not shown."


@pytest.mark.parametrize(
    ("quiz_id", "entry", "message"),
    [
        ("checkpoint-1", {"answers": {"q1": "z"}}, "question 'q1'"),
        ("checkpoint-1", {"prediction": "strong-in-both"}, "not a band to predict"),
        ("checkpoint-1", {"checked": "yes"}, "checked and revealed must be true or false"),
        ("checkpoint-1", {"revealed": 1}, "checked and revealed must be true or false"),
        ("checkpoint-1", {"attempts": 1001}, "attempts must be a whole number from 0 to 1000"),
        ("checkpoint-1", {"attempts": True}, "attempts must be a whole number from 0 to 1000"),
        ("checkpoint-1", {"answer": {}}, "unknown field 'answer'"),
        ("checkpoint-1", {"status": "done"}, "unknown field 'status'"),
    ],
)
def test_save_refuses_an_entry_that_does_not_fit(catalog: Catalog, quiz: Get, quiz_id: str, entry: dict, message: str) -> None:
    with pytest.raises(state.StateError, match=message):
        state.save(catalog, None, quiz(quiz_id), entry)


def test_share_round_trip(catalog: Catalog, quiz: Get) -> None:
    assessment = quiz("which-are-you")
    answers = {q.id: 1 + i % 5 for i, q in enumerate(assessment.questions)}
    fragment = share.encode(assessment, answers, "manager-first")
    assert fragment.startswith("share=which-are-you.") and len(fragment) < 400
    assert share.decode(catalog, "#" + fragment) == {"quiz": "which-are-you", "answers": answers, "prediction": "manager-first"}


@pytest.mark.parametrize("fragment", ["", "#", "managing-is-easier", "#share", "Share=which-are-you.e30"])
def test_a_fragment_that_is_no_share_link_decodes_to_nothing(catalog: Catalog, fragment: str) -> None:
    assert share.decode(catalog, fragment) is None


def _fragment(quiz_id: str, payload: object) -> str:
    return f"share={quiz_id}." + base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ("share=which-are-you", "not a share link"),
        ("share=nope.e30", "the share link is for a quiz this site does not have"),
        ("share=which-are-you.%%%%", "damaged"),
        ("share=which-are-you.////", "damaged"),
        ("share=which-are-you.é", "damaged"),
        (_fragment("which-are-you", [1, 2]), "the share link is damaged"),
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
        (lambda h: {"h": h, "a": {"targets": 7}, "p": None}, "the share link holds an answer this quiz does not have"),
        (lambda h: {"h": h, "a": {}, "p": "wizard"}, "the share link holds a guess this quiz does not have"),
    ],
)
def test_share_fragments_with_invalid_content_are_rejected(catalog: Catalog, quiz: Get, payload_of, message: str) -> None:
    fragment = _fragment("which-are-you", payload_of(quiz_hash(quiz("which-are-you"))))
    with pytest.raises(share.ShareError, match=message):
        share.decode(catalog, fragment)
