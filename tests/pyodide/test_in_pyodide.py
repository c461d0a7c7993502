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

from tests.support.encoded_runtime import decoded_copy, encoded_streams

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.mjs")
RUNTIME_FILES = {
    "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm.br", "python_stdlib.zip.br", "snapshot.bin.br", "snapshot_stdlib.zip",
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
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


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
    snapshot = bytearray((damaged / "snapshot.bin").read_bytes())
    snapshot[len(snapshot) // 2] ^= 0xFF
    (damaged / "snapshot.bin").write_bytes(snapshot)
    result = run_driver(damaged, site_dir, "snapshot", ['{"op": "restore"}'], tmp_path)
    assert result == {"error": "the snapshot is not the one this build made"}


def test_the_runtime_folder_holds_only_what_runs(shipped: Path, runtime: Path) -> None:
    assert {path.name for path in shipped.iterdir()} == RUNTIME_FILES
    info = json.loads((shipped / "engine.json").read_text(encoding="utf-8"))
    assert info["lock"] == {
        "info": {"abi_version": "2025_0", "arch": "wasm32", "platform": "emscripten_4_0_9", "python": "3.13.2"},
        "packages": {},
    }
    assert set(info["snapshot"]) == {"file", "sha256", "size"} and info["snapshot"]["file"] == "snapshot.bin"
    # The sparse snapshot starts with the memory image's size.
    snapshot = (runtime / "snapshot.bin").read_bytes()
    assert info["snapshot"]["size"] == int.from_bytes(snapshot[:4], "little")
    assert hashlib.sha256(snapshot).hexdigest() == info["snapshot"]["sha256"]
    # A snapshot boot installs no stdlib: the request table above ran that way.
    with zipfile.ZipFile(runtime / "snapshot_stdlib.zip") as empty:
        assert empty.namelist() == []


def test_the_encoded_files_are_the_ones_pyodide_needs_and_their_sizes_are_given(shipped: Path, runtime: Path) -> None:
    """The table above booted from these files decoded; the page shows download progress against the sizes."""
    info = json.loads((shipped / "engine.json").read_text(encoding="utf-8"))
    streams, suffix = encoded_streams()
    assert streams == [["pyodide.asm.wasm", "snapshot.bin"], ["python_stdlib.zip"]]
    encoded = {path.name.removesuffix(suffix): path.stat().st_size for path in shipped.glob(f"*{suffix}")}
    assert info["encoded"] == encoded
    assert info["decoded"] == {name: (runtime / name).stat().st_size for name in encoded}
    assert (runtime / "pyodide.asm.wasm").read_bytes()[:4] == b"\0asm"
    # Brotli at its best makes them a fifth of their size; gzip -9 would make them a third.
    assert sum(encoded.values()) < 0.25 * sum((runtime / name).stat().st_size for name in encoded)
    # The wasm's part decodes alone, to the whole wasm: a normal boot takes only it.
    assert unbrotli_open((shipped / "pyodide.asm.wasm.br").read_bytes()) == (runtime / "pyodide.asm.wasm").read_bytes()
    # The snapshot's part continues the wasm's stream, which finds the snapshot's static data in the wasm: it
    # adds 17% of the snapshot's size; encoded apart, it takes 25.5% (both measured 2026-12-03).
    assert encoded["snapshot.bin"] < 0.2 * info["decoded"]["snapshot.bin"]


def unbrotli_open(encoded: bytes) -> bytes:
    """What a brotli stream left open (flushed, not ended) decodes to: Node's decoder, told not to expect its end."""
    script = ("process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0),"
              " {finishFlush: require('zlib').constants.BROTLI_OPERATION_FLUSH}))")
    return subprocess.run(["node", "-e", script], input=encoded, capture_output=True, check=True).stdout


WASM_EXPORTS = "console.log(JSON.stringify(WebAssembly.Module.exports(new WebAssembly.Module(require('fs').readFileSync(0))).map((e) => e.name)))"


def test_the_wasm_is_cut_to_the_exports_pyodides_javascript_reaches(runtime: Path) -> None:
    """tools/cut_wasm.mjs: npm's wasm exports 9,708 names; the table above ran on the cut one, snapshot and normal."""
    def exports_of(wasm: Path) -> list[str]:
        answer = subprocess.run(["node", "-e", WASM_EXPORTS], input=wasm.read_bytes(), capture_output=True, check=True)
        names: list[str] = json.loads(answer.stdout)
        return names

    shipped, npm = exports_of(runtime / "pyodide.asm.wasm"), exports_of(ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm")
    assert len(npm) == 9708 and len(shipped) < 300
    # Reached only by a string ("main" maps to it), and only on Chromium's JSPI path: the cut must keep them.
    assert {"__main_argc_argv", "_pyproxy_apply_promising", "run_main_promising"} <= set(shipped) < set(npm)


def test_the_stdlib_is_trimmed_stored_bytecode_with_quiz_py(runtime: Path) -> None:
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        assert {entry.compress_type for entry in entries} == {zipfile.ZIP_STORED}  # so that hosts can compress it
        assert all(name.endswith(".pyc") for name in names)
        assert {"quiz_py/api.pyc", "quiz_py/grading.pyc", "json/decoder.pyc", "asyncio/__init__.pyc"} <= names
        # Never imported by the engine: left out.
        assert not {"email/__init__.pyc", "http/client.pyc", "sqlite3/__init__.pyc", "unittest/__init__.pyc"} & names
        # Modules Pyodide's own start does not import, which quiz_py does without (chart.py, share.py say how).
        assert not {"html/__init__.pyc", "html/entities.pyc", "base64.pyc"} & names
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
