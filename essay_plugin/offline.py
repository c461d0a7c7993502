"""The service worker that lets the essay be read offline and come back instantly.

After the build, tools/generate_service_worker.mjs (Workbox, from node_modules) writes sw.js and its Workbox
runtime at the site root: it precaches every built file in a cache named after the build's hash.
docs/assets/js/offline.js registers it.

`mkdocs serve` gets no caching worker: live reload rebuilds pages that a precache would keep serving stale.
It gets tools/self_removing_service_worker.js instead, so a worker left on 127.0.0.1:8000 by a built site
served there earlier (tools/static_host.py, say) cannot serve old pages under live reload. To try the offline
behaviour, build and serve the site: `make build && .venv/bin/python -m tools.static_host site`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from essay_plugin import ROOT
from essay_plugin.headers import CONTENT_HASHED

GENERATOR = ROOT / "tools" / "generate_service_worker.mjs"
SELF_REMOVING_WORKER = (ROOT / "tools" / "self_removing_service_worker.js").read_text(encoding="utf-8")
SERVICE_WORKER = "sw.js"
REGISTRATION_SCRIPT = "assets/js/offline.js"


def without_registration(config: MkDocsConfig) -> None:
    """Leave out the script that registers the worker (for `mkdocs serve`)."""
    config.extra_javascript = [script for script in config.extra_javascript if str(script) != REGISTRATION_SCRIPT]


def write_self_removing_worker(site_dir: Path) -> None:
    (site_dir / SERVICE_WORKER).write_text(SELF_REMOVING_WORKER, encoding="utf-8")


def generate_service_worker(site_dir: Path) -> dict[str, int | str]:
    """Write sw.js for the built site in `site_dir`; returns the generator's {cacheId, count, size}."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("Node.js is needed to generate the service worker (see README).")
    result = subprocess.run(
        [node, str(GENERATOR), str(site_dir), CONTENT_HASHED.pattern], cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise PluginError(f"generating the service worker failed:\n{result.stdout}\n{result.stderr}")
    generated: dict[str, int | str] = json.loads(result.stdout)
    return generated
