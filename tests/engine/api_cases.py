"""The API case table shared by the CPython and the Pyodide tests.

`api_cases/*.json` (one file per part of the API: grade, assess, progress, requests) list
{"name", "request" (or "raw" for a request that is not an object), "expect"}, run in file
name order after the real catalog has been loaded. "expect" is the whole response, compared
exactly: every key of every object (a missing or an extra one fails), every item of every
list in order, every value equal and of the same JSON type. The expected values are written
from the content (quizzes/*.toml, links as the site build resolves them: chapters/x.md#a is
chapters/x/#a) and the rules of quiz_py.grading, quiz_py.assessment and quiz_py.state, never
copied from a response.

Two devices, each allowed in one place only:
- "<hash of QUIZ>", as the value of an entry's "hash": that quiz's content hash, worked out
  here from the catalogue as quiz_py/catalog.py defines it (the first 16 hex digits of the
  SHA-256 of the quiz's canonical JSON), so editing a quiz's text does not break the table.
- {"<contains>": [part, ...]}, as a result's chart "svg": a string holding each part. The
  SVG is some 5,000 characters of layout that tests/engine/test_scoring.py checks element by
  element (its docstring works the numbers out); the table pins what places this result in
  it: its title, its text alternative, the result band's <rect>, the dot's <circle> and the
  dashed threshold <line>s, attribute text as the SVG writes it.
tests/pyodide loads this module by path, so keep it self-contained.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from quiz_py.catalog import catalog_to_data
from quiz_py.links import resolve_links
from quiz_py.loading import load_catalog_files
from quiz_py.model import Catalog

ROOT = Path(__file__).resolve().parents[2]
CONTAINS = "<contains>"
HASH_OF = "<hash of {}>"
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


def quiz_hashes() -> dict[str, str]:
    """Each quiz's content hash, by id, as quiz_py/catalog.py defines it."""
    hashes = {}
    for quiz in site_catalog_data()["quizzes"]:
        canonical = json.dumps(quiz, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        hashes[quiz["id"]] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return hashes


def with_hashes(expected: Any, hashes: dict[str, str]) -> Any:
    """`expected` with each entry's "<hash of QUIZ>" replaced by that quiz's hash."""
    if isinstance(expected, list):
        return [with_hashes(item, hashes) for item in expected]
    if not isinstance(expected, dict):
        return expected
    resolved = {key: with_hashes(value, hashes) for key, value in expected.items()}
    for quiz_id, quiz_hash in hashes.items():
        if resolved.get("hash") == HASH_OF.format(quiz_id):
            resolved["hash"] = quiz_hash
    return resolved


def load_cases() -> list[dict[str, Any]]:
    hashes = quiz_hashes()
    cases = [case for path in sorted(CASES_DIR.glob("*.json")) for case in json.loads(path.read_text(encoding="utf-8"))]
    return [case | {"expect": with_hashes(case["expect"], hashes)} for case in cases]


def request_text(case: dict[str, Any]) -> str:
    return case["raw"] if "raw" in case else json.dumps(case["request"])


def mismatch(expected: Any, actual: Any, path: str = "$") -> str | None:
    """None when `actual` is exactly `expected` (see above), else where it is not."""
    if path.endswith(".chart.svg") and isinstance(expected, dict) and list(expected) == [CONTAINS]:
        if not isinstance(actual, str):
            return f"{path}: expected a string, got {actual!r}"
        for part in expected[CONTAINS]:
            if part not in actual:
                return f"{path}: {part!r} not in {actual!r}"
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {actual!r}"
        if set(actual) != set(expected):
            return f"{path}: keys {sorted(actual)}, expected {sorted(expected)}"
        for key, value in expected.items():
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
