"""Vendor the Pyodide runtime into the site, so the quiz engine starts from our own host.

Only the files that run are copied: the loader, the interpreter (JS glue and wasm), the lock file
and the standard library, the latter compiled to bytecode with `pyodide py-compile` (the interpreter
then skips compiling every module it imports at start-up). The compiled library is cached under
build/ so `mkdocs serve` rebuilds stay fast.

The files land in a folder named after the Pyodide version and a hash of their content,
assets/engine/pyodide-<version>.<hash>/: its files keep the names Pyodide looks for, and hosts may
cache the whole folder for a year. Every page, 404.html included, names the folder in
<meta name="quiz-engine-runtime">, relative to the site root, for docs/assets/js/engine-client.js
(overrides/main.html writes it from `config.extra.quiz_engine_runtime`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from hooks.engine import pyodide_py_compile

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / "build" / "pyodide-runtime"
COPIED_AS_IS = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "pyodide-lock.json")
STDLIB = "python_stdlib.zip"

# Set in on_config: the runtime files to copy (name -> source path) and their folder in the site.
_runtime_files: dict[str, Path] = {}
_runtime_folder = ""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _runtime_folder
    missing = [name for name in (*COPIED_AS_IS, STDLIB) if not (SOURCE / name).is_file()]
    if missing:
        raise PluginError(f"Pyodide runtime files missing in {SOURCE}: {', '.join(missing)}; run `npm ci`.")
    version = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))["version"]
    _runtime_files.clear()
    _runtime_files.update({name: SOURCE / name for name in COPIED_AS_IS})
    _runtime_files[STDLIB] = _compiled_stdlib()
    _runtime_folder = f"assets/engine/pyodide-{version}.{_content_hash(_runtime_files)}/"
    config.extra["quiz_engine_runtime"] = _runtime_folder
    return config


def on_post_build(config: MkDocsConfig) -> None:
    target = Path(config.site_dir) / _runtime_folder
    target.mkdir(parents=True, exist_ok=True)
    for name, source in _runtime_files.items():
        destination = target / name
        # `mkdocs serve` rebuilds into the same folder, named after the content: a file of the right
        # size is already this one, so rebuilds skip the 14 MB copy.
        if not destination.is_file() or destination.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, destination)


def _compiled_stdlib() -> Path:
    """The stdlib zip with .pyc instead of .py, compiled once per Pyodide stdlib and host Python."""
    source = SOURCE / STDLIB
    key = hashlib.sha256(source.read_bytes() + sys.version.encode()).hexdigest()[:16]
    compiled = CACHE / key / STDLIB
    if compiled.is_file():
        return compiled
    work = CACHE / f"{key}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copyfile(source, work / STDLIB)
    pyodide_py_compile(work / STDLIB, cwd=work)
    shutil.rmtree(CACHE / key, ignore_errors=True)
    work.rename(CACHE / key)
    return compiled


def _content_hash(files: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for name, path in sorted(files.items()):
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]
