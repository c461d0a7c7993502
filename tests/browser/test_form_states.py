"""Each quiz form's one state (docs/assets/js/quiz-state.js): the transitions its table lists, and the races
they rule out, run under Node. Input and expected output side by side: events, then the state after each
(None: the event is refused) and the fields that matter."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

DRIVER = Path(__file__).resolve().parents[1] / "support" / "quiz_state.mjs"

GRADED_WRONG = {"passed": False, "allRevealed": False, "assessment": False}
GRADED_RIGHT = {"passed": True, "allRevealed": True, "assessment": False}

# (name, [(event, detail)], [state after each event, None when refused], fields of the last record)
CASES: list[tuple[str, list[tuple[str, dict[str, Any]]], list[str | None], dict[str, Any]]] = [
    ("a reader's wrong check counts one attempt",
     [("edit", {}), ("check", {}), ("graded", {"run": 1, **GRADED_WRONG})],
     ["answering", "checking", "tried"], {"attempts": 1, "checked": True, "touched": True}),
    ("a right check passes",
     [("check", {}), ("graded", {"run": 1, **GRADED_RIGHT})],
     ["checking", "done"], {"attempts": 1, "allRevealed": True}),
    ("answers changed while checking: still checking, graded as they are then",
     [("check", {}), ("edit", {}), ("graded", {"run": 1, **GRADED_RIGHT})],
     ["checking", "checking", "done"], {"attempts": 1}),
    ("a result for a check superseded by Reset is refused",
     [("check", {}), ("reset", {}), ("graded", {"run": 1, **GRADED_RIGHT})],
     ["checking", "answering", None], {"state": "answering", "checked": False, "attempts": 0}),
    ("a result for an earlier run is refused after a new check",
     [("check", {}), ("incomplete", {}), ("check", {}), ("graded", {"run": 1, **GRADED_RIGHT}), ("graded", {"run": 2, **GRADED_RIGHT})],
     ["checking", "answering", "checking", None, "done"], {"run": 2, "attempts": 1}),
    ("the checker down: the check waits, then runs as a new run",
     [("check", {}), ("wait", {}), ("edit", {}), ("resume", {}), ("graded", {"run": 1, **GRADED_WRONG}), ],
     ["checking", "waiting", "waiting", "checking", None], {"state": "checking", "run": 2}),
    ("Show the answers: the same attempt, revealed, not counted",
     [("check", {}), ("graded", {"run": 1, **GRADED_WRONG}), ("reveal", {}), ("graded", {"run": 2, **GRADED_RIGHT})],
     ["checking", "tried", "checking", "done"], {"attempts": 1, "revealed": True}),
    ("a saved result shown again is not an attempt",
     [("restored", {"attempts": 2, "revealed": False}), ("check", {"purpose": "restore"}), ("graded", {"run": 1, **GRADED_WRONG})],
     ["answering", "checking", "tried"], {"attempts": 2, "touched": False}),
    ("saved attempts merge under a reader's change made while the checker loads",
     [("edit", {}), ("check", {}), ("restored", {"attempts": 3, "revealed": True}), ("graded", {"run": 1, **GRADED_WRONG})],
     ["answering", "checking", "checking", "tried"], {"attempts": 4, "revealed": True, "touched": True}),
    ("tried: Check is not on offer and a submit is refused; an edit goes back to answering",
     [("check", {}), ("graded", {"run": 1, **GRADED_WRONG}), ("check", {}), ("edit", {})],
     ["checking", "tried", None, "answering"], {"attempts": 1, "checked": False}),
    ("a shared result: read-only, its grade keeps it shared and counts nothing; Take it yourself restores",
     [("open_shared", {}), ("edit", {}), ("check", {}), ("graded", {"run": 1, **GRADED_RIGHT}), ("own", {"attempts": 2, "revealed": True})],
     [ "shared", None, None, "shared", "answering"], {"attempts": 2, "revealed": True, "checked": False}),
    ("a stale quiz is neither checked nor changed back",
     [("check", {}), ("stale", {}), ("check", {}), ("edit", {}), ("reset", {})],
     ["checking", "stale", None, None, "stale"], {"state": "stale"}),
    ("a self-assessment's complete result is done, and may be checked again",
     [("check", {}), ("graded", {"run": 1, "passed": None, "allRevealed": False, "assessment": True}), ("check", {})],
     ["checking", "done", "checking"], {"attempts": 0}),
    ("Try again keeps the count and leaves the result",
     [("check", {}), ("graded", {"run": 1, **GRADED_WRONG}), ("retry", {})],
     ["checking", "tried", "answering"], {"attempts": 1, "checked": False}),
]


def run_cases(sequences: list[list[tuple[str, dict[str, Any]]]]) -> list[list[dict[str, Any] | None]]:
    node = shutil.which("node")
    assert node, "Node.js runs the page's state module"
    done = subprocess.run([node, str(DRIVER)], input=json.dumps(sequences), capture_output=True, text=True, check=True)
    results: list[list[dict[str, Any] | None]] = json.loads(done.stdout)
    return results



@pytest.mark.parametrize(("name", "events", "states", "last"), CASES, ids=[case[0] for case in CASES])
def test_form_state_transitions(name: str, events: list[tuple[str, dict[str, Any]]], states: list[str | None], last: dict[str, Any]) -> None:
    (records,) = run_cases([events])
    assert [None if record is None else record["state"] for record in records] == states
    final = next(record for record in reversed(records) if record is not None)
    assert {key: final[key] for key in last} == last
