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
shown, no more; ``attempts`` is saved and restored clamped to `MAX_ATTEMPT`. Entries
saved before these fields existed restore with ``attempts`` 1 if checked, else 0, and
``revealed`` false. Saved answers are tied to the quiz's
content hash: answers saved for another version of a quiz are not shown against
questions they were not given for.

Version 0 is the unversioned prototype format: a bare map quiz id -> answers, with
no hash and nothing else. It is migrated by checking each answer against the current
quiz, keeping those that still fit, marked not checked. A save over it writes each quiz's
answers as an entry without a hash, quizzes this engine lacks included; an entry without
a hash restores like version 0's answers.

Nothing stored is lost to a page and an engine from different builds (a partial deploy):
`restore` only reads, and `save` replaces one quiz's entry, keeping every other entry as
it was stored, those of quizzes this engine does not know or holds in another version
included. Each entry is read on its own: one holding a value beyond the JSON limits of
`quiz_py.safejson` (a 21-digit integer, ``1e999``, nesting deeper than 32) costs only
itself. Progress in a newer format version (saved by a build deployed since this page
loaded, in another tab) is never written over: `save` refuses (`NewerProgress`, its message
for the reader) and the page keeps the answers it shows. Text no build writes (not JSON, not
an object of a known version) is corrupt: `restore` leaves it out with a notice, and the
next `save` replaces it. `restore` never fails: what it cannot use it leaves out, and says so
with a notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, NotRequired, TypedDict

from .answers import AnswerError, Answers, normalize_answers, unanswered, valid_answers
from .catalog import quiz_hash
from .grading import passed
from .model import Quiz
from .safejson import JsonLimitError, object_members, parse

STATE_VERSION = 1
# The count of checks is stored at most this: grading tells only the first check from later ones, and a reader who
# checks more often than this keeps going (the count saved stays small, and is never refused).
MAX_ATTEMPT = 1000
NOTICE = "Some saved answers did not fit this version of a quiz, so they are not shown."
# A newer build's progress is never written over: this says so, on restore and on save.
NEWER_NOTICE = (
    "Your saved answers come from a newer version of this site, so this page neither shows them nor saves over them. "
    "Reload the page to carry on with them."
)
# Corrupt text, which no build writes: left out on restore, replaced by the next save.
UNREADABLE_NOTICE = "Answers saved on this device could not be read, so they are not shown. New answers replace them."
# A stored entry holding a value beyond the JSON limits (a 21-digit number, nesting deeper than 32): it costs only itself.
_UNUSABLE = object()
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


class NewerProgress(Exception):
    """What is stored is a newer format's progress, so nothing may be saved over it. The message is for the reader."""


def band_of(quiz: Quiz, prediction: object) -> str | None:
    """`prediction` if it names one of an assessment quiz's bands, else None."""
    return prediction if isinstance(prediction, str) and quiz.band(prediction) is not None else None


def status(quiz: Quiz, answers: Answers, checked: bool, prediction: str | None = None) -> Status:
    """"done", "started" or "not started": the one rule behind every ✓ and "continue"."""
    if checked and answers:
        if quiz.kind == "assessment":
            complete = not unanswered(quiz, answers)
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
    """A count of checks as stored (clamped to `MAX_ATTEMPT`); None for what is no count."""
    return min(value, MAX_ATTEMPT) if type(value) is int and value >= 0 else None


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


def _value(text: str) -> object:
    """One stored value, parsed with the request's limits; `_UNUSABLE` when it is beyond them."""
    try:
        return parse(text, max_chars=len(text))  # as long as the request allowed
    except JsonLimitError:
        return _UNUSABLE


def _stored_entries(stored: str | None) -> dict[str, object] | None:
    """The stored entries by quiz id, as stored ({} when nothing is; `_UNUSABLE` for one holding a value beyond
    the JSON limits; None when `stored` is corrupt); raises NewerProgress for a newer format's. Version 0's bare
    answers come back as entries without a hash, for whichever version of their quiz restores them."""
    if stored is None:
        return {}
    members = object_members(stored)
    if members is None:
        return None
    if "version" not in members:
        if not all(text.startswith("{") for text in members.values()):
            return None  # not version 0's quiz id -> answers either
        return {quiz_id: {"answers": answers} if isinstance(answers := _value(text), dict) else _UNUSABLE
                for quiz_id, text in members.items()}
    version = _value(members["version"])
    if type(version) is int and version > STATE_VERSION:
        raise NewerProgress(NEWER_NOTICE)
    entries = object_members(members.get("quizzes", ""))
    if type(version) is not int or version != STATE_VERSION or entries is None:
        return None
    return {quiz_id: _value(text) for quiz_id, text in entries.items()}


def restore(stored: str | None, quizzes: Iterable[Quiz]) -> Restored:
    """What the page may show of each of `quizzes`, from whatever text localStorage holds (`stored`)."""
    try:
        entries = _stored_entries(stored)
    except NewerProgress as newer:
        return {"quizzes": {quiz.id: None for quiz in quizzes}, "notice": str(newer)}
    if entries is None:
        return {"quizzes": {quiz.id: None for quiz in quizzes}, "notice": UNREADABLE_NOTICE}
    restored: dict[str, Entry | None] = {}
    dropped_any = False
    for quiz in quizzes:
        saved = entries.get(quiz.id)
        entry: Entry | None = None
        if isinstance(saved, dict) and saved.get("hash", quiz_hash(quiz)) == quiz_hash(quiz):
            entry, dropped = _restore_entry(quiz, saved)
            dropped_any = dropped_any or dropped
        elif saved is not None:
            dropped_any = True  # saved for another version of the quiz, not an entry at all, or unusable
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
        raise StateError(f"quiz '{quiz.id}': attempts must be a whole number, 0 or more")
    return _entry(quiz, answers, checked, prediction, attempts, revealed)


def save(stored: str | None, quiz: Quiz, entry: Mapping[str, object] | None) -> Saved:
    """The blob to store: what `stored` holds, every usable entry as it was, with `quiz`'s entry made from
    `entry` (or forgotten, when `entry` is None); corrupt text is replaced. Raises StateError when `entry` does
    not fit the quiz, and NewerProgress, writing nothing, when `stored` is a newer format's progress."""
    entries = _stored_entries(stored) or {}
    quizzes = {quiz_id: saved for quiz_id, saved in entries.items() if saved is not _UNUSABLE}
    if entry is None:
        quizzes.pop(quiz.id, None)
    else:
        quizzes[quiz.id] = _saved_entry(quiz, entry)
    return {"version": STATE_VERSION, "quizzes": quizzes}
