"""The shared API table (api_cases/*.json), in CPython; tests/pyodide runs it in Pyodide."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api_cases import load_cases, mismatch, request_text
from quiz_py import api


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: case["name"])
def test_api_case(call: Any, case: dict[str, Any]) -> None:
    response = json.loads(api.handle(request_text(case)))
    assert mismatch(case["expect"], response) is None, mismatch(case["expect"], response)


@pytest.mark.parametrize(("expected", "actual"), [
    ({"a": 1}, {"a": 1, "b": 2}),  # a key the table does not give
    ({"a": 1, "b": 2}, {"a": 1}),  # a key the response lacks
    ({"a": "*"}, {"a": 1}),  # no wildcards
    ([1, 2], [1, 2, 3]),
    ({"a": 1}, {"a": True}),  # JSON true is no number
    ({"text": {"<contains>": ["b"]}}, {"text": "abc"}),  # parts of a string: a chart's SVG only
])
def test_the_table_is_matched_exactly(expected: Any, actual: Any) -> None:
    assert mismatch(expected, actual) is not None
    assert mismatch(actual, actual) is None


def test_a_charts_svg_is_matched_by_its_parts() -> None:
    assert mismatch({"chart": {"svg": {"<contains>": ["<b>", "<a>"]}}}, {"chart": {"svg": "<a><b>"}}) is None
    assert mismatch({"chart": {"svg": {"<contains>": ["<c>"]}}}, {"chart": {"svg": "<a><b>"}}) is not None
