"""The essay's MkDocs plugin: quizzes in the pages, the quiz engine and its runtime, offline reading, the
Content-Security-Policy and the hosts' headers. `plugin.py` connects one module per job to MkDocs' events."""

from __future__ import annotations

from pathlib import Path

# The repository: quiz_py, node_modules and tools/ are found from here; the site's
# own files (docs/, quizzes/) and the build cache (the plugin's `cache_dir`) from its mkdocs.yml.
ROOT = Path(__file__).resolve().parent.parent
