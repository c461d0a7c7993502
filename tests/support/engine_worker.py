"""The engine's worker with a fault put in front of its script, for the browser tests of faults inside it (the
worker refuses to evaluate strings, so a page cannot reach into it)."""

from __future__ import annotations

import re

from playwright.sync_api import Route

ENGINE_WORKER = re.compile(r"/assets/js/engine-worker\.js$")


def serve_with_prelude(route: Route, prelude: str) -> None:
    """Answer the route to the worker's script with `prelude` put before it: code that runs first in the worker."""
    response = route.fetch()
    # The body comes back decoded: the encoding and length no longer describe it.
    headers = {k: v for k, v in response.headers.items() if k not in ("content-encoding", "content-length")}
    route.fulfill(response=response, headers=headers, body=prelude + response.text())
