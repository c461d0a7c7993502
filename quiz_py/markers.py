"""Where quizzes go in a page: ``<!-- quiz: <id> -->`` markers in the page's HTML.

A marker is an HTML comment, exactly ``quiz:`` and a quiz id (spaces around them
optional). A comment that looks like a marker but is not one (``<!-- Quiz: x -->``,
``<!-- quizz: x -->``, ``<!-- quiz: x y -->``) is a problem, not a silent no-op, and so
is marker text where it cannot be replaced by a form: inside an attribute or a script.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from html.parser import HTMLParser

from .loading import ID_PATTERN

MARKER_FORM = "<!-- quiz: <id> -->"
_MARKER_BODY = re.compile(rf"\s*quiz:\s*({ID_PATTERN.pattern})\s*")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_FIRST_WORD = re.compile(r"\s*([^\s:]*)")


def _looks_like_a_marker(body: str) -> bool:
    """A first word close to "quiz" in any case: quiz, Quiz, quizz, qiuz..."""
    word = _FIRST_WORD.match(body)
    return word is not None and difflib.SequenceMatcher(None, word.group(1).lower(), "quiz").ratio() >= 0.75


class _CommentStarts(HTMLParser):
    """Offsets of the comments an HTML parser sees, as opposed to comment-like text in attributes or scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.starts: set[int] = set()
        self.feed(html)
        self.close()

    def handle_comment(self, data: str) -> None:
        line, column = self.getpos()
        self.starts.add(self._line_starts[line - 1] + column)


def place_quizzes(html: str, render_for: Callable[[str], str | None]) -> tuple[str, list[str], list[str]]:
    """`html` with each marker replaced by `render_for(id)`, the ids placed in order, and the problems:
    unknown ids (`render_for` gave None), a quiz placed twice, near-miss markers, markers in attributes."""
    comments = _CommentStarts(html).starts
    placed: list[str] = []
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        text, body = match.group(0), match.group(1)
        marker = _MARKER_BODY.fullmatch(body)
        if marker is None:
            if _looks_like_a_marker(body):
                problems.append(f"{text!r} looks like a quiz marker but is not one: write {MARKER_FORM}")
            return text
        if match.start() not in comments:
            problems.append(f"quiz marker {text!r} is inside an HTML tag or script, where no quiz can go")
            return text
        quiz_id = marker.group(1)
        rendered = render_for(quiz_id)
        if rendered is None:
            problems.append(f"marker names an unknown quiz '{quiz_id}'")
            return text
        if quiz_id in placed:
            problems.append(f"quiz '{quiz_id}' is placed twice (its element ids would clash)")
        placed.append(quiz_id)
        return rendered

    return _COMMENT.sub(replace, html), placed, problems
