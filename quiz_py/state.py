"""Saved progress: the versioned blob the browser keeps in localStorage.

Version 1 (current)::

    {"version": 1,
     "quizzes": {"<quiz id>": {"hash": "<quiz hash>", "answers": {...canonical...},
                               "checked": true, "status": "done" | "started" | "not started",
                               "attempts": 2, "revealed": false,      (checkpoint and sort)
                               "prediction": "<band id>" | null}}}  (assessment)

``status`` is the engine's verdict, written at every save so that pages without a
quiz (the cover, the navigation's ✓) can show progress without starting the engine:
a checkpoint or sort quiz is "done" only when checked and every answer is right,
an assessment when checked and complete. It is recomputed on restore. ``attempts``
counts complete checks and ``revealed`` records that the reader asked to see the
answers (see `quiz_py.grading`): restoring shows what the reader had already been
shown, no more. Entries saved before these fields existed restore with ``attempts``
1 if checked, else 0, and ``revealed`` false. Saved answers are tied to the quiz's
content hash: answers saved for another version of a quiz are not shown against
questions they were not given for.

Version 0 is the unversioned prototype format: a bare map quiz id -> answers, with
no hash and nothing else. It is migrated by checking each answer against the current
quiz, keeping those that still fit, marked not checked.

Nothing stored is lost to a page and an engine from different builds (a partial deploy):
`restore` only reads, and `save` replaces one quiz's entry, keeping every other entry as
it was stored, those of quizzes this engine does not know or holds in another version
included. Only what cannot be read at all (not JSON, another format version) is replaced.
`restore` never fails: what it cannot use it leaves out, and says so with a notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, NotRequired, TypedDict

from .answers import AnswerError, Answers, normalize_answers, valid_answers
from .catalog import quiz_hash
from .grading import MAX_ATTEMPT, passed
from .model import Catalog, Quiz
from .safejson import JsonLimitError, parse

STATE_VERSION = 1
NOTICE = "Some saved answers did not fit this version of a quiz, so they are not shown."
UNREADABLE_NOTICE = "Your saved answers could not be read, so the quizzes start afresh."
# What the page may send for one quiz; the hash is the request's, the status the engine's.
_ENTRY_FIELDS = {"answers", "checked", "prediction", "attempts", "revealed"}

type Status = Literal["done", "started", "not started"]


class Entry(TypedDict):
    """One quiz's saved progress, as stored."""

    hash: str
    answers: Answers
    checked: bool
    status: Status
    attempts: NotRequired[int]  # checkpoint and sort
    revealed: NotRequired[bool]  # checkpoint and sort
    prediction: NotRequired[str | None]  # assessment


class Saved(TypedDict):
    """The blob to store."""

    version: int
    # Entries this engine cannot read (another build's) are kept as they were stored, hence `object`.
    quizzes: dict[str, object]


class Restored(TypedDict):
    """For each quiz asked about, what the page may show (None: nothing saved for this version of it)."""

    quizzes: dict[str, Entry | None]
    notice: str | None


class StateError(ValueError):
    """An entry handed to `save` that does not fit its quiz."""


def band_of(quiz: Quiz, prediction: object) -> str | None:
    """`prediction` if it names one of an assessment quiz's bands, else None."""
    return prediction if isinstance(prediction, str) and quiz.band(prediction) is not None else None


def status(quiz: Quiz, answers: Answers, checked: bool, prediction: str | None = None) -> Status:
    """"done", "started" or "not started": the one rule behind every ✓ and "continue"."""
    if checked and answers:
        if quiz.kind == "assessment":
            complete = all(question.id in answers for question in quiz.questions)
        else:
            complete = passed(quiz, answers)
        if complete:
            return "done"
    return "started" if answers or prediction is not None else "not started"


def _entry(
    quiz: Quiz, answers: Answers, checked: bool, prediction: str | None, attempts: int, revealed: bool,
) -> Entry:
    entry: Entry = {
        "hash": quiz_hash(quiz), "answers": answers, "checked": checked,
        "status": status(quiz, answers, checked, prediction),
    }
    if quiz.kind == "assessment":
        entry["prediction"] = prediction
    else:
        entry["attempts"] = attempts
        entry["revealed"] = revealed
    return entry


def _attempts(value: object) -> int | None:
    return value if type(value) is int and 0 <= value <= MAX_ATTEMPT else None


def _restore_entry(quiz: Quiz, saved: Mapping[str, object]) -> tuple[Entry | None, bool]:
    """The restorable part of one quiz's saved entry, and whether anything was dropped."""
    answers, dropped = valid_answers(quiz, saved.get("answers"))
    saved_prediction = saved.get("prediction")
    prediction = band_of(quiz, saved_prediction)
    dropped = dropped or prediction != saved_prediction
    checked = saved.get("checked") is True and not dropped
    if not answers and prediction is None:
        return None, dropped
    attempts = _attempts(saved.get("attempts", int(checked)))
    if attempts is None:
        attempts, dropped = int(checked), True
    revealed = saved.get("revealed") is True
    return _entry(quiz, answers, checked, prediction, attempts, revealed), dropped


def _stored_entries(catalog: Catalog, stored: str | None) -> dict[str, object] | None:
    """The stored entries by quiz id, as stored ({} when nothing is); None when `stored` cannot be read.
    Version 0's bare answers come back as entries for the current version of their quiz (checked on restore)."""
    if stored is None:
        return {}
    try:
        saved = parse(stored, max_chars=len(stored))  # as long as the request allowed
    except JsonLimitError:
        return None
    if isinstance(saved, dict) and "version" not in saved and all(isinstance(answers, dict) for answers in saved.values()):
        return {
            quiz_id: {"hash": quiz_hash(quiz), "answers": answers}
            for quiz_id, answers in saved.items() if (quiz := catalog.quiz(quiz_id))
        }
    if not isinstance(saved, dict) or saved.get("version") != STATE_VERSION or not isinstance(saved.get("quizzes"), dict):
        return None
    quizzes: dict[str, object] = saved["quizzes"]
    return quizzes


def restore(catalog: Catalog, stored: str | None, quizzes: Iterable[Quiz]) -> Restored:
    """What the page may show of each of `quizzes`, from whatever text localStorage holds (`stored`)."""
    entries = _stored_entries(catalog, stored)
    if entries is None:
        return {"quizzes": {quiz.id: None for quiz in quizzes}, "notice": UNREADABLE_NOTICE}
    restored: dict[str, Entry | None] = {}
    dropped_any = False
    for quiz in quizzes:
        saved = entries.get(quiz.id)
        entry: Entry | None = None
        if isinstance(saved, dict) and saved.get("hash") == quiz_hash(quiz):
            entry, dropped = _restore_entry(quiz, saved)
            dropped_any = dropped_any or dropped
        elif saved is not None:
            dropped_any = True  # saved for another version of the quiz, or not an entry at all
        restored[quiz.id] = entry
    return {"quizzes": restored, "notice": NOTICE if dropped_any else None}


def _saved_entry(quiz: Quiz, entry: Mapping[str, object]) -> Entry:
    """One quiz's entry as stored; raises StateError saying what does not fit."""
    unknown = sorted(set(entry) - _ENTRY_FIELDS)
    if unknown:
        raise StateError(f"quiz '{quiz.id}': unknown field {unknown[0]!r} (known: {', '.join(sorted(_ENTRY_FIELDS))})")
    try:
        answers = normalize_answers(quiz, entry.get("answers", {}))
    except AnswerError as error:
        raise StateError(f"quiz '{quiz.id}': {error}") from None
    given_prediction = entry.get("prediction")
    prediction = band_of(quiz, given_prediction)
    if prediction != given_prediction:
        raise StateError(f"quiz '{quiz.id}': {given_prediction!r} is not a band to predict")
    checked = entry.get("checked", False)
    revealed = entry.get("revealed", False)
    if not isinstance(checked, bool) or not isinstance(revealed, bool):
        raise StateError(f"quiz '{quiz.id}': checked and revealed must be true or false")
    attempts = _attempts(entry.get("attempts", int(checked)))
    if attempts is None:
        raise StateError(f"quiz '{quiz.id}': attempts must be a whole number from 0 to {MAX_ATTEMPT}")
    return _entry(quiz, answers, checked, prediction, attempts, revealed)


def save(catalog: Catalog, stored: str | None, quiz: Quiz, entry: Mapping[str, object] | None) -> Saved:
    """The blob to store: what `stored` holds, every entry as it was, with `quiz`'s entry made from `entry`
    (or forgotten, when `entry` is None). Raises StateError when `entry` does not fit the quiz."""
    quizzes = _stored_entries(catalog, stored) or {}  # what cannot be read, this save replaces
    if entry is None:
        quizzes.pop(quiz.id, None)
    else:
        quizzes[quiz.id] = _saved_entry(quiz, entry)
    return {"version": STATE_VERSION, "quizzes": quizzes}
