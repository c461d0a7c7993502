"""The site under test: the project's root, one strict build of it, and its pages as MkDocs sees them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parent.parent.parent
# The screens the site is read on, in the tests and the screenshots.
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
# The colour schemes a reader's system may ask for, as Playwright names them.
type ColorScheme = Literal["light", "dark"]


def build_site(site_dir: Path, *, site_url: str | None = None) -> Path:
    """Build the site with `mkdocs build --strict`, as `make build` does, into `site_dir`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site_dir


def nav_pages() -> list[str]:
    """Site-relative URLs of the nav's pages, in reading order."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    nav = get_navigation(get_files(config), config)
    return [page.url for page in nav.pages]


def plugin_cache_dir() -> Path:
    """The essay plugin's build cache, as mkdocs.yml configures it (`cache_dir`)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    cache_dir: str = config.plugins["essay"].config.cache_dir
    return ROOT / cache_dir
