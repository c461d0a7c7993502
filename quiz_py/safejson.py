"""JSON parsing for untrusted text, with limits on size, nesting and numbers.

The nesting depth is measured before parsing: a deeply nested document would make
the parser recurse, and in the browser (WebAssembly) running out of stack is fatal,
not an exception.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

MAX_DEPTH = 32
# Python refuses to parse integers over 4300 digits with a ValueError; no request needs more than a few.
MAX_INTEGER_DIGITS = 20


class JsonLimitError(ValueError):
    """Text that is too long, too deeply nested, or not JSON."""


# What matters to measuring structure: a string (skipped whole, by json's own scanner, so that escaped quotes and
# backslashes are read as json reads them) or a bracket.
_STRUCTURE = re.compile(r'["\[\]{}]')
_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"[^ \t\n\r,\]}]+")
_DECODER = json.JSONDecoder()  # its raw_decode reads one value; only ever handed a string's opening quote here


def _string_at(text: str, start: int) -> tuple[str, int]:
    """The JSON string opening at `start`, and where it ends (after its closing quote)."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as error:
        raise JsonLimitError(f"not valid JSON: {error}") from None
    return value, end


def _brackets(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(index, depth after it) for each [ { ] } outside strings, from `start`."""
    depth = 0
    position = start
    while match := _STRUCTURE.search(text, position):
        index = match.start()
        if text[index] == '"':
            position = _string_at(text, index)[1]
            continue
        depth += 1 if text[index] in "[{" else -1
        yield index, depth
        position = index + 1


def nesting_depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings."""
    return max((depth for _, depth in _brackets(text)), default=0)


def _value_end(text: str, start: int) -> int:
    """Where the JSON value beginning at `start` ends, found without parsing it."""
    if text.startswith('"', start):
        return _string_at(text, start)[1]
    if text.startswith(("[", "{"), start):
        for index, depth in _brackets(text, start):
            if depth == 0:
                return index + 1
        raise JsonLimitError("not valid JSON: a bracket is never closed")
    scalar = _SCALAR.match(text, start)
    if scalar is None:
        raise JsonLimitError("not valid JSON: a value is missing")
    return scalar.end()


def _skip_space(text: str, index: int) -> int:
    space = _SPACE.match(text, index)
    return space.end() if space else index


def object_members(text: str) -> dict[str, str] | None:
    """The members of the JSON object `text`, each value as its own text, unparsed; None when `text` is no
    JSON object. Each value can then be parsed on its own, so that one beyond the limits costs only itself."""
    members: dict[str, str] = {}
    index = _skip_space(text, 0)
    if not text.startswith("{", index):
        return None
    index = _skip_space(text, index + 1)
    closed = text.startswith("}", index)
    try:
        while not closed:
            if not text.startswith('"', index):
                return None
            key, index = _string_at(text, index)
            index = _skip_space(text, index)
            if not text.startswith(":", index):
                return None
            start = _skip_space(text, index + 1)
            index = _value_end(text, start)
            members[key] = text[start:index]
            index = _skip_space(text, index)
            closed = text.startswith("}", index)
            if not closed and not text.startswith(",", index):
                return None
            index = _skip_space(text, index + 1) if not closed else index
    except JsonLimitError:
        return None
    return members if _skip_space(text, index + 1) == len(text) else None


def _reject_constant(name: str) -> Any:
    raise JsonLimitError(f"{name} is not allowed in JSON")


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise JsonLimitError(f"too large: an integer of {len(digits.lstrip('-'))} digits, at most {MAX_INTEGER_DIGITS}")
    return int(digits)


def _number(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JsonLimitError(f"too large: a number beyond what a float holds ({text[:20]})")
    return value


def parse(text: str, max_chars: int, max_depth: int = MAX_DEPTH) -> Any:
    if len(text) > max_chars:
        raise JsonLimitError(f"too long: {len(text)} characters, at most {max_chars}")
    if nesting_depth(text) > max_depth:
        raise JsonLimitError(f"nested too deeply: at most {max_depth} levels")
    try:
        # NaN and Infinity are not JSON, and would make the response invalid JSON.
        return json.loads(text, parse_constant=_reject_constant, parse_int=_integer, parse_float=_number)
    except json.JSONDecodeError as error:
        raise JsonLimitError(f"not valid JSON: {error}") from None
