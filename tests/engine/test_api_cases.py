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
