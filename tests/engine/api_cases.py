"""The API case table shared by the CPython and the Pyodide tests.

`api_cases/*.json` (one file per part of the API: grade, assess, progress, requests) list
{"name", "request" (or "raw" for a request that is not an object), "expect"}, run in file
name order after the real catalog has been loaded. "expect" is matched as a
subset: objects need only the keys given, lists must match item by item, "*"
accepts any value that is present (null included), and "<absent>" requires the key
to be missing. {"<contains>": [part, ...]} requires a string holding each part, in any
order: the assess cases pin the chart's geometry this way (the dot's <circle>, the
result band's <rect>, the dashed threshold <line>s), attribute text as the SVG writes it;
tests/engine/test_scoring.py's docstring works the numbers out.
tests/pyodide loads this module by path, so keep it self-contained.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quiz_py.catalog import catalog_to_data
from quiz_py.links import resolve_links
from quiz_py.loading import load_catalog_files
from quiz_py.model import Catalog

ROOT = Path(__file__).resolve().parents[2]
ABSENT = "<absent>"
CONTAINS = "<contains>"
CASES_DIR = Path(__file__).with_name("api_cases")


def doc_url(page: str) -> str:
    """What MkDocs makes of a doc path with directory URLs: chapters/x.md -> chapters/x/."""
    return page.removesuffix(".md") + "/"


def site_catalog() -> Catalog:
    """The real quizzes with links resolved as the site build resolves them."""
    source = load_catalog_files((ROOT / "quizzes").glob("*.toml"), root=ROOT)
    return Catalog(tuple(resolve_links(quiz, doc_url) for quiz in source.quizzes))


def site_catalog_data() -> dict[str, Any]:
    return catalog_to_data(site_catalog())


def load_cases() -> list[dict[str, Any]]:
    return [case for path in sorted(CASES_DIR.glob("*.json")) for case in json.loads(path.read_text(encoding="utf-8"))]


def request_text(case: dict[str, Any]) -> str:
    return case["raw"] if "raw" in case else json.dumps(case["request"])


def mismatch(expected: Any, actual: Any, path: str = "$") -> str | None:
    """None when `actual` matches `expected` (see above), else where it does not."""
    if expected == "*":
        return None
    if isinstance(expected, dict) and list(expected) == [CONTAINS]:
        if not isinstance(actual, str):
            return f"{path}: expected a string, got {actual!r}"
        for part in expected[CONTAINS]:
            if part not in actual:
                return f"{path}: {part!r} not in {actual!r}"
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            if value == ABSENT:
                if key in actual:
                    return f"{path}.{key}: expected absent, got {actual[key]!r}"
                continue
            if key not in actual:
                return f"{path}.{key}: missing"
            if problem := mismatch(value, actual[key], f"{path}.{key}"):
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{path}: expected {len(expected)} items, got {actual!r}"
        for index, (e, a) in enumerate(zip(expected, actual)):
            if problem := mismatch(e, a, f"{path}[{index}]"):
                return problem
        return None
    return None if expected == actual and type(expected) is type(actual) else f"{path}: expected {expected!r}, got {actual!r}"
