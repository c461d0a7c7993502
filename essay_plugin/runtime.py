"""Vendor the quiz engine's runtime into the site: Pyodide, the stdlib it uses, quiz_py, and a memory snapshot.

The files land in assets/engine/pyodide-<version>.<hash>/, named after a hash of their content so hosts may
cache the folder for a year; every page, 404.html included, names it in <meta name="quiz-engine-runtime">
(overrides/main.html writes it from `config.extra.quiz_engine_runtime`, which the plugin sets) for docs/assets/js/engine-client.js.
The folder holds only what runs:

* Pyodide's loader and JS glue, as npm ships them, and its wasm cut to the exports they reach
  (tools/cut_wasm.mjs);
* a brotli decoder (brotli-dec-wasm, from npm) for the files below that ship encoded;
* python_stdlib.zip: the modules a boot, `import quiz_py.api` and loading the catalogue actually import
  (found by doing it, under Node), compiled to .pyc, with quiz_py's compiled modules added; entries are
  stored, not deflated, so hosts can compress the whole file;
* snapshot.bin: the interpreter's memory right after that boot (tools/engine_snapshot.mjs), so a reader's engine
  starts with Python initialised, quiz_py imported and the catalogue loaded. The worker boots normally instead
  on a connection slow enough for the stdlib's fewer bytes to win, and falls back to it when the snapshot
  cannot be used (docs/assets/js/engine-worker.js);
* snapshot_stdlib.zip: an empty zip, the stdlib a snapshot boot installs (the snapshot holds every module);
* engine.json: a lock file with no packages (nothing else is ever loaded), the snapshot's SHA-256 and memory size,
  and the encoded files' sizes.

The large files (the wasm, the snapshot, the stdlib: `ENCODED_STREAMS` in engine-boot.js) ship only brotli-encoded,
as <name>.br, the snapshot's encoding continuing the wasm's, and the engine's worker decodes them: they reach the reader compressed whatever the host does (CDNs
compress only the types they list, and `application/octet-stream` is on none; GitHub Pages applies no
`_headers`; no mainstream host serves a site's own .br files). engine.json gives each encoded file's size, the
total the page shows download progress against, and its decoded size. The other files are small text, which every host compresses.

Everything is rebuilt when quiz_py, the catalogue, Pyodide or the boot code change, and is reproducible:
the same inputs give the same bytes (tests/build/test_reproducible_engine.py), so a redeploy keeps readers'
caches. Builds are cached under <cache_dir>/engine/ (cache.py) so `mkdocs serve` rebuilds stay fast.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from essay_plugin import ROOT
from essay_plugin.cache import FolderCache
from essay_plugin.engine import OPTIMIZE, PACKAGE, cached_compiled_wheel, pyodide_py_compile

SOURCE = ROOT / "node_modules" / "pyodide"
TOOL = ROOT / "tools" / "engine_snapshot.mjs"
# Cuts the wasm to the exports Pyodide's JavaScript reaches, with binaryen (npm, pinned), whose version is an input.
CUT_TOOL = ROOT / "tools" / "cut_wasm.mjs"
BINARYEN = ROOT / "node_modules" / "binaryen" / "package.json"
BOOT = ROOT / "docs" / "assets" / "js" / "engine-boot.js"
COPIED_AS_IS = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm")
# The decoder's script and wasm, which engine-boot.js names.
DECODER_SOURCE = ROOT / "node_modules" / "brotli-dec-wasm" / "pkg"
STDLIB = "python_stdlib.zip"
ENGINE_INFO = "engine.json"


def check_pyodide_installed() -> None:
    needed = [SOURCE / name for name in (*COPIED_AS_IS, STDLIB, "pyodide-lock.json")] + [DECODER_SOURCE, BINARYEN]
    if missing := [str(path.relative_to(ROOT)) for path in needed if not path.exists()]:
        raise PluginError(f"runtime files missing: {', '.join(missing)}; run `npm ci`.")


def site_folder(runtime: Path) -> str:
    """Where the runtime folder `runtime` goes in the site, relative to its root."""
    return f"assets/engine/{runtime.name}/"


def copy_into_site(runtime: Path, site_dir: Path) -> None:
    target = site_dir / site_folder(runtime)
    target.mkdir(parents=True, exist_ok=True)
    for source in runtime.iterdir():
        destination = target / source.name
        # `mkdocs serve` rebuilds into the same folder, named after the content: a file of the right
        # size is already this one, so rebuilds skip the copy.
        if not destination.is_file() or destination.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, destination)


# Building the runtime folder.


def pyodide_version() -> str:
    version: str = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))["version"]
    return version


def cached_runtime(catalog: bytes, cache_dir: Path) -> Path:
    """The runtime folder for these inputs, built once: <cache_dir>/engine/runtime/<key>/pyodide-<version>.<hash>/."""
    wheel = cached_compiled_wheel(ROOT, cache_dir)
    inputs = [SOURCE / name for name in (*COPIED_AS_IS, "pyodide-lock.json")] + _decoder() + [_compiled_stdlib(cache_dir), wheel, TOOL, CUT_TOOL, BINARYEN, BOOT]
    digest = hashlib.sha256(catalog + Path(__file__).read_bytes())
    for path in inputs:
        digest.update(path.read_bytes())
    runtimes = FolderCache(cache_dir / "engine" / "runtime")
    folder = runtimes.folder_for(digest.hexdigest()[:16], lambda out: build_runtime(catalog, wheel, out / "runtime", cache_dir))
    (runtime,) = folder.iterdir()
    return runtime


def build_runtime(catalog: bytes, wheel: Path, out: Path, cache_dir: Path) -> Path:
    """Build the runtime folder in `out`, then rename it pyodide-<version>.<hash of its files>; returns it. Its
    parts are cached in `cache_dir`."""
    out.mkdir(parents=True)
    for name in COPIED_AS_IS:
        shutil.copyfile(SOURCE / name, out / name)
    _node(CUT_TOOL, out)
    for file in _decoder():
        shutil.copyfile(file, out / file.name)
    lock = {"info": json.loads((SOURCE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"], "packages": {}}
    _write_json(out / ENGINE_INFO, {"lock": lock})
    catalog_file = out.parent / "catalog.json"
    catalog_file.write_bytes(catalog)

    library = _zip_entries(_compiled_stdlib(cache_dir))
    library.update({name: data for name, data in _zip_entries(wheel).items() if name.startswith(f"{PACKAGE}/")})
    _write_stored_zip(out / STDLIB, library)
    used = _node(TOOL, "modules", out, catalog_file)
    assert isinstance(used, list)
    _write_stored_zip(out / STDLIB, {name: library[name] for name in used})
    snapshot = _node(TOOL, "snapshot", out, catalog_file)
    catalog_file.unlink()
    encoded = _node(TOOL, "encoded")
    assert isinstance(encoded, dict)
    streams = [[out / name for name in stream] for stream in encoded["streams"]]
    sizes, decoded_sizes = encode(streams, encoded["suffix"], FolderCache(cache_dir / "engine" / "encoded"))
    _write_json(out / ENGINE_INFO, {"lock": lock, "snapshot": snapshot, "encoded": sizes, "decoded": decoded_sizes})

    digest = hashlib.sha256()
    for file in sorted(out.iterdir()):
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    named = out.with_name(f"pyodide-{pyodide_version()}.{digest.hexdigest()[:10]}")
    out.rename(named)
    return named


def _node(tool: Path, *args: Path | str) -> object:
    """The JSON that `node <tool> <args>` prints."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("Node.js is needed to build the quiz engine's runtime (see README).")
    result = subprocess.run([node, str(tool), *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        command = " ".join([tool.name, *map(str, args)])[:200]
        raise PluginError(f"engine runtime: `{command}` failed:\n{(result.stdout + result.stderr)[-4000:]}")
    output: object = json.loads(result.stdout)
    return output


def encode(streams: list[list[Path]], suffix: str, encodings: FolderCache) -> tuple[dict[str, int], dict[str, int]]:
    """Replace the files of each stream by their brotli encoding, <file><suffix>, one brotli stream across them
    (engine-boot.js, ENCODED_STREAMS); returns each file's encoded size and its own, by its name. Encoded once per
    content: brotli at its best takes about a minute on the wasm and the snapshot, so results are cached in
    `encodings`, and the streams are encoded in parallel."""
    keys = {tuple(stream): _content_key(tuple(stream)) for stream in streams}
    missing = {key: stream for stream, key in keys.items() if not encodings.has(key)}
    if missing:
        with encodings.staging() as work:
            copies = {key: [work / key / str(n) for n in range(len(stream))] for key, stream in missing.items()}
            for key, stream in missing.items():
                (work / key).mkdir()
                for file, copy in zip(stream, copies[key], strict=True):
                    shutil.copyfile(file, copy)
            _node(TOOL, "compress", json.dumps([[str(copy) for copy in files] for files in copies.values()]))
            for key, files in copies.items():
                for copy in files:
                    copy.unlink()
                encodings.publish(work / key, key)
    encoded_sizes, sizes = {}, {}
    for stream, key in keys.items():
        for n, file in enumerate(stream):
            encoded = file.with_name(file.name + suffix)
            shutil.copyfile(encodings.path(key) / f"{n}{suffix}", encoded)
            sizes[file.name] = file.stat().st_size
            file.unlink()
            encoded_sizes[file.name] = encoded.stat().st_size
    return encoded_sizes, sizes


def _content_key(files: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:24]


def _decoder() -> list[Path]:
    return sorted([*DECODER_SOURCE.glob("*.js"), *DECODER_SOURCE.glob("*.wasm")])


def _zip_entries(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as source:
        return {entry.filename: source.read(entry) for entry in source.infolist() if not entry.is_dir()}


def _write_stored_zip(archive: Path, entries: dict[str, bytes]) -> None:
    """Entries in name order, stored, dated REPRODUCIBLE_EPOCH: the same entries give the same bytes."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as target:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])


def _write_json(path: Path, content: object) -> None:
    path.write_text(json.dumps(content, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _compiled_stdlib(cache_dir: Path) -> Path:
    """Pyodide's stdlib zip with .pyc instead of .py, compiled once per Pyodide stdlib and host Python."""
    source = SOURCE / STDLIB
    key = hashlib.sha256(source.read_bytes() + sys.version.encode() + OPTIMIZE.encode()).hexdigest()[:16]

    def compile_stdlib(out: Path) -> None:
        shutil.copyfile(source, out / STDLIB)
        pyodide_py_compile(out / STDLIB, cwd=out)

    return FolderCache(cache_dir / "engine" / "stdlib").folder_for(key, compile_stdlib) / STDLIB
