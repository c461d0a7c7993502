"""The engine's single entry point for the browser: JSON text in, JSON text out.

    from quiz_py import api
    api.handle('{"op": "load", "catalog": {...}}')

Every response is one of::

    {"ok": true,  "result": ...}
    {"ok": false, "error": {"code": "...", "message": "human readable"}}

`handle` never raises. Requests longer than 256 KiB (the catalog is the largest,
a few tens of KiB) or nested deeper than 32 levels are refused before parsing.

Answers use the canonical forms of `quiz_py.answers`: an option id string
(single, true_false: "true"/"false"), a list of option ids (multiple), an object
item id -> category id (sort), an integer 1..5 or numeric string (scale).

Operations
----------
``{"op": "load", "catalog": <assets/engine/catalog.json content>}`` -> ``null``. Must come first;
    the catalog is kept in module state. Other ops before it: ``not_loaded``.
``{"op": "grade", "quiz": id, "answers": {qid: answer}, "attempt": n, "reveal": bool}`` (checkpoint
    and sort; ``attempt``, default 1, counts the reader's complete checks, this one included, 1 or more;
    ``reveal``, default false, is the reader asking to see the answers). See `quiz_py.grading` for the
    rules: commit first, reveal after trying, marks.
    -> when a question is unanswered or an item unsorted, nothing is graded: ``{"quiz", "complete":
    false, "missing": [{"question", "number" (1-based), "items" (unsorted item ids)}], "message"}``.
    -> otherwise ``{"quiz", "complete": true, "passed", "score", "total", "summary" (the score line, for
    the reader: "1 of 2 questions right. …"; score and total are its numbers: questions right, or in the
    sorting exercise items sorted right), "questions": [{"id", "correct", "score", "total" (the
    question's marks), "revealed", "explanation", "link" (null until revealed),
    "marks": [{"option", "mark": "right" | "wrong" | "missed", "feedback"}] (choice: each chosen
    option, and once revealed each right option not chosen), "scoring" (multiple, not right: its marks
    and how they are counted, for the reader),
    "items": [{"id", "correct", "expected", "reason", "link"}] (sort: null until the item is right
    or the question revealed)}]}``.
``{"op": "assess", "quiz": id, "answers": {...}, "prediction": band id | null}``
    -> ``{"quiz", "complete", "missing": [qids], "dimensions": [{"id", "label", "score",
    "min", "max", "strong_from" (where the top band begins) | null, "summary" (the score
    and its range in words: the one place the page states it), "pulled_down_intro",
    "pulled_down": [{"id", "text", "answer" (scale label), "points", "reverse", "note"}]
    (at most 3, the costliest first)}], "band": {"id", "title", "meaning", "links": [{"url",
    "text"}]}, "prediction": {"band", "title", "held"} | null, "comparison": {"own" (for the
    reader who answered) | "shared" (for someone opening their share link): {"guess",
    "answers_say" (lead-in to the band's title), "gap": text | null (no guess)}},
    "rarity": text, "chart": {"svg", "text" (its text alternative, also in the SVG),
    "caption" (a visible key)}}``. See `quiz_py.assessment`. When incomplete: ``complete:
    false``, the missing ids, and ``dimensions: []`` with band, prediction, comparison,
    rarity and chart null.
``{"op": "restore", "stored": <the text localStorage holds> | null, "quizzes": {quiz id: hash | null}}``
    (the page's quizzes, each with its hash as the page states it, checked as ``hash`` below)
    -> ``{"quizzes": {quiz id: entry | null}, "notice": null | text}``: for each of the page's quizzes,
    the entry the page may show (``{"hash", "answers", "checked", "status", "attempts", "revealed"}``, or
    ``"prediction"`` in place of the last two for an assessment), null when nothing is saved for this
    version of it; ``notice``, for the reader, when saved answers had to be left out. Never an error but
    ``stale_quiz`` (see below); see `quiz_py.state` (version 1, and the migration from version 0).
``{"op": "save", "stored": <the text localStorage holds> | null, "quiz": id, "hash"?: str, "entry": {"answers",
    "checked"?, "prediction"?, "attempts"?, "revealed"?} | null}`` -> ``{"version": 1, "quizzes": {...}}``:
    the blob to store, what ``stored`` held with this quiz's entry replaced (with the engine's ``status``),
    or removed when ``entry`` is null; every other entry is kept as it was stored, even one this engine
    cannot read; text no build writes (corrupt) is replaced. Code ``bad_progress`` when the entry does not
    fit the quiz. Code ``newer_progress`` when ``stored`` is a newer format's progress (from a build deployed
    since the page loaded): nothing is written over it. Its message is for the reader, the same words
    restore's ``notice`` gave: the page keeps the answers it shows, unsaved, as when the browser does not
    store them.
``{"op": "share_encode", "quiz": id, "answers": {...}, "prediction": band id | null}``
    -> ``{"fragment": "share=<quiz id>.<base64url>"}`` (for location.hash, no "#"); code ``bad_answers``
    when a question is unanswered or an item unsorted (the link's opener could not answer it).
``{"op": "share_decode", "fragment": str}`` (the address's fragment, whatever it is) -> ``{"quiz", "answers",
    "prediction"}``, or null when the fragment is no share link (a heading's anchor, say); code ``bad_share``
    when it is one but not a valid link to the current quiz, or leaves a question unanswered; its message,
    plain words, is for the person holding the link.

Error codes: ``bad_request`` (not JSON, too big, not an object, missing or mistyped
field), ``unknown_op``, ``not_loaded``, ``bad_catalog``, ``unknown_quiz``,
``wrong_kind`` (grading an assessment or assessing a checkpoint), ``stale_quiz`` (the
request's optional ``hash``, the quiz's hash as the page states it, is not the engine's, or
names a quiz the engine does not hold: a page and an engine from different builds), ``bad_answers``,
``bad_prediction``, ``bad_progress``, ``newer_progress``, ``bad_share``, ``internal`` (a bug: please report).
Links in results are site-root-relative URLs, to resolve against the site's base.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Literal, TypedDict

from . import share, state
from .answers import AnswerError, Answers, normalize_answers
from .assessment import Assessment, assess
from .catalog import CatalogError, catalog_from_build, quiz_hash
from .grading import Graded, Incomplete, grade
from .model import Catalog, Quiz
from .safejson import JsonLimitError, parse

MAX_REQUEST_CHARS = 256 * 1024

_catalog: Catalog | None = None


# A request is untrusted JSON: each op reads its fields through the typed getters below.
type Request = Mapping[str, object]


class ShareFragment(TypedDict):
    fragment: str


class ErrorDetail(TypedDict):
    code: str
    message: str


class Success(TypedDict):
    ok: Literal[True]
    result: object


class Failure(TypedDict):
    ok: Literal[False]
    error: ErrorDetail


type Response = Success | Failure


class ApiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _optional[T](request: Request, key: str, expected: type[T]) -> T | None:
    """request[key] checked for type; absent or null is None. (JSON true is no number here.)"""
    value = request.get(key)
    if value is None:
        return None
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ApiError("bad_request", f"field {key!r} has the wrong type ({type(value).__name__})")
    return value


def _required[T](request: Request, key: str, expected: type[T]) -> T:
    value = _optional(request, key, expected)
    if value is None:
        raise ApiError("bad_request", f"missing field {key!r}")
    return value


def _loaded() -> Catalog:
    if _catalog is None:
        raise ApiError("not_loaded", "the quiz catalog is not loaded yet: send a 'load' request first")
    return _catalog


def _page_quiz(quiz_id: str, page_hash: str | None) -> Quiz:
    """The quiz the page shows. The page states its hash: another build's answer key must never grade it,
    nor its saved progress be read or written for it."""
    quiz = _loaded().quiz(quiz_id)
    if quiz is not None and page_hash in (None, quiz_hash(quiz)):
        return quiz
    if page_hash is None:
        raise ApiError("unknown_quiz", f"there is no quiz {quiz_id[:40]!r}")
    raise ApiError("stale_quiz", f"quiz {quiz_id[:40]!r} on the page is not the one the engine holds (another version)")


def _quiz(request: Request, *kinds: str) -> Quiz:
    quiz = _page_quiz(_required(request, "quiz", str), _optional(request, "hash", str))
    if kinds and quiz.kind not in kinds:
        raise ApiError("wrong_kind", f"quiz {quiz.id!r} is a {quiz.kind} quiz; this op takes {' or '.join(kinds)}")
    return quiz


def _answers(quiz: Quiz, request: Request) -> Answers:
    try:
        return normalize_answers(quiz, _optional(request, "answers", dict) or {})
    except AnswerError as error:
        raise ApiError("bad_answers", str(error)) from None


def _prediction(quiz: Quiz, request: Request) -> str | None:
    prediction = _optional(request, "prediction", str)
    if prediction is not None and state.band_of(quiz, prediction) is None:
        bands = ", ".join(b.id for b in quiz.bands) or "none"
        raise ApiError("bad_prediction", f"{prediction[:40]!r} is not one of the bands ({bands})")
    return prediction


def _op_load(request: Request) -> None:
    global _catalog
    try:
        # The build validated the catalogue and wrote its hash: checking that is enough here.
        catalog = catalog_from_build(_required(request, "catalog", dict))
    except CatalogError as error:
        raise ApiError("bad_catalog", str(error)) from None
    _catalog = catalog


def _op_grade(request: Request) -> Graded | Incomplete:
    quiz = _quiz(request, "checkpoint", "sort")
    attempt = _optional(request, "attempt", int)
    if attempt is None:
        attempt = 1
    if attempt < 1:  # any count from 1 up: the rules tell only the first check from later ones
        raise ApiError("bad_request", "field 'attempt' must be a whole number, 1 or more")
    reveal = _optional(request, "reveal", bool) or False
    return grade(quiz, _answers(quiz, request), attempt, reveal)


def _op_assess(request: Request) -> Assessment:
    quiz = _quiz(request, "assessment")
    return assess(quiz, _answers(quiz, request), _prediction(quiz, request))


def _op_restore(request: Request) -> state.Restored:
    page_quizzes = _required(request, "quizzes", dict)
    if not all(page_hash is None or isinstance(page_hash, str) for page_hash in page_quizzes.values()):
        raise ApiError("bad_request", "field 'quizzes' must map quiz ids to hashes")
    quizzes = [_page_quiz(quiz_id, page_hash) for quiz_id, page_hash in page_quizzes.items()]
    return state.restore(_optional(request, "stored", str), quizzes)


def _op_save(request: Request) -> state.Saved:
    quiz = _quiz(request)
    try:
        return state.save(_optional(request, "stored", str), quiz, _optional(request, "entry", dict))
    except state.StateError as error:
        raise ApiError("bad_progress", str(error)) from None
    except state.NewerProgress as newer:
        raise ApiError("newer_progress", str(newer)) from None


def _op_share_encode(request: Request) -> ShareFragment:
    quiz = _quiz(request)
    try:
        return {"fragment": share.encode(quiz, _answers(quiz, request), _prediction(quiz, request))}
    except share.ShareError as error:
        raise ApiError("bad_answers", str(error)) from None


def _op_share_decode(request: Request) -> share.Shared | None:
    fragment = _required(request, "fragment", str)
    try:
        return share.decode(_loaded(), fragment)
    except share.ShareError as error:
        raise ApiError("bad_share", str(error)) from None


_OPS: dict[str, Callable[[Request], object]] = {
    "load": _op_load,
    "grade": _op_grade,
    "assess": _op_assess,
    "restore": _op_restore,
    "save": _op_save,
    "share_encode": _op_share_encode,
    "share_decode": _op_share_decode,
}


def _dispatch(request_json: object) -> object:
    if not isinstance(request_json, str):
        raise ApiError("bad_request", "the request must be a JSON string")
    try:
        request = parse(request_json, MAX_REQUEST_CHARS)
    except JsonLimitError as error:
        raise ApiError("bad_request", f"the request is {error}") from None
    if not isinstance(request, dict):
        raise ApiError("bad_request", "the request must be a JSON object")
    op = _required(request, "op", str)
    handler = _OPS.get(op)
    if handler is None:
        raise ApiError("unknown_op", f"unknown op {op[:40]!r} (known: {', '.join(_OPS)})")
    return handler(request)


def handle(request_json: str) -> str:
    """Answer one JSON request with one JSON response; never raises."""
    try:
        response: Response = {"ok": True, "result": _dispatch(request_json)}
    except ApiError as error:
        response = {"ok": False, "error": {"code": error.code, "message": error.message}}
    except Exception as error:  # noqa: BLE001 - the page must always get an answer it can show
        response = {"ok": False, "error": {"code": "internal", "message": f"internal error: {type(error).__name__}"}}
    # ASCII output: echoed input may hold lone surrogates, which are not valid UTF-8.
    return json.dumps(response, ensure_ascii=True, allow_nan=False)
