"""The quiz engine exactly as the site ships it: the built runtime folder, booted under Node by the page's own
boot code (docs/assets/js/engine-boot.js), from its snapshot and normally, against the shared API table.

The requests and expected results are tests/engine/api_cases/*.json, the table the CPython tests use, so a
module missing from the trimmed stdlib, or a snapshot that lost the catalogue, fails here and not for a reader.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import marshal
import shutil
import subprocess
import sys
import zipfile
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

import pytest

from tests.support.encoded_runtime import ENCODED_SUFFIX, decoded_copy

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.mjs")
RUNTIME_FILES = {
    "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm.br", "python_stdlib.zip.br", "snapshot_boot.bin.br", "snapshot_stdlib.zip",
    "engine.json", "brotli_dec_wasm.js", "brotli_dec_wasm_bg.wasm",
}


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


api_cases = _module("api_cases_shared", ROOT / "tests" / "engine" / "api_cases.py")
CASES = api_cases.load_cases()


@pytest.fixture(scope="module")
def shipped(site_dir: Path) -> Path:
    """The runtime folder as the site ships it."""
    (folder,) = (site_dir / "assets" / "engine").glob("pyodide-*")
    return folder


@pytest.fixture(scope="module")
def runtime(shipped: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime folder with its encoded files decoded, as Pyodide under Node reads it."""
    return decoded_copy(shipped, tmp_path_factory.mktemp("decoded") / shipped.name)


def run_driver(runtime: Path, site_dir: Path, boot: str, requests: list[str], tmp: Path) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed: see README")
    requests_file = tmp / "requests.json"
    requests_file.write_text(json.dumps(requests), encoding="utf-8")
    catalog = site_dir / "assets" / "engine" / "catalog.json"
    completed = subprocess.run(
        ["node", DRIVER, runtime, catalog, requests_file, boot], capture_output=True, text=True, timeout=180,
    )
    assert completed.stdout, completed.stderr
    return json.loads(completed.stdout)


@pytest.fixture(scope="module", params=["snapshot", "normal"])
def table_run(request: pytest.FixtureRequest, runtime: Path, site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every request of the table, answered by the engine booted one way or the other, locked down."""
    result = run_driver(runtime, site_dir, request.param, [api_cases.request_text(c) for c in CASES], tmp_path_factory.mktemp(request.param))
    assert "error" not in result, result["error"]
    return result


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_api_case(table_run: dict[str, Any], index: int) -> None:
    problem = api_cases.mismatch(CASES[index]["expect"], table_run["responses"][index])
    assert problem is None, problem


def test_the_booted_engine_refuses_string_code(table_run: dict[str, Any]) -> None:
    """Node has no Content-Security-Policy: only the engine's own lock-down refuses (an EvalError, not Node's
    TypeError for a string timer), after answering every request of the table."""
    assert set(table_run["stringCode"].values()) == {"EvalError"}, table_run["stringCode"]


def test_a_damaged_snapshot_is_refused(runtime: Path, site_dir: Path, tmp_path: Path) -> None:
    """engine-worker.js then boots normally (tests/browser/test_quiz_engine_failure.py shows it in a page)."""
    damaged = tmp_path / "runtime"
    shutil.copytree(runtime, damaged)
    wasm, snapshot = snapshot_boot_parts(damaged)
    snapshot = bytearray(snapshot)
    snapshot[len(snapshot) // 2] ^= 0xFF
    (damaged / "snapshot_boot.bin").write_bytes(len(wasm).to_bytes(4, "little") + wasm + snapshot)
    result = run_driver(damaged, site_dir, "snapshot", ['{"op": "restore"}'], tmp_path)
    assert result == {"error": "the snapshot is not the one this build made"}


def snapshot_boot_parts(runtime: Path) -> tuple[bytes, bytes]:
    """snapshot_boot.bin's two parts: [the wasm's length, u32 little-endian][the wasm][the sparse snapshot]."""
    content = (runtime / "snapshot_boot.bin").read_bytes()
    length = int.from_bytes(content[:4], "little")
    return content[4:4 + length], content[4 + length:]


def test_the_runtime_folder_holds_only_what_runs(shipped: Path, runtime: Path) -> None:
    assert {path.name for path in shipped.iterdir()} == RUNTIME_FILES
    info = json.loads((shipped / "engine.json").read_text(encoding="utf-8"))
    assert info["lock"] == {
        "info": {"abi_version": "2025_0", "arch": "wasm32", "platform": "emscripten_4_0_9", "python": "3.13.2"},
        "packages": {},
    }
    assert set(info["snapshot"]) == {"file", "sha256", "size"} and info["snapshot"]["file"] == "snapshot_boot.bin"
    # The snapshot boot's file: the wasm a normal boot takes, then the sparse snapshot, which starts with the
    # memory image's size.
    wasm, snapshot = snapshot_boot_parts(runtime)
    assert wasm == (runtime / "pyodide.asm.wasm").read_bytes()
    assert info["snapshot"]["size"] == int.from_bytes(snapshot[:4], "little")
    assert hashlib.sha256(snapshot).hexdigest() == info["snapshot"]["sha256"]
    # A snapshot boot installs no stdlib: the request table above ran that way.
    with zipfile.ZipFile(runtime / "snapshot_stdlib.zip") as empty:
        assert empty.namelist() == []


def test_the_encoded_files_are_the_ones_pyodide_needs_and_their_sizes_are_given(shipped: Path, runtime: Path) -> None:
    """The table above booted from these files decoded; the page shows download progress against the sizes."""
    info = json.loads((shipped / "engine.json").read_text(encoding="utf-8"))
    encoded = {path.name.removesuffix(ENCODED_SUFFIX): path.stat().st_size for path in shipped.glob(f"*{ENCODED_SUFFIX}")}
    assert info["encoded"] == encoded
    assert set(encoded) == {"pyodide.asm.wasm", "python_stdlib.zip", "snapshot_boot.bin"}
    assert (runtime / "pyodide.asm.wasm").read_bytes()[:4] == b"\0asm"
    # Brotli at its best makes them a fifth of their size; gzip -9 would make them a third.
    assert sum(encoded.values()) < 0.25 * sum((runtime / name).stat().st_size for name in encoded)
    # One stream for the wasm and the snapshot finds the snapshot's static data in the wasm: the snapshot then
    # adds 17% of its size to the wasm's encoding; encoded apart, it takes 25.5% (both measured 2026-12-03).
    _, snapshot = snapshot_boot_parts(runtime)
    assert encoded["snapshot_boot.bin"] - encoded["pyodide.asm.wasm"] < 0.2 * len(snapshot)


def test_the_stdlib_is_trimmed_stored_bytecode_with_quiz_py(runtime: Path) -> None:
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        assert {entry.compress_type for entry in entries} == {zipfile.ZIP_STORED}  # so that hosts can compress it
        assert all(name.endswith(".pyc") for name in names)
        assert {"quiz_py/api.pyc", "quiz_py/grading.pyc", "json/decoder.pyc", "asyncio/__init__.pyc"} <= names
        # Never imported by the engine: left out.
        assert not {"email/__init__.pyc", "http/client.pyc", "sqlite3/__init__.pyc", "unittest/__init__.pyc"} & names
        assert sys.version_info[:2] == (3, 13), "the magic number check needs the venv's CPython 3.13"
        assert {archive.read(entry)[:4] for entry in entries} == {MAGIC_NUMBER}


def _strings(code: CodeType) -> set[str]:
    """Every string constant of `code` and of the code nested in it."""
    strings = {const for const in code.co_consts if isinstance(const, str)}
    for const in code.co_consts:
        if isinstance(const, CodeType):
            strings |= _strings(const)
    return strings


def test_the_shipped_bytecode_has_no_docstrings(runtime: Path) -> None:
    """Compiled as by `python -OO` (essay_plugin/engine.py): a docstring is bytes no reader needs."""
    source = (ROOT / "quiz_py" / "grading.py").read_text(encoding="utf-8")
    module = ast.parse(source)
    docstrings = [ast.get_docstring(node, clean=False) for node in ast.walk(module)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))]
    docstrings = [text for text in docstrings if text]
    assert len(docstrings) == 4  # the module's and three functions': what the check below looks for
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as archive:
        code = marshal.loads(archive.read("quiz_py/grading.pyc")[16:])
    assert "grade" in {const.co_name for const in code.co_consts if isinstance(const, CodeType)}  # it is grading's code
    assert not set(docstrings) & _strings(code)
