"""The engine's compiled archives are reproducible: the same sources give the same bytes, whenever built.

So a redeploy keeps the runtime folder's and the wheel's names, and readers' caches stay valid."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from hooks.engine import pyodide_py_compile


def compiled_bytes(folder: Path, source_mtime: int) -> bytes:
    folder.mkdir()
    module = folder / "greeting.py"
    module.write_text("GREETING = 'hello'\n")
    os.utime(module, (source_mtime, source_mtime))
    archive = folder / "library.zip"
    with zipfile.ZipFile(archive, "w") as library:
        library.write(module, "greeting.py")
    pyodide_py_compile(archive, cwd=folder)
    with zipfile.ZipFile(archive) as compiled:
        assert compiled.namelist() == ["greeting.pyc"]
    return archive.read_bytes()


def test_compiling_twice_at_different_times_gives_the_same_bytes(tmp_path: Path) -> None:
    first = compiled_bytes(tmp_path / "first", 1_000_000_000)
    time.sleep(2.1)  # zip entry times have a 2-second resolution: make the clock's difference show
    assert compiled_bytes(tmp_path / "second", 1_700_000_000) == first
