"""The types are enforced, not decorative: `mypy --strict` on every Python file of the repository (quiz_py, the
MkDocs plugin, the tests, the tools and the bench), as part of the suite. How mypy names the tests' modules is
in pyproject.toml."""

from __future__ import annotations

import re
import subprocess
import sys

from api_cases import ROOT

CHECKED = ["quiz_py", "essay_plugin", "tests", "tools", "bench"]


def test_every_python_file_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *CHECKED],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every file was checked: none left out by a folder's name (tests/build) or a missing __init__.py.
    files = [path for folder in CHECKED for path in (ROOT / folder).rglob("*.py") if "node_modules" not in path.parts]
    assert re.fullmatch(rf"Success: no issues found in {len(files)} source files\n", result.stdout), result.stdout
