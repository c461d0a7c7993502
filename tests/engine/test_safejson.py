"""The limits on untrusted JSON, at both edges of each, with the text and the answer side by side."""

from __future__ import annotations

import json

import pytest

from quiz_py import api
from quiz_py.safejson import JsonLimitError, nesting_depth, object_members, parse


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(("text", "depth"), [
    ("1", 0),
    ('"[["', 0),
    ("[]", 1),
    ('{"a": [[1]]}', 3),
    # A backslash escapes the quote after it: the string goes on, and the brackets inside it are text.
    ('["\\"[[[["]', 1),
    # An escaped backslash does not: the string ends at the next quote, and the brackets after it count.
    ('["\\\\", [[[[]]]]]', 5),
])
def test_nesting_is_measured_outside_strings_as_json_reads_them(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


@pytest.mark.parametrize(("text", "members"), [
    ('{"a": 1, "b": [2, {"c": 3}]}', {"a": "1", "b": '[2, {"c": 3}]'}),
    ('{"a":1,"b":"x"}', {"a": "1", "b": '"x"'}),
    ('{ }', {}),
    ('{"a": 1}x', None),
    ('{"a": 1,}', None),
    ('[1]', None),
])
def test_an_objects_members_are_split_without_parsing_them(text: str, members: dict[str, str] | None) -> None:
    assert object_members(text) == members


@pytest.mark.parametrize(("text", "max_chars", "value"), [
    (nested(32), 64, [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
    ("12345678901234567890", 20, 12345678901234567890),
    ("-12345678901234567890", 21, -12345678901234567890),
])
def test_text_at_each_limit_parses(text: str, max_chars: int, value: object) -> None:
    assert parse(text, max_chars) == value


@pytest.mark.parametrize(("text", "max_chars", "message"), [
    (nested(33), 66, "nested too deeply: at most 32 levels"),
    ('["\\\\", ' + nested(32) + "]", 100, "nested too deeply: at most 32 levels"),
    ("123456789012345678901", 21, "too large: an integer of 21 digits, at most 20"),
    ("1" + "0" * 400 + ".0", 500, "too large: a number beyond what a float holds (10000000000000000000)"),
    ("[1, 2]", 5, "too long: 6 characters, at most 5"),
    ("NaN", 5, "NaN is not allowed in JSON"),
])
def test_text_beyond_a_limit_is_refused_with_the_limit_named(text: str, max_chars: int, message: str) -> None:
    with pytest.raises(JsonLimitError) as refused:
        parse(text, max_chars)
    assert str(refused.value) == message


@pytest.mark.parametrize("escaped", ['\\"', "\\\\"])
def test_a_request_nested_100000_deep_behind_an_escape_is_refused_before_parsing(escaped: str) -> None:
    """Were an escape misread, the brackets would seem to sit inside a string; json would then recurse
    100,000 deep, which in WebAssembly runs out of stack and takes the engine down."""
    request = '{"op": "' + escaped + '", "x": ' + nested(100_000) + "}"
    assert json.loads(api.handle(request)) == {
        "ok": False, "error": {"code": "bad_request", "message": "the request is nested too deeply: at most 32 levels"}}
