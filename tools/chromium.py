"""The Chromium that the browser tests, the bench and the screenshots drive: Debian's, launched the same way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Without these flags Chromium tries to reach Google at start-up, and this machine has no network.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium (`playwright install` cannot download here); $CHROMIUM overrides."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise FileNotFoundError("Chromium is needed: apt-get install chromium (or set $CHROMIUM)")
    return path
