"""Share links: a quiz's answers (and prediction) in a URL fragment.

Format, for ``location.hash`` without the ``#``::

    share=<quiz id>.<base64url, unpadded, of {"h": quiz hash, "a": answers, "p": prediction}>

The quiz hash travels with the answers, so a link made for another version of the quiz
(before it changed, or on a newer build than the page) is rejected instead of showing
answers to questions that are not the same. A link holds an answer to every question:
its opener sees a result they cannot edit, so nothing may be left for them to answer.
The page never looks for the prefix itself: it hands the engine whatever fragment the
address has, and an ordinary one (a heading's anchor) decodes to None.
"""

from __future__ import annotations

import binascii
import json
from typing import TypedDict

from .answers import AnswerError, Answers, normalize_answers, unanswered
from .catalog import quiz_hash
from .model import Catalog, Quiz
from .safejson import parse
from .state import band_of

PREFIX = "share="
MAX_FRAGMENT_LENGTH = 4096
# base64url by hand from binascii: the base64 module is 9 KB of every reader's download for these two lines.
_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


class Shared(TypedDict):
    quiz: str
    answers: Answers
    prediction: str | None


class ShareError(ValueError):
    """A fragment that is not a valid share link for the current quizzes."""


def encode(quiz: Quiz, answers: Answers, prediction: str | None) -> str:
    """The fragment for canonical `answers`; raises ShareError when a question is unanswered."""
    if unanswered(quiz, answers):
        raise ShareError("a share link needs every question answered")
    payload = {"h": quiz_hash(quiz), "a": answers, "p": prediction}
    compact = json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return f"{PREFIX}{quiz.id}.{_base64url(compact)}"


def _base64url(data: bytes) -> str:
    """`data` in unpadded base64url."""
    return binascii.b2a_base64(data, newline=False).translate(_TO_URLSAFE).rstrip(b"=").decode("ascii")


def decode(catalog: Catalog, fragment: str) -> Shared | None:
    """The shared answers; None for a fragment that is no share link; raises ShareError saying what is wrong."""
    fragment = fragment.removeprefix("#")
    if not fragment.startswith(PREFIX):
        return None
    if len(fragment) > MAX_FRAGMENT_LENGTH:
        raise ShareError("the share link is too long")
    if "." not in fragment:
        raise ShareError("this is not a share link")
    quiz_id, _, encoded = fragment[len(PREFIX) :].partition(".")
    quiz = catalog.quiz(quiz_id)
    if quiz is None:
        raise ShareError("the share link is for a quiz this site does not have")
    try:
        raw = binascii.a2b_base64(encoded.encode("ascii").translate(_FROM_URLSAFE) + b"=" * (-len(encoded) % 4))
        payload = parse(raw.decode("utf-8"), MAX_FRAGMENT_LENGTH)
    except (binascii.Error, ValueError):  # a non-ASCII link, bad UTF-8 and JsonLimitError are ValueErrors
        raise ShareError("the share link is damaged") from None
    if not isinstance(payload, dict) or set(payload) != {"h", "a", "p"}:
        raise ShareError("the share link is damaged")
    if payload["h"] != quiz_hash(quiz):
        raise ShareError("the share link was made for another version of this quiz")
    try:
        answers = normalize_answers(quiz, payload["a"])
    except AnswerError:
        raise ShareError("the share link holds an answer this quiz does not have") from None
    prediction = payload["p"]
    if prediction is not None and band_of(quiz, prediction) is None:
        raise ShareError("the share link holds a guess this quiz does not have")
    if unanswered(quiz, answers):
        raise ShareError("the share link leaves some questions unanswered")
    return {"quiz": quiz.id, "answers": answers, "prediction": prediction}
