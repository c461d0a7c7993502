"""Where a table starts in a TOML file, for messages: tomllib gives values, not positions.

A table is named by its path from the document root, e.g. the second option of the
third question is ``(("questions", 2), ("options", 1))``; ``("feedback", None)`` is a
plain ``[questions.feedback]`` table. Only header lines (``[[questions]]``,
``[questions.feedback]``) are found: inline tables have no line of their own, so they
get their parent's.

The headers are found by a small tokenizer that follows TOML's rules for what is not a
header: comments, the four kinds of string (basic ``"…"`` with escapes, literal ``'…'``
without, and their multi-line ``\"\"\"…\"\"\"`` and ``'''…'''`` forms, which may end in up to
two more quotes), and values that span lines (arrays, whose rows may start with ``[``).
A header's keys may be bare, quoted or dotted (``[ "questions" . options ]``). The text
has been parsed by tomllib first, so it is valid TOML.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

type TablePath = tuple[tuple[str, int | None], ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class TableHeader:
    line: int
    names: tuple[str, ...]


def _string_end(text: str, start: int) -> int:
    """Where the string whose opening quote is at `start` ends (just past its closing quote)."""
    quote = text[start]
    escapes = quote == '"'  # literal strings have none
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    position = start + len(delimiter)
    while position < len(text):
        if escapes and text[position] == "\\":
            position += 2
        elif text.startswith(delimiter, position):
            end = position + len(delimiter)
            if len(delimiter) == 3:
                # """a"""" is the text a": a run of up to five quotes closes with its last three.
                while end < len(text) and end - position < 5 and text[end] == quote:
                    end += 1
            return end
        else:
            position += 1
    return len(text)


def _after_spaces(text: str, position: int) -> int:
    while text.startswith((" ", "\t"), position):
        position += 1
    return position


def _header(text: str, start: int) -> tuple[tuple[str, ...], int]:
    """The names of the header whose first ``[`` is at `start`, and where the header ends."""
    brackets = 2 if text.startswith("[[", start) else 1
    position = start + brackets
    names = []
    while True:
        position = _after_spaces(text, position)
        if text.startswith(('"', "'"), position):
            end = _string_end(text, position)
            # A quoted key's name is its string's value: tomllib decodes the escapes.
            names.append(str(tomllib.loads(f"key = {text[position:end]}")["key"]))
        elif bare := _BARE_KEY.match(text, position):
            end = bare.end()
            names.append(bare.group())
        else:
            break
        position = _after_spaces(text, end)
        if not text.startswith(".", position):
            break
        position += 1
    return tuple(names), position + brackets  # past the closing "]" or "]]"


def table_headers(text: str) -> list[TableHeader]:
    """Every table header of the TOML `text`, in order."""
    headers = []
    line, position, depth = 1, 0, 0  # depth: how many arrays and inline tables of a value are open
    at_line_start = True
    while position < len(text):
        char = text[position]
        if char == "\n":
            line, position, at_line_start = line + 1, position + 1, True
            continue
        if char in " \t\r":
            position += 1
            continue
        if char == "#":
            position = end if (end := text.find("\n", position)) >= 0 else len(text)
            continue
        if char == "[" and depth == 0 and at_line_start:
            names, position = _header(text, position)
            headers.append(TableHeader(line, names))
        elif char in "\"'":
            end = _string_end(text, position)
            line += text.count("\n", position, end)
            position = end
        else:
            depth += (char in "[{") - (char in "]}")
            position += 1
        at_line_start = False
    return headers


def table_locator(text: str) -> Callable[[TablePath], int | None]:
    """A function giving the line where a table starts (its nearest header), or None."""
    headers = table_headers(text)

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
