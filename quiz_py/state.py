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
an assessment when checked and complete. It is recomputed on restore and ignored
on save. ``attempts`` counts complete checks and ``revealed`` records that the
reader asked to see the answers (see `quiz_py.grading`): restoring shows what the
reader had already been shown, no more. Entries saved before these fields existed
restore with ``attempts`` 1 if checked, else 0, and ``revealed`` false. Saved answers are tied to the
quiz's content hash: when a quiz changes, its saved answers are dropped rather than
shown against questions they were not given for.

Version 0 is the unversioned prototype format: a bare map quiz id -> answers, with
no hash and nothing else. It is migrated by checking each answer against the current
quiz, keeping those that still fit, marked not checked.

`restore` never fails: whatever it cannot use it drops, and says so with `NOTICE`.
`save` drops and reports an entry that does not fit (a bug in the page's code), keeping the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .answers import AnswerError, Answers, normalize_answers, valid_answers
from .catalog import quiz_hash
from .grading import MAX_ATTEMPT, passed
from .model import Catalog, Quiz

STATE_VERSION = 1
NOTICE = "Some saved answers were from an older version of a quiz and were not restored."
_ENTRY_FIELDS = {"hash", "answers", "checked", "prediction", "attempts", "revealed", "status"}


class StateError(ValueError):
    """Progress handed to `save` that does not fit the catalog."""


def is_band_of(quiz: Quiz, prediction: object) -> bool:
    """Whether `prediction` names one of an assessment quiz's bands."""
    return isinstance(prediction, str) and quiz.band(prediction) is not None


def status(quiz: Quiz, answers: Answers, checked: bool, prediction: str | None = None) -> str:
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
) -> dict[str, Any]:
    entry: dict[str, Any] = {
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


def _restore_entry(quiz: Quiz, saved: Mapping[str, Any]) -> tuple[dict[str, Any] | None, bool]:
    """The restorable part of one quiz's saved entry, and whether anything was dropped."""
    answers, dropped = valid_answers(quiz, saved.get("answers"))
    prediction = saved.get("prediction")
    if prediction is not None and not is_band_of(quiz, prediction):
        prediction, dropped = None, True
    checked = saved.get("checked") is True and not dropped
    if not answers and prediction is None:
        return None, dropped
    attempts = _attempts(saved.get("attempts", int(checked)))
    if attempts is None:
        attempts, dropped = int(checked), True
    revealed = saved.get("revealed") is True
    return _entry(quiz, answers, checked, prediction, attempts, revealed), dropped


def _migrate_v0(saved: Mapping[str, Any]) -> dict[str, Any]:
    """Version 0 -> 1: each bare answers map becomes an entry with no hash (checked below)."""
    return {"version": STATE_VERSION, "quizzes": {quiz_id: {"answers": answers} for quiz_id, answers in saved.items()}}


def restore(catalog: Catalog, saved: object) -> dict[str, Any]:
    """{"progress": {quiz id: entry}, "notice": None or NOTICE}, from anything at all."""
    progress: dict[str, Any] = {}
    if saved is None:
        return {"progress": progress, "notice": None}
    migrated_from_v0 = isinstance(saved, dict) and "version" not in saved
    if migrated_from_v0:
        saved = _migrate_v0(saved)  # type: ignore[arg-type]
    if not isinstance(saved, dict) or saved.get("version") != STATE_VERSION or not isinstance(saved.get("quizzes"), dict):
        return {"progress": progress, "notice": NOTICE}
    dropped_any = False
    for quiz_id, entry in saved["quizzes"].items():
        quiz = catalog.quiz(quiz_id)
        if (
            quiz is None
            or not isinstance(entry, dict)
            or (not migrated_from_v0 and entry.get("hash") != quiz_hash(quiz))
        ):
            dropped_any = True
            continue
        restored, dropped = _restore_entry(quiz, entry)
        dropped_any = dropped_any or dropped
        if restored:
            progress[quiz_id] = restored
    return {"progress": progress, "notice": NOTICE if dropped_any else None}


def _saved_entry(catalog: Catalog, quiz_id: str, entry: object) -> dict[str, Any]:
    """One quiz's entry as stored; raises StateError saying what does not fit."""
    quiz = catalog.quiz(quiz_id)
    if quiz is None:
        raise StateError(f"unknown quiz {quiz_id!r}")
    if not isinstance(entry, dict):
        raise StateError(f"quiz '{quiz_id}': entry must be an object")
    unknown = sorted(set(entry) - _ENTRY_FIELDS)
    if unknown:
        raise StateError(f"quiz '{quiz_id}': unknown field {unknown[0]!r} (known: {', '.join(sorted(_ENTRY_FIELDS))})")
    if "hash" in entry and entry["hash"] != quiz_hash(quiz):
        raise StateError(f"quiz '{quiz_id}': hash {entry['hash']!r} is not the current quiz's")
    try:
        answers = normalize_answers(quiz, entry.get("answers", {}))
    except AnswerError as error:
        raise StateError(f"quiz '{quiz_id}': {error}") from None
    prediction = entry.get("prediction")
    if prediction is not None and not is_band_of(quiz, prediction):
        raise StateError(f"quiz '{quiz_id}': {prediction!r} is not a band to predict")
    checked = entry.get("checked", False)
    revealed = entry.get("revealed", False)
    if not isinstance(checked, bool) or not isinstance(revealed, bool):
        raise StateError(f"quiz '{quiz_id}': checked and revealed must be true or false")
    attempts = _attempts(entry.get("attempts", int(checked)))
    if attempts is None:
        raise StateError(f"quiz '{quiz_id}': attempts must be a whole number from 0 to {MAX_ATTEMPT}")
    return _entry(quiz, answers, checked, prediction, attempts, revealed)


def save(catalog: Catalog, progress: object) -> dict[str, Any]:
    """{"saved": the versioned blob to store, "dropped": [{"quiz", "reason"}]}: an entry that does not fit
    is left out and reported, so one bad entry never costs the others; raises StateError only when
    `progress` is not an object at all."""
    if not isinstance(progress, dict):
        raise StateError("progress must be an object quiz id -> entry")
    quizzes: dict[str, Any] = {}
    dropped: list[dict[str, str]] = []
    for quiz_id, entry in progress.items():
        try:
            quizzes[quiz_id] = _saved_entry(catalog, quiz_id, entry)
        except StateError as error:
            dropped.append({"quiz": quiz_id[:40], "reason": str(error)})
    return {"saved": {"version": STATE_VERSION, "quizzes": quizzes}, "dropped": dropped}
