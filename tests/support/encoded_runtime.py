"""The runtime folder as Pyodide under Node reads it: its brotli-encoded files (<name>.br) decoded beside the rest.

The site ships the large files only encoded (essay_plugin/runtime.py), some as one brotli stream across files
(engine-boot.js, ENCODED_STREAMS); a page's worker decodes them as they download, and Node's Pyodide reads files
from disk, so the Node tests boot a decoded copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.support.site import ROOT

UNBROTLI = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"


def encoded_streams() -> tuple[list[list[str]], str]:
    """engine-boot.js's ENCODED_STREAMS and ENCODED_SUFFIX, as the build reads them."""
    answer = subprocess.run(["node", ROOT / "tools" / "engine_snapshot.mjs", "encoded"], capture_output=True, check=True, text=True)
    encoded = json.loads(answer.stdout)
    return encoded["streams"], encoded["suffix"]


def unbrotli(encoded: bytes) -> bytes:
    return subprocess.run(["node", "-e", UNBROTLI], input=encoded, capture_output=True, check=True).stdout


def decoded_copy(runtime: Path, into: Path) -> Path:
    """A copy of `runtime` in `into` (which must not exist) with every encoded file decoded under its own name:
    each stream's files decoded together, then cut at the sizes engine.json gives."""
    shutil.copytree(runtime, into)
    sizes = json.loads((into / "engine.json").read_text(encoding="utf-8"))["decoded"]
    streams, suffix = encoded_streams()
    for stream in streams:
        encoded = [into / (name + suffix) for name in stream]
        content = unbrotli(b"".join(file.read_bytes() for file in encoded))
        for name, file in zip(stream, encoded, strict=True):
            (into / name).write_bytes(content[: sizes[name]])
            content = content[sizes[name]:]
            file.unlink()
        assert not content, "a stream decodes to more than its files' sizes"
    return into
