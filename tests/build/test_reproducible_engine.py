"""The engine's files are reproducible: the same sources give the same bytes, whenever and wherever built.

So a redeploy keeps the runtime folder's name, and readers' caches stay valid. The real pipeline is built
twice: the compiled quiz_py wheel, and the runtime folder with its trimmed stdlib and memory snapshot."""

from __future__ import annotations

import time
from pathlib import Path

from essay_plugin.engine import build_compiled_wheel, cached_compiled_wheel
from essay_plugin.runtime import build_runtime
from tests.support.site import ROOT


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_compiled_wheel_builds_to_the_same_bytes_twice(tmp_path: Path) -> None:
    first = build_compiled_wheel(ROOT, tmp_path / "first")
    time.sleep(2.1)  # zip entry times have a 2-second resolution: make the clock's difference show
    second = build_compiled_wheel(ROOT, tmp_path / "second")
    assert first.name == second.name and first.read_bytes() == second.read_bytes()


def test_the_runtime_folder_builds_to_the_same_bytes_twice(site_dir: Path, tmp_path: Path) -> None:
    catalog = (site_dir / "assets" / "engine" / "catalog.json").read_bytes()
    wheel = cached_compiled_wheel(ROOT)
    first = build_runtime(catalog, wheel, tmp_path / "first" / "runtime")
    second = build_runtime(catalog, wheel, tmp_path / "second" / "runtime")
    (shipped,) = (site_dir / "assets" / "engine").glob("pyodide-*")
    assert first.name == second.name == shipped.name
    assert contents(first) == contents(second) == contents(shipped)
