"""The catalogue the build writes and the browser trusts: version and hash checked, the
engine's request limit applied at build time, numbers the JSON parser cannot hold refused."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from quiz_py import api
from quiz_py.catalog import CatalogError, catalog_from_build, catalog_to_data, quiz_hash
from quiz_py.loading import ContentError, load_catalog_texts
from quiz_py.model import Catalog
from quiz_py.publish import catalog_json

QUIZ = """id = "t"
kind = "checkpoint"
title = "T"
[[questions]]
id = "q1"
kind = "true_false"
prompt = "{prompt}"
correct = true
explanation = "E"
link = "chapters/a.md#x"
"""


def catalog_with_prompt(prompt: str) -> Catalog:
    return load_catalog_texts({"quizzes/t.toml": QUIZ.format(prompt=prompt)})


def test_the_browser_reads_back_exactly_what_the_build_wrote(catalog: Catalog) -> None:
    loaded = catalog_from_build(json.loads(catalog_json(catalog)))
    assert loaded == catalog
    assert [quiz_hash(q) for q in loaded.quizzes] == [quiz_hash(q) for q in catalog.quizzes]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # A partial deploy: the file's content from one build, its hash from another.
        (lambda d: d["quizzes"][0].update(title="Edited"), "does not match its content hash"),
        (lambda d: d.update(hash="0" * 16), "does not match its content hash"),
        (lambda d: d.pop("hash"), "does not match its content hash"),
        (lambda d: d.update(version=1), "format version 1; this site reads version 2"),
        (lambda d: d.update(quizzes={"not": "a list"}), "does not match its content hash"),
    ],
)
def test_a_catalogue_the_build_did_not_write_is_refused(catalog: Catalog, change: Any, expected: str) -> None:
    data = catalog_to_data(catalog)
    change(data)
    with pytest.raises(CatalogError, match=expected):
        catalog_from_build(data)
    response = json.loads(api.handle(json.dumps({"op": "load", "catalog": data})))
    assert response["error"]["code"] == "bad_catalog" and expected in response["error"]["message"]


def test_a_catalogue_over_the_engines_request_limit_fails_the_build() -> None:
    # Just under and just over: the request adds the op and the catalogue's own fields.
    fits = catalog_with_prompt("x" * (api.MAX_REQUEST_CHARS - 400))
    assert len(catalog_json(fits)) < api.MAX_REQUEST_CHARS
    with pytest.raises(ContentError) as raised:
        catalog_json(catalog_with_prompt("x" * api.MAX_REQUEST_CHARS))
    (message,) = raised.value.messages
    assert message.startswith("the quiz catalogue is 262,")
    assert "over the 262,144 the browser's engine accepts in one request" in message
    assert "the largest is quiz 't' in quizzes/t.toml" in message


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("9" * 5000, "the request is too large: an integer of 5000 digits, at most 20"),
        ("-" + "9" * 21, "the request is too large: an integer of 21 digits, at most 20"),
        ("1e999", "the request is too large: a number beyond what a float holds (1e999)"),
    ],
)
def test_numbers_the_parser_cannot_hold_are_bad_requests(number: str, expected: str) -> None:
    response = json.loads(api.handle('{"op": "grade", "quiz": "t", "answers": {"q1": ' + number + "}}"))
    assert response["error"] == {"code": "bad_request", "message": expected}


def test_ordinary_numbers_still_parse() -> None:
    response = json.loads(api.handle('{"op": "grade", "quiz": "t", "answers": {"q1": ' + "9" * 20 + "}}"))
    assert response["error"]["code"] == "not_loaded"


def request_length(catalog: Catalog) -> int:
    """The length of the request that loads `catalog`: {"op":"load","catalog":...} around its text."""
    return len('{"op":"load","catalog":}') + len(catalog_json(catalog))


def test_a_catalogue_exactly_at_the_engines_request_limit_builds() -> None:
    fitting = "x" * (1 + api.MAX_REQUEST_CHARS - request_length(catalog_with_prompt("x")))
    assert request_length(catalog_with_prompt(fitting)) == api.MAX_REQUEST_CHARS
    with pytest.raises(ContentError):
        catalog_json(catalog_with_prompt(fitting + "x"))


def test_the_catalogue_keeps_non_ascii_text_as_it_is() -> None:
    # As JSON.stringify writes it, so the build measures the request the browser sends.
    assert '"prompt":"Café?"' in catalog_json(catalog_with_prompt("Café?"))


def test_the_content_hash_is_of_the_quizs_canonical_json() -> None:
    # Saved answers and share links are keyed by this hash: changing how it is made strands every reader's
    # progress at the next deploy. Canonical: keys sorted, no spaces, UTF-8 as is.
    canonical = ('{"id":"t","kind":"checkpoint","questions":[{"correct":true,"explanation":"E","feedback":{},"id":"q1",'
                 '"kind":"true_false","link":"chapters/a.md#x","prompt":"Café?"}],"title":"T"}')
    (quiz,) = catalog_with_prompt("Café?").quizzes
    assert quiz_hash(quiz) == hashlib.sha256(canonical.encode()).hexdigest()[:16]


def reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(value)}
    if isinstance(value, list):
        return [reversed_keys(item) for item in value]
    return value


def test_the_order_of_keys_in_the_browsers_copy_does_not_matter(catalog: Catalog) -> None:
    data = catalog_to_data(catalog)
    assert list(reversed_keys(data)) != list(data)
    # Accepted, and each quiz keeps its hash (the key of its saved answers).
    reordered = catalog_from_build(reversed_keys(data))
    assert [quiz_hash(q) for q in reordered.quizzes] == [quiz_hash(q) for q in catalog.quizzes]
