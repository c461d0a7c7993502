"""Property tests: whatever it is sent, api.handle answers with JSON of the documented shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz_py import api

OPS = ["load", "grade", "assess", "restore", "save", "share_encode", "share_decode", "nope"]
QUIZ_IDS = ["checkpoint-1", "checkpoint-2", "manager-or-leader", "which-are-you", "missing"]
QUESTION_IDS = ["q1", "q2", "q3", "targets", "connecting", "x"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["a", "b", "true", "false", "3", "manager", "metrics"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8) | st.sampled_from(QUESTION_IDS), children, max_size=4),
    max_leaves=20,
)
requests = st.fixed_dictionaries(
    {"op": st.sampled_from(OPS) | json_values},
    optional={
        "quiz": st.sampled_from(QUIZ_IDS) | json_values,
        "answers": st.dictionaries(st.sampled_from(QUESTION_IDS), json_values, max_size=4) | json_values,
        "prediction": st.sampled_from(["strong-in-both", "still-growing", "x"]) | json_values,
        "saved": json_values,
        "progress": st.dictionaries(st.sampled_from(QUIZ_IDS), json_values, max_size=3) | json_values,
        "fragment": st.text(max_size=60) | st.just("share=which-are-you.e30") | json_values,
        "catalog": json_values,
    },
)


def assert_valid_response(text: Any) -> dict[str, Any]:
    assert isinstance(text, str)
    assert text.isascii()  # echoed input may hold lone surrogates, which UTF-8 cannot carry to the page
    response: dict[str, Any] = json.loads(text)  # valid JSON, never NaN
    if response["ok"]:
        assert set(response) == {"ok", "result"}
    else:
        assert set(response) == {"ok", "error"} and response["ok"] is False
        assert set(response["error"]) == {"code", "message"}
        assert isinstance(response["error"]["message"], str) and response["error"]["code"] != "internal"
    return response


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests)
def test_structured_requests_never_raise(call: Any, request: dict[str, Any]) -> None:
    if request.get("op") == "load":
        request.pop("op")  # keep the loaded catalog for the other ops
    assert_valid_response(api.handle(json.dumps(request)))


@settings(max_examples=300)
@given(text=st.text(max_size=200) | st.binary(max_size=50).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_valid_response(api.handle(text))


@given(value=json_values)
def test_non_string_requests_never_raise(value: Any) -> None:
    assert_valid_response(api.handle(value))


def test_oversized_and_deeply_nested_requests_are_refused() -> None:
    huge = json.dumps({"op": "grade", "pad": "x" * (api.MAX_REQUEST_CHARS + 1)})
    deep = '{"op": "grade", "answers": ' + "[" * 100_000 + "]" * 100_000 + "}"
    for text in (huge, deep):
        assert assert_valid_response(api.handle(text))["error"]["code"] == "bad_request"


def test_an_error_in_the_engine_itself_still_gets_an_answer_naming_only_its_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(request: object) -> object:
        raise ZeroDivisionError("a detail the reader must not see")

    monkeypatch.setitem(api._OPS, "grade", broken)
    assert json.loads(api.handle('{"op": "grade"}')) == {
        "ok": False, "error": {"code": "internal", "message": "internal error: ZeroDivisionError"}}


def test_operations_before_load_say_so() -> None:
    assert json.loads(api.handle('{"op": "grade", "quiz": "checkpoint-1"}'))["error"]["code"] == "not_loaded"


def test_a_bad_catalog_is_reported_and_the_previous_one_kept(call: Any) -> None:
    response = call({"op": "load", "catalog": {"version": 1, "quizzes": [{"id": "x", "kind": "checkpoint"}]}})
    assert response["error"]["code"] == "bad_catalog" and "format version 1" in response["error"]["message"]
    assert call({"op": "grade", "quiz": "checkpoint-1", "answers": {}})["ok"]
