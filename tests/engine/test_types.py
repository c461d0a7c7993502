"""The types are enforced, not decorative: `mypy --strict` on quiz_py and the MkDocs plugin, as part of the suite."""

from __future__ import annotations

import subprocess
import sys

from api_cases import ROOT


def test_quiz_py_and_the_plugin_pass_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "quiz_py", "essay_plugin"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
