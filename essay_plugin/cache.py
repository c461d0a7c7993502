"""Build artefacts kept between builds (the plugin's `cache_dir`), so `mkdocs serve` rebuilds and repeated builds are fast.

Each artefact is a folder named after a key (a hash of what it is built from). It is built in a staging
folder beside it and renamed into place, so an interrupted or concurrent build never leaves half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING_PREFIX = ".staging-"


class FolderCache:
    """Folders under `folder`, one per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key

    def has(self, key: str) -> bool:
        return self.path(key).is_dir()

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh folder to build in, removed afterwards with whatever was not published from it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=self.folder, prefix=STAGING_PREFIX))
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def publish(self, built: Path, key: str) -> Path:
        """Move the folder `built` into place as `key`; a concurrent build may have put the same one there first."""
        final = self.path(key)
        try:
            os.replace(built, final)
        except OSError:
            if not final.is_dir():
                raise
        return final

    def folder_for(self, key: str, build: Callable[[Path], object]) -> Path:
        """The folder for `key`, filled by `build(folder)` only if it is not cached yet."""
        if not self.has(key):
            with self.staging() as staging:
                (staging / key).mkdir()
                build(staging / key)
                self.publish(staging / key, key)
        return self.path(key)

    def keep_only(self, key: str) -> None:
        """Remove every other cached folder (not the staging folders of builds running now)."""
        for entry in self.folder.iterdir():
            if entry.name != key and not entry.name.startswith(STAGING_PREFIX):
                shutil.rmtree(entry, ignore_errors=True)
