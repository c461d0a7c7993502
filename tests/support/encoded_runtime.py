"""The runtime folder as Pyodide under Node reads it: its brotli-encoded files (<name>.br) decoded beside the rest.

The site ships the large files only encoded (essay_plugin/runtime.py); a page's worker decodes them as they
download, and Node's Pyodide reads files from disk, so the Node tests boot a decoded copy.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ENCODED_SUFFIX = ".br"
UNBROTLI = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(process.argv[1])))"


def unbrotli(encoded: Path) -> bytes:
    return subprocess.run(["node", "-e", UNBROTLI, encoded], capture_output=True, check=True).stdout


def decoded_copy(runtime: Path, into: Path) -> Path:
    """A copy of `runtime` in `into` (which must not exist) with every encoded file decoded under its own name."""
    shutil.copytree(runtime, into)
    for encoded in into.glob(f"*{ENCODED_SUFFIX}"):
        encoded.with_suffix("").write_bytes(unbrotli(encoded))
        encoded.unlink()
    return into
