"""The shipped engine wheel, run in Pyodide 0.29.5 under Node against the shared API table.

The wheel is built exactly as hooks/engine.py builds it for the site; the requests and
expected results are tests/engine/api_cases/*.json, the table the CPython tests use.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
DRIVER = Path(__file__).with_name("driver.mjs")


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


engine_hook = _module("engine_hook", ROOT / "hooks" / "engine.py")
api_cases = _module("api_cases_shared", ROOT / "tests" / "engine" / "api_cases.py")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return engine_hook.build_compiled_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def pyodide_run(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if shutil.which("node") is None or not (PYODIDE_DIR / "pyodide.mjs").exists():
        pytest.fail("Node.js and node_modules/pyodide are needed: run `npm ci`")
    catalog = tmp_path_factory.mktemp("catalog") / "catalog.json"
    catalog.write_text(json.dumps(api_cases.site_catalog_data()), encoding="utf-8")
    cases = catalog.with_name("cases.json")
    cases.write_text(json.dumps(api_cases.load_cases()), encoding="utf-8")
    completed = subprocess.run(
        ["node", DRIVER, PYODIDE_DIR, wheel, catalog, cases],
        capture_output=True, text=True, timeout=180,
    )
    assert completed.stdout, completed.stderr
    result = json.loads(completed.stdout)
    assert "error" not in result, result["error"]
    return result


def test_wheel_ships_only_bytecode_for_cpython_313(wheel: Path) -> None:
    assert wheel.name.endswith("-cp313-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        modules = [n for n in names if n.startswith("quiz_py/")]
        assert not [n for n in names if n.endswith(".py")]
        assert "quiz_py/api.pyc" in modules and all(n.endswith(".pyc") for n in modules)
        assert sys.version_info[:2] == (3, 13), "the magic number check needs the venv's CPython 3.13"
        for name in modules:
            assert archive.read(name)[:4] == MAGIC_NUMBER, name


def test_engine_runs_in_pyodide_from_the_wheel(pyodide_run: dict[str, Any]) -> None:
    version, module_file = pyodide_run["runtime"].split(" ", 1)
    assert version == "3.13"
    assert module_file.endswith("api.pyc")  # the compiled module, not some stray source
    assert pyodide_run["load"]["ok"], pyodide_run["load"]
    assert set(pyodide_run["load"]["result"]["quizzes"]) == {
        "checkpoint-1", "checkpoint-2", "checkpoint-3", "manager-or-leader", "which-are-you",
    }


@pytest.mark.parametrize("index", range(len(api_cases.load_cases())), ids=[c["name"] for c in api_cases.load_cases()])
def test_api_case_in_pyodide(pyodide_run: dict[str, Any], index: int) -> None:
    case = api_cases.load_cases()[index]
    response = pyodide_run["responses"][index]
    assert api_cases.mismatch(case["expect"], response) is None, api_cases.mismatch(case["expect"], response)


def test_pyodide_and_cpython_agree_on_content_hashes(pyodide_run: dict[str, Any]) -> None:
    from quiz_py.catalog import quiz_hash

    assert pyodide_run["load"]["result"]["quizzes"] == {q.id: quiz_hash(q) for q in api_cases.site_catalog().quizzes}
