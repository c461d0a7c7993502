"""A slow connection, simulated: the engine's runtime files held back until the test lets them through."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Route

# Every file of the runtime folder (assets/engine/pyodide-<version>.<hash>/), the worker's first downloads.
RUNTIME_FILES = re.compile(r"/assets/engine/pyodide-[^/]+/")
# The wasm, which every boot needs first, and the snapshot, which continues its encoding.
WASM_FILES = re.compile(r"/(pyodide\.asm\.wasm|snapshot\.bin)\.br$")


class HeldRuntime:
    """Holds every request for the runtime folder of `context`'s pages and workers (or for `files`, a URL
    pattern) until `release()`. Needs a context without a service worker (it would answer past the route)."""

    def __init__(self, context: BrowserContext, files: re.Pattern[str] | str = RUNTIME_FILES) -> None:
        self.held: list[Route] = []
        self.released = False
        context.route(files, self._hold)

    def _hold(self, route: Route) -> None:
        if self.released:
            route.fallback()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.fallback()
        self.held.clear()
