"""The site's pages as MkDocs sees them, for tests and tools that visit every page."""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

from tests.conftest import ROOT


def nav_pages() -> list[str]:
    """Site-relative URLs of the nav's pages, in reading order."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    nav = get_navigation(get_files(config), config)
    return [page.url for page in nav.pages]
