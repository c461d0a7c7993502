"""The engine's files are reproducible: the same sources give the same bytes, whenever and wherever built.

So a redeploy keeps the runtime folder's name, and readers' caches stay valid. The real pipeline is built
twice: the compiled quiz_py wheel, and the runtime folder with its trimmed stdlib and memory snapshot."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from essay_plugin import runtime
from essay_plugin.engine import build_compiled_wheel, cached_compiled_wheel
from essay_plugin.runtime import build_runtime
from tests.support.site import ROOT, plugin_cache_dir


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_compiled_wheel_builds_to_the_same_bytes_twice(tmp_path: Path) -> None:
    first = build_compiled_wheel(ROOT, tmp_path / "first")
    time.sleep(2.1)  # zip entry times have a 2-second resolution: make the clock's difference show
    second = build_compiled_wheel(ROOT, tmp_path / "second")
    assert first.name == second.name and first.read_bytes() == second.read_bytes()


def test_the_runtime_folder_builds_to_the_same_bytes_twice(site_dir: Path, tmp_path: Path) -> None:
    catalog = (site_dir / "assets" / "engine" / "catalog.json").read_bytes()
    wheel = cached_compiled_wheel(ROOT, plugin_cache_dir())
    first = build_runtime(catalog, wheel, tmp_path / "first" / "runtime", plugin_cache_dir())
    second = build_runtime(catalog, wheel, tmp_path / "second" / "runtime", plugin_cache_dir())
    (shipped,) = (site_dir / "assets" / "engine").glob("pyodide-*")
    assert first.name == second.name == shipped.name
    assert contents(first) == contents(second) == contents(shipped)


def test_the_runtime_folder_is_the_same_built_from_another_checkout(
        site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The build tool and the boot code it imports, as another checkout in another folder has them: Emscripten
    # takes the program's name from Node's argv[1], and a name in the snapshot would rename the runtime folder.
    elsewhere = tmp_path / "another" / "checkout"
    for part in (runtime.TOOL, runtime.BOOT):
        copy = elsewhere / part.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(part, copy)
    monkeypatch.setattr(runtime, "TOOL", elsewhere / runtime.TOOL.relative_to(ROOT))
    catalog = (site_dir / "assets" / "engine" / "catalog.json").read_bytes()
    built = runtime.build_runtime(catalog, cached_compiled_wheel(ROOT, plugin_cache_dir()), tmp_path / "runtime", plugin_cache_dir())
    (shipped,) = (site_dir / "assets" / "engine").glob("pyodide-*")
    assert built.name == shipped.name


def test_the_compiled_wheel_is_cached_where_the_plugin_is_told(tmp_path: Path) -> None:
    """The plugin's `cache_dir` (mkdocs.yml), not a folder of the package's own."""
    wheel = cached_compiled_wheel(ROOT, tmp_path / "cache")
    assert wheel.parent.parent == tmp_path / "cache" / "engine" / "wheel"
    assert cached_compiled_wheel(ROOT, tmp_path / "cache") == wheel  # built once, then taken from there
