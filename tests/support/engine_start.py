"""Deciding in a browser test when the quiz engine may finish starting: its runtime's downloads are held until
the test releases them, so "checked before the engine is ready" and "checked once it is" are both tested on
purpose, never by a race.

    held = HeldEngineStart(context)   # before the page is opened
    ...open a quiz page, press Check: the engine is still loading, for as long as the test likes...
    held.release()                    # the held downloads go on; the engine becomes ready

Pages opened after `release()` start normally. A service worker must not answer for the runtime (use a
context with service_workers="block"), or the downloads never reach the route.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Route

# Every file of the engine's runtime folder (essay_plugin/runtime.py): nothing of the engine boots without them.
RUNTIME_FILES = "**/assets/engine/pyodide-*/**"


class HeldEngineStart:
    def __init__(self, context: BrowserContext) -> None:
        self._context = context
        self._held: list[Route] = []
        self._released = False
        context.route(RUNTIME_FILES, self._hold)

    @property
    def held_count(self) -> int:
        """How many runtime downloads are waiting: more than 0 once a page has asked for the engine."""
        return len(self._held)

    def release(self) -> None:
        self._released = True
        self._context.unroute(RUNTIME_FILES, self._hold)
        for route in self._held:
            route.continue_()
        self._held.clear()

    def _hold(self, route: Route) -> None:
        if self._released:
            route.continue_()
        else:
            self._held.append(route)
