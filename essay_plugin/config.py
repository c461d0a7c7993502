"""The plugin's options, as mkdocs.yml gives them under `plugins: - essay:`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class EssayConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs leaves Config.__init_subclass__ untyped
    # One TOML file per quiz, in this folder (relative to mkdocs.yml).
    quizzes = c.Type(str, default="quizzes")
    # Where build artefacts are kept between builds (relative to mkdocs.yml): the compiled engine, the runtime
    # folder, their encodings (cache.py).
    cache_dir = c.Type(str, default="build")
    # The essay's reference copy in docs/, which quotations in quizzes are checked against.
    essay = c.Type(str, default="essay.txt")
    # The quiz engine in the browser: quiz_py compiled, and the Pyodide runtime it runs in. Without it, the
    # pages still get the quizzes' forms and catalog.json.
    engine = c.Type(bool, default=True)
    # The service worker that keeps the site readable offline (`mkdocs serve` never gets it).
    offline = c.Type(bool, default=True)
    # A Content-Security-Policy in every page, and `_headers` for hosts that read it (not under `mkdocs serve`).
    security = c.Type(bool, default=True)
