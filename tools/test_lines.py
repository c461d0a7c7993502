"""A pytest plugin recording which lines of quiz_py each test runs, so that tools/mutate.py tries a mutant against
the tests that reach it first. Loaded with `-p tools.test_lines`; writes JSON to the file named by
$QUIZ_PY_TEST_LINES: {"module.py": {"line": ["tests/...py::test_name", ...]}}, the key "" standing for code run
outside any test (at import).

It uses sys.monitoring: each line reports once and is then switched off until the next test turns every line on
again, so the suite runs at nearly its usual speed.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from types import CodeType
from typing import Any

import pytest

_PACKAGE = str(Path(__file__).resolve().parent.parent / "quiz_py") + os.sep
_TOOL = sys.monitoring.COVERAGE_ID
_current = ""
_lines: defaultdict[str, defaultdict[int, set[str]]] = defaultdict(lambda: defaultdict(set))


def _on_line(code: CodeType, line: int) -> Any:
    if code.co_filename.startswith(_PACKAGE):
        _lines[code.co_filename.removeprefix(_PACKAGE)][line].add(_current)
    return sys.monitoring.DISABLE


# On from the plugin's import, which comes before the conftests': what runs as they import quiz_py counts as import.
sys.monitoring.use_tool_id(_TOOL, "quiz_py test lines")
sys.monitoring.register_callback(_TOOL, sys.monitoring.events.LINE, _on_line)
sys.monitoring.set_events(_TOOL, sys.monitoring.events.LINE)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    global _current
    _current = item.nodeid.split("[", 1)[0]  # the test function: parameters' ids are awkward on a command line
    sys.monitoring.restart_events()


def pytest_unconfigure(config: pytest.Config) -> None:
    sys.monitoring.set_events(_TOOL, 0)
    sys.monitoring.free_tool_id(_TOOL)
    found = {module: {str(line): sorted(tests) for line, tests in sorted(lines.items())}
             for module, lines in sorted(_lines.items())}
    Path(os.environ["QUIZ_PY_TEST_LINES"]).write_text(json.dumps(found, indent=1))
