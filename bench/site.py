"""The site the bench measures: built as `make build` builds it, with stock Pyodide 0.29.5 beside it, served by
tools/static_host.py under the same caching rules as the essay's own runtime.

Stock Pyodide gets what the essay's runtime folder gets, so only the engines differ: a content-hashed folder
(`bench-stock/pyodide-0.29.5.<hash>/`), the `_headers` rules of the essay's runtime folder (a year's caching,
`application/wasm`), ETag/Last-Modified from the host, which compresses by type as a CDN does (its wasm is
gzipped on the way; the essay's large files are brotli-encoded by its build). Its page is a bare page that starts it in a module worker and says when
`loadPyodide()` is done: the interpreter only, no quiz code.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIZ_PAGE = "chapters/the-boss-youve-had/"
COVER_PAGE = ""
STOCK_PAGE = "bench-stock/"
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "pyodide-lock.json", "python_stdlib.zip")
ESSAY_RUNTIME_RULE = re.compile(r"^/assets/engine/pyodide-[^/]+/")

# The page's script is a file: the site's Content-Security-Policy (`_headers`, /*) allows no other inline script.
STOCK_HTML = """<!doctype html><meta charset="utf-8"><title>Stock Pyodide</title>
<script type="module" src="start.js"></script>
"""
# Says "ready" as the essay's engine does, on <html data-quiz-engine>, so one observer times both.
STOCK_START = """const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
worker.onmessage = () => { document.documentElement.dataset.quizEngine = "ready"; };
"""
STOCK_WORKER = """import {{ loadPyodide }} from "./{folder}/pyodide.mjs";
await loadPyodide();
postMessage("ready");
"""


def build_site(site: Path, site_url: str | None = None) -> Path:
    """`mkdocs build --strict` into `site`, as `make build` does (for `site_url`, as SITE_URL=… make build)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": site_url} if site_url else {})}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site


def add_stock_pyodide(site: Path) -> None:
    """Stock Pyodide at STOCK_PAGE, with the essay runtime folder's headers (see the module's docstring)."""
    sources = [ROOT / "node_modules" / "pyodide" / name for name in STOCK_FILES]
    digest = hashlib.sha256(b"".join(source.read_bytes() for source in sources)).hexdigest()[:10]
    folder = f"pyodide-0.29.5.{digest}"
    runtime = site / STOCK_PAGE / folder
    runtime.mkdir(parents=True)
    for source in sources:
        shutil.copyfile(source, runtime / source.name)
    (site / STOCK_PAGE / "index.html").write_text(STOCK_HTML, encoding="utf-8")
    (site / STOCK_PAGE / "start.js").write_text(STOCK_START, encoding="utf-8")
    (site / STOCK_PAGE / "worker.js").write_text(STOCK_WORKER.format(folder=folder), encoding="utf-8")
    headers = site / "_headers"
    rules = headers.read_text(encoding="utf-8").split("\n\n")
    copies = [ESSAY_RUNTIME_RULE.sub(f"/{STOCK_PAGE}{folder}/", rule) for rule in rules if ESSAY_RUNTIME_RULE.match(rule)]
    assert copies, "no rule for the essay's runtime folder in _headers"
    headers.write_text("\n\n".join([*rules, *copies]).rstrip("\n") + "\n", encoding="utf-8")


def encoded_bytes(urls: set[str], accept_encoding: str) -> int:
    """The bytes of the bodies the host sends for `urls`, each once, to a client accepting `accept_encoding`."""
    total = 0
    for url in urls:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding})) as response:
            total += len(response.read())
    return total
