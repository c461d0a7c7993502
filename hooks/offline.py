"""The service worker that lets the essay be read offline and come back instantly.

After the build, tools/generate_service_worker.mjs (Workbox, from node_modules) writes sw.js and its Workbox
runtime at the site root: it precaches every built file in a cache named after the build's hash.
docs/assets/js/offline.js registers it.

`mkdocs serve` gets no caching worker: live reload rebuilds pages that a precache would keep serving stale.
It gets a worker that removes itself instead, so a worker left on 127.0.0.1:8000 by a built site served
there earlier (tools/static_host.py, say) cannot serve old pages under live reload. To try the offline
behaviour, build and serve the site: `make build && .venv/bin/python -m tools.static_host site`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "generate_service_worker.mjs"
SERVICE_WORKER = "sw.js"
REGISTRATION_SCRIPT = "assets/js/offline.js"

# Installed in place of the real worker under `mkdocs serve`: it deletes the caches of its scope (Workbox
# puts the scope in their names), unregisters itself and reloads the pages it controlled, which then come
# from the dev server.
SELF_REMOVING_WORKER = """\
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  const names = await caches.keys();
  const ours = names.filter((name) => name.includes(self.registration.scope));
  await Promise.all(ours.map((name) => caches.delete(name)));
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
})()));
"""

log = get_plugin_logger(__name__)
_serving = False


def generate_service_worker(site_dir: Path) -> dict:
    """Write sw.js for the built site in `site_dir`; returns the generator's {cacheId, count, size}."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("Node.js is needed to generate the service worker (see README).")
    result = subprocess.run([node, str(GENERATOR), str(site_dir)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"generating the service worker failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout)


# MkDocs hooks.


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _serving:
        config.extra_javascript = [script for script in config.extra_javascript if str(script) != REGISTRATION_SCRIPT]
    return config


# Last of all on_post_build hooks: other hooks still write files (the runtime, the engine) and rewrite
# pages (the CSP) there, and the precache must list every file with its final content.
@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    if _serving:
        (site_dir / SERVICE_WORKER).write_text(SELF_REMOVING_WORKER, encoding="utf-8")
        return
    generated = generate_service_worker(site_dir)
    log.info("service worker: %(count)d files, %(size)d bytes precached in cache %(cacheId)s", generated)
