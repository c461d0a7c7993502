"""Fixtures shared by every part of the suite: one strict build of the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.site import build_site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete static site, built once per test session."""
    return build_site(tmp_path_factory.mktemp("site") / "site")
