"""The quiz engine (quiz_py) compiled for the browser's Python.

quiz_py is built as a wheel and its modules compiled by ``pyodide py-compile`` to ``.pyc`` for Pyodide's
CPython 3.13; runtime.py puts those modules into the runtime's standard library zip, which the memory
snapshot is made from. Building takes about a second, and is cached under
``<cache_dir>/engine/wheel/<hash of the quiz_py sources>/`` so that `mkdocs serve` rebuilds reuse it until the
engine changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from essay_plugin.cache import FolderCache

PACKAGE = "quiz_py"


def engine_sources(root: Path) -> list[Path]:
    """What the wheel is built from: the package's Python files and the project metadata."""
    return sorted((root / PACKAGE).rglob("*.py")) + [root / "pyproject.toml"]


def engine_source_hash(root: Path) -> str:
    digest = hashlib.sha256(OPTIMIZE.encode())
    for path in engine_sources(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def pyodide_cli() -> Path:
    """The `pyodide` command of pyodide-build, installed next to this Python."""
    cli = Path(sys.executable).parent / "pyodide"
    if not cli.exists():
        raise PluginError(f"the 'pyodide' command (pyodide-build) is not installed next to {sys.executable}")
    return cli


# Builds are reproducible: the same sources give the same bytes on every machine, so a redeploy does not
# change the runtime's and the wheel's names or make readers' caches download them again.
# py_compile writes hash-based .pyc under SOURCE_DATE_EPOCH; zip entry times are pinned afterwards.
REPRODUCIBLE_EPOCH = 315532800  # 1980-01-01, the earliest time a zip can hold


# The shipped .pyc are compiled as by `python -OO`: no docstrings, no asserts. Nothing in the engine reads a
# docstring, and quiz_py's asserts hold in the CPython tests; the reader downloads less (the snapshot's heap
# holds every imported module's code).
OPTIMIZE = "2"


def _run(command: list[str | Path], cwd: Path, **env_vars: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(REPRODUCIBLE_EPOCH), **env_vars}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()[-4000:]
        raise PluginError(f"engine build failed: {' '.join(map(str, command))}\n{output}")


def _pin_zip_times(archive: Path) -> None:
    """Rewrite `archive` with every entry dated REPRODUCIBLE_EPOCH, contents and order unchanged."""
    pinned = archive.with_name(archive.name + ".pinned")
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(pinned, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            dated.external_attr = entry.external_attr
            target.writestr(dated, source.read(entry), compress_type=zipfile.ZIP_DEFLATED)
    os.replace(pinned, archive)


def pyodide_py_compile(archive: Path, cwd: Path) -> None:
    """Replace the .py files in a wheel or zip by .pyc for Pyodide's CPython, reproducibly.

    A wheel is renamed to its cp313 tag: look for the result in the same folder."""
    _run([pyodide_cli(), "py-compile", "--silent", archive], cwd=cwd, PYTHONOPTIMIZE=OPTIMIZE)
    for compiled in archive.parent.glob(f"*{archive.suffix}"):
        _pin_zip_times(compiled)


def build_compiled_wheel(root: Path, out_dir: Path) -> Path:
    """Build the quiz_py wheel into `out_dir` and replace it by its .pyc-only version."""
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out_dir, root], cwd=root)
    (source_wheel,) = out_dir.glob("*.whl")
    # py-compile writes <name>-cp313-none-any.whl beside it and removes the original.
    pyodide_py_compile(source_wheel, cwd=root)
    (compiled_wheel,) = out_dir.glob("*.whl")
    return compiled_wheel


def cached_compiled_wheel(root: Path, cache_dir: Path) -> Path:
    """The compiled wheel for the current sources, built only when they changed; kept in `cache_dir`."""
    key = engine_source_hash(root)
    wheels = FolderCache(cache_dir / "engine" / "wheel")
    folder = wheels.folder_for(key, lambda out: build_compiled_wheel(root, out))
    wheels.keep_only(key)
    (wheel,) = folder.glob("*.whl")
    return wheel
