"""Where a table starts in a TOML file, for messages: tomllib gives values, not positions.

A table is named by its path from the document root, e.g. the second option of the
third question is ``(("questions", 2), ("options", 1))``; ``("feedback", None)`` is a
plain ``[questions.feedback]`` table. Only header lines (``[[questions]]``,
``[questions.feedback]``) are found: inline tables have no line of their own, so they
get their parent's. Headers inside multi-line strings are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

type TablePath = tuple[tuple[str, int | None], ...]

_BARE_KEY = r"[A-Za-z0-9_-]+"
_HEADER = re.compile(rf"\s*\[\[?\s*({_BARE_KEY}(?:\s*\.\s*{_BARE_KEY})*)\s*\]\]?\s*(?:#.*)?")
_MULTILINE_QUOTES = re.compile(r'"""|\'\'\'')


@dataclass(frozen=True, slots=True)
class _Header:
    line: int
    names: tuple[str, ...]


def _headers(text: str) -> list[_Header]:
    headers = []
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not in_string and (match := _HEADER.fullmatch(line)):
            names = tuple(name.strip() for name in match.group(1).split("."))
            headers.append(_Header(number, names))
        if len(_MULTILINE_QUOTES.findall(line)) % 2:
            in_string = not in_string
    return headers


def table_locator(text: str) -> Callable[[TablePath], int | None]:
    """A function giving the line where a table starts (its nearest header), or None."""
    headers = _headers(text)

    def locate(path: TablePath) -> int | None:
        low, high, line = 0, len(headers), None
        for depth, (_, index) in enumerate(path):
            names = tuple(name for name, _ in path[: depth + 1])
            starts = [n for n in range(low, high) if headers[n].names == names]
            position = index or 0
            if position >= len(starts):
                return line
            start = starts[position]
            low, high = start + 1, starts[position + 1] if position + 1 < len(starts) else high
            line = headers[start].line
        return line

    return locate
