"""Saved progress (versions, hash, migration) and share links."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable

import pytest

from quiz_py import share, state
from quiz_py.answers import Answers
from quiz_py.catalog import quiz_hash
from quiz_py.model import Catalog, ChoiceQuestion, Quiz, SortQuestion

Get = Callable[[str], Quiz]


def stored_text(blob: object) -> str:
    return json.dumps(blob)


def test_save_then_restore_round_trips(catalog: Catalog, quiz: Get) -> None:
    checkpoint, assessment = quiz("checkpoint-2"), quiz("which-are-you")
    blob = state.save(None, checkpoint, {"answers": {"q1": ["budget", "goals"]}, "checked": True})
    blob = state.save(stored_text(blob), assessment, {"answers": {"targets": 4, "budget": "2"}, "prediction": "leader-first"})
    assert blob["version"] == 1
    assert blob["quizzes"]["checkpoint-2"] == {
        "hash": quiz_hash(checkpoint), "answers": {"q1": ["goals", "budget"]}, "checked": True,
        "status": "started", "attempts": 1, "revealed": False,
    }
    restored = state.restore(stored_text(blob), [checkpoint, assessment, quiz("checkpoint-1")])
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
    blob = state.save(stored, quiz("checkpoint-1"), {"answers": {"q1": "b"}})
    assert blob["quizzes"] == {**others, "checkpoint-1": {
        "hash": quiz_hash(quiz("checkpoint-1")), "answers": {"q1": "b"}, "checked": False,
        "status": "started", "attempts": 0, "revealed": False,
    }}
    forgotten = state.save(stored_text(blob), quiz("checkpoint-1"), None)
    assert forgotten == {"version": 1, "quizzes": others}


# Values this engine's JSON limits refuse, each in the entry of a quiz this build may not even have.
OUT_OF_RANGE = {
    "a 21-digit integer": '{"hash": "h", "answers": {"q1": "a"}, "attempts": 123456789012345678901}',
    "a number beyond a float": '{"hash": "h", "answers": {"q1": "a"}, "attempts": 1e999}',
    "nesting deeper than 32": '{"hash": "h", "answers": {"q1": ' + "[" * 40 + "]" * 40 + "}}",
    "not JSON inside": '{"hash": "h", "answers": {"q1": nul}}',
}


@pytest.mark.parametrize("value", OUT_OF_RANGE.values(), ids=OUT_OF_RANGE.keys())
def test_a_value_one_entry_cannot_use_costs_that_entry_only(catalog: Catalog, quiz: Get, value: str) -> None:
    kept = {"checkpoint-2": {"hash": quiz_hash(quiz("checkpoint-2")), "answers": {"q1": ["goals"]}, "checked": False,
                             "status": "started", "attempts": 0, "revealed": False}}
    stored = '{"version": 1, "quizzes": {"checkpoint-9": ' + value + ", " + json.dumps(kept)[1:] + "}"
    restored = state.restore(stored, [quiz("checkpoint-2")])
    assert restored == {"quizzes": kept, "notice": None}  # the unusable entry is another quiz's: nothing to say
    blob = state.save(stored, quiz("checkpoint-1"), {"answers": {"q1": "b"}})
    assert list(blob["quizzes"]) == ["checkpoint-2", "checkpoint-1"] and blob["quizzes"]["checkpoint-2"] == kept["checkpoint-2"]
    own = '{"version": 1, "quizzes": {"checkpoint-2": ' + value + "}}"  # the page's own quiz's entry unusable
    assert state.restore(own, [quiz("checkpoint-2")]) == {"quizzes": {"checkpoint-2": None}, "notice": state.NOTICE}


def test_version_0_answers_for_a_quiz_this_build_lacks_are_kept(catalog: Catalog, quiz: Get) -> None:
    stored = stored_text({"checkpoint-9": {"q1": "a"}, "checkpoint-1": {"q1": "b"}})
    blob = state.save(stored, quiz("checkpoint-2"), {"answers": {"q1": ["goals"]}})
    assert blob["quizzes"]["checkpoint-9"] == {"answers": {"q1": "a"}}  # no hash: restored as version 0's answers are
    restored = state.restore(stored_text(blob), [quiz("checkpoint-1")])
    assert restored["quizzes"]["checkpoint-1"] is not None and restored["quizzes"]["checkpoint-1"]["answers"] == {"q1": "b"}


NEWER_FORMATS = ['{"version": 2, "quizzes": {}}', '{"version": 17, "progress": [1, 2]}', '{"version": 2, "x": ' + "[" * 40 + "]" * 40 + "}"]
CORRUPT = ["{not json", '{"version": "2"}', '{"version": true, "quizzes": {}}', '{"version": 1}', "[" * 40 + "]" * 40, '"text"', "[1, 2, 3]", "17",
           '{"__proto__": {"polluted": true}, "constructor": 1}']  # not version 0's quiz id -> answers either


@pytest.mark.parametrize("stored", NEWER_FORMATS)
@pytest.mark.parametrize("entry", [{"answers": {"q3": "false"}}, None])
def test_a_save_never_writes_over_a_newer_formats_progress(quiz: Get, stored: str, entry: dict[str, object] | None) -> None:
    # A tab left open across a deploy that changed the format: the newer build's progress is the reader's.
    with pytest.raises(state.NewerProgress, match=f"^{re.escape(state.NEWER_NOTICE)}$"):
        state.save(stored, quiz("checkpoint-3"), entry)
    assert state.restore(stored, [quiz("checkpoint-3")]) == {"quizzes": {"checkpoint-3": None}, "notice": state.NEWER_NOTICE}


@pytest.mark.parametrize("stored", CORRUPT)
def test_corrupt_progress_is_left_out_with_a_notice_and_replaced_by_the_next_save(quiz: Get, stored: str) -> None:
    assert state.restore(stored, [quiz("checkpoint-3")]) == {"quizzes": {"checkpoint-3": None}, "notice": state.UNREADABLE_NOTICE}
    blob = state.save(stored, quiz("checkpoint-3"), {"answers": {"q3": "false"}})
    saved = blob["quizzes"].get("checkpoint-3")
    assert list(blob["quizzes"]) == ["checkpoint-3"] and isinstance(saved, dict) and saved["answers"] == {"q3": "false"}
    assert state.save(stored, quiz("checkpoint-3"), None) == {"version": 1, "quizzes": {}}


def test_version_0_bare_answers_are_migrated(catalog: Catalog, quiz: Get) -> None:
    stored = stored_text({"checkpoint-1": {"q1": "b", "q2": "maybe"}, "manager-or-leader": {"q1": {"metrics": "manager"}}})
    restored = state.restore(stored, [quiz("checkpoint-1"), quiz("manager-or-leader")])
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
    restored = state.restore(stored_text({"version": 1, "quizzes": {"checkpoint-1": entry}}), [quiz("checkpoint-1")])
    # The saved status is the engine's to decide again: every answer right and checked is done.
    assert restored == {"quizzes": {"checkpoint-1": {**entry, "status": "done"}}, "notice": None}


def test_a_count_of_checks_beyond_what_grading_distinguishes_restores_clamped(catalog: Catalog, quiz: Get) -> None:
    # Saved by a build without the clamp, or a hand-edited blob: the count still restores, and the quiz stays usable.
    entry = {"hash": quiz_hash(quiz("checkpoint-1")), "answers": {"q1": "a", "q2": "true"}, "checked": True, "attempts": 5000}
    restored = state.restore(stored_text({"version": 1, "quizzes": {"checkpoint-1": entry}}), [quiz("checkpoint-1")])
    assert restored["notice"] is None
    assert restored["quizzes"]["checkpoint-1"] == {**entry, "attempts": state.MAX_ATTEMPT, "status": "started", "revealed": False}


def test_restore_speaks_only_of_the_quizzes_asked_about(catalog: Catalog, quiz: Get) -> None:
    stored = stored_text({"version": 1, "quizzes": {"checkpoint-2": {"hash": "another version", "answers": {}}}})
    assert state.restore(stored, [quiz("checkpoint-1")]) == {"quizzes": {"checkpoint-1": None}, "notice": None}


@pytest.mark.parametrize(
    "stored",
    [
        {"version": 1, "quizzes": {"checkpoint-1": {"hash": "stale", "answers": {"q1": "b"}}}},
        {"version": 1, "quizzes": {"checkpoint-1": "not an entry"}},
    ],
)
def test_restore_leaves_out_what_does_not_fit_and_says_so(catalog: Catalog, quiz: Get, stored: object) -> None:
    assert state.restore(stored_text(stored), [quiz("checkpoint-1")]) == {
        "quizzes": {"checkpoint-1": None},
        "notice": "Some saved answers did not fit this version of a quiz, so they are not shown.",
    }


def test_restore_keeps_valid_answers_of_a_partly_invalid_entry(catalog: Catalog, quiz: Get) -> None:
    entry = {"hash": quiz_hash(quiz("which-are-you")), "answers": {"targets": 5, "budget": 9}, "prediction": "nobody", "checked": True}
    restored = state.restore(stored_text({"version": 1, "quizzes": {"which-are-you": entry}}), [quiz("which-are-you")])
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
        ("checkpoint-1", {"attempts": -1}, "attempts must be a whole number, 0 or more"),
        ("checkpoint-1", {"attempts": True}, "attempts must be a whole number, 0 or more"),
        ("checkpoint-1", {"answer": {}}, "unknown field 'answer'"),
        ("checkpoint-1", {"status": "done"}, "unknown field 'status'"),
    ],
)
def test_save_refuses_an_entry_that_does_not_fit(catalog: Catalog, quiz: Get, quiz_id: str, entry: dict[str, object], message: str) -> None:
    with pytest.raises(state.StateError, match=message):
        state.save(None, quiz(quiz_id), entry)


def test_share_round_trip(catalog: Catalog, quiz: Get) -> None:
    assessment = quiz("which-are-you")
    answers: Answers = {q.id: 1 + i % 5 for i, q in enumerate(assessment.questions)}
    fragment = share.encode(assessment, answers, "manager-first")
    assert fragment.startswith("share=which-are-you.") and len(fragment) < 400
    assert share.decode(catalog, "#" + fragment) == {"quiz": "which-are-you", "answers": answers, "prediction": "manager-first"}


def test_a_share_link_of_any_length_is_read_whatever_padding_it_lost(catalog: Catalog) -> None:
    """Read as far as its hash, which is wrong on purpose: base64 read it, at each length."""
    for filler in range(12):
        with pytest.raises(share.ShareError, match="^the share link was made for another version of this quiz$"):
            share.decode(catalog, _fragment("which-are-you", {"h": "x" * filler, "a": {}, "p": None}))


def test_share_links_of_every_length_round_trip(catalog: Catalog, quiz: Get) -> None:
    """Base64 drops its padding in a link; each length that leaves (0, 2 or 3 past a multiple of 4) is read back."""
    assessment = quiz("which-are-you")
    answers: Answers = {q.id: 3 for q in assessment.questions}
    fragments = [share.encode(assessment, answers, p) for p in [None, *(b.id for b in assessment.bands)]]
    assert {len(f.partition(".")[2]) % 4 for f in fragments} == {0, 2, 3}
    assert [share.decode(catalog, f) for f in fragments] == [
        {"quiz": "which-are-you", "answers": answers, "prediction": p} for p in [None, *(b.id for b in assessment.bands)]]


def test_a_share_link_is_read_in_the_url_safe_alphabet(catalog: Catalog) -> None:
    """'-' and '_' stand for base64's '+' and '/': a hash of "?>" at each alignment puts both in the link, and the
    link is read as far as its (wrong) hash, not found damaged."""
    fragments = [_fragment("which-are-you", {"h": "x" * filler + "??>???" * 2, "a": {}, "p": None}) for filler in range(3)]
    assert {"-", "_"} <= set("".join(fragments)) and not {"+", "/"} & set("".join(fragments))
    for fragment in fragments:
        with pytest.raises(share.ShareError, match="^the share link was made for another version of this quiz$"):
            share.decode(catalog, fragment)


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
        # Made on an older build, or a newer one (a page left open across a deploy): either way another version.
        (_fragment("which-are-you", {"h": "stale", "a": {}, "p": None}), "^the share link was made for another version of this quiz$"),
        ("share=which-are-you." + "A" * 5000, "too long"),
        # 4096 characters at most, "share=which-are-you." (20) included: the longest is read (and found damaged).
        ("share=which-are-you." + "A" * 4076, "^the share link is damaged$"),
        ("share=which-are-you." + "A" * 4077, "^the share link is too long$"),
        (_fragment("which-are-you", ["h", "a", "p"]), "^the share link is damaged$"),
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
def test_share_fragments_with_invalid_content_are_rejected(catalog: Catalog, quiz: Get, payload_of: Callable[[str], object], message: str) -> None:
    fragment = _fragment("which-are-you", payload_of(quiz_hash(quiz("which-are-you"))))
    with pytest.raises(share.ShareError, match=message):
        share.decode(catalog, fragment)


def _complete_answers(quiz: Quiz) -> Answers:
    """An answer to every question (the first option, every item in its own category, a middle rating)."""
    answers: Answers = {}
    for question in quiz.questions:
        if isinstance(question, ChoiceQuestion):
            answers[question.id] = [question.options[0].id] if question.kind == "multiple" else question.options[0].id
        elif isinstance(question, SortQuestion):
            answers[question.id] = {item.id: item.category for item in question.items}
        else:
            answers[question.id] = 3
    return answers


def _leave_one_out(quiz: Quiz) -> Answers:
    """Complete answers but for one: the last question's, or the last item of a sort."""
    answers = _complete_answers(quiz)
    last = quiz.questions[-1]
    if isinstance(last, SortQuestion):
        answers[last.id] = {item.id: item.category for item in last.items[:-1]}
    else:
        del answers[last.id]
    return answers


@pytest.mark.parametrize("quiz_id", ["checkpoint-1", "manager-or-leader", "which-are-you"])
def test_a_share_link_holds_an_answer_to_every_question(catalog: Catalog, quiz: Get, quiz_id: str) -> None:
    # The opener sees a form they cannot edit: "answer question 2 first" would ask them for the impossible.
    shared_quiz = quiz(quiz_id)
    incomplete = _leave_one_out(shared_quiz)
    with pytest.raises(share.ShareError, match="^the share link leaves some questions unanswered$"):
        share.decode(catalog, _fragment(quiz_id, {"h": quiz_hash(shared_quiz), "a": incomplete, "p": None}))
    with pytest.raises(share.ShareError, match="^a share link needs every question answered$"):
        share.encode(shared_quiz, incomplete, None)
    complete = _complete_answers(shared_quiz)
    decoded = share.decode(catalog, share.encode(shared_quiz, complete, None))
    assert decoded is not None and decoded["answers"] == complete


def test_a_restored_entry_keeps_whether_it_was_checked_and_a_guess_alone_is_a_start(quiz: Get) -> None:
    assessment = quiz("which-are-you")
    answers: Answers = {q.id: 3 for q in assessment.questions}
    for checked, status in [(True, "done"), (False, "started")]:
        stored = json.dumps({"version": 1, "quizzes": {"which-are-you": {
            "hash": quiz_hash(assessment), "answers": answers, "checked": checked, "prediction": "manager-first"}}})
        assert state.restore(stored, [assessment]) == {"quizzes": {"which-are-you": {
            "hash": quiz_hash(assessment), "answers": answers, "checked": checked, "status": status,
            "prediction": "manager-first"}}, "notice": None}
    assert state.status(assessment, {}, False, "manager-first") == "started"
    assert state.status(assessment, {}, False, None) == "not started"
    guess_alone = {"hash": quiz_hash(assessment), "answers": {}, "checked": False, "prediction": "manager-first"}
    assert state.restore(json.dumps({"version": 1, "quizzes": {"which-are-you": guess_alone}}), [assessment]) == {
        "quizzes": {"which-are-you": {**guess_alone, "status": "started"}}, "notice": None}


def test_an_attempt_count_that_is_no_count_is_dropped_with_a_notice(quiz: Get) -> None:
    checkpoint = quiz("checkpoint-1")
    question = checkpoint.questions[0]
    assert isinstance(question, ChoiceQuestion)
    answers = {question.id: question.options[0].id}
    stored = json.dumps({"version": 1, "quizzes": {"checkpoint-1": {
        "hash": quiz_hash(checkpoint), "answers": answers, "checked": False, "attempts": "3", "revealed": False}}})
    assert state.restore(stored, [checkpoint]) == {"quizzes": {"checkpoint-1": {
        "hash": quiz_hash(checkpoint), "answers": answers, "checked": False, "status": "started",
        "attempts": 0, "revealed": False}}, "notice": "Some saved answers did not fit this version of a quiz, so they are not shown."}
