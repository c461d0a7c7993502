"""JSON parsing for untrusted text, with limits on size, nesting and numbers.

The nesting depth is measured before parsing: a deeply nested document would make
the parser recurse, and in the browser (WebAssembly) running out of stack is fatal,
not an exception.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 32
# Python refuses to parse integers over 4300 digits with a ValueError; no request needs more than a few.
MAX_INTEGER_DIGITS = 20


class JsonLimitError(ValueError):
    """Text that is too long, too deeply nested, or not JSON."""


def nesting_depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


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
