"""The essay's MkDocs plugin: connects MkDocs' events to one module per job, in the order the jobs need.

- quizzes.py: quiz files → forms in the pages, catalog.json, and which page holds which quiz;
- engine.py and runtime.py: quiz_py compiled, in the Pyodide runtime folder, after the catalogue it holds;
- csp.py: each page's Content-Security-Policy, from its final HTML;
- offline.py: the service worker, after every other file is written;
- headers.py: `_headers`, last, since it covers every file, the service worker's included.

Under `mkdocs serve` the plugin persists between rebuilds (it has on_startup), so each build starts from
fresh state in on_config, and quiz_py is imported afresh, so a change to it shows without a restart.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from essay_plugin import ROOT, csp, headers, offline, quizzes, runtime
from essay_plugin.config import EssayConfig
from essay_plugin.engine import PACKAGE

log = get_plugin_logger(__name__)


class EssayPlugin(BasePlugin[EssayConfig]):  # type: ignore[no-untyped-call]  # as BasePlugin.__init_subclass__ is
    def __init__(self) -> None:
        self.serving = False
        self._reset()

    def _reset(self) -> None:
        self.quizzes: quizzes.QuizBuild | None = None
        self.nav_pages: list[Page] = []
        self.runtime: Path | None = None  # this build's runtime folder, in the cache
        self.theme_scripts: list[re.Pattern[str]] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        if self.serving:
            _reimport_quiz_py()
            offline.without_registration(config)
        if self.config.engine:
            runtime.check_pyodide_installed()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site_root = Path(config.config_file_path).resolve().parent
        self.quizzes = quizzes.QuizBuild.load(
            (site_root / self.config.quizzes).glob("*.toml"), site_root, Path(config.docs_dir) / self.config.essay, files,
        )
        files.append(File.generated(config, quizzes.CATALOG_PATH, content=self.quizzes.catalog))
        if self.config.engine:
            # The snapshot holds the catalogue loaded.
            self.runtime = runtime.cached_runtime(self.quizzes.catalog.encode(), site_root / self.config.cache_dir)
            config.extra["quiz_engine_runtime"] = runtime.site_folder(self.runtime)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_pages = nav.pages
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.quizzes is not None
        return self.quizzes.place(html, page)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.quizzes is not None
        self.quizzes.check(files)
        if self._policing:
            self.theme_scripts = csp.theme_script_patterns(env)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        assert self.quizzes is not None
        output = self.quizzes.with_quiz_pages_meta(output, self.nav_pages)
        return csp.policed(output, page.file.src_uri, self.theme_scripts) if self._policing else output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html is rendered as a template, not a page; sitemap.xml is no HTML.
        if self._policing and template_name.endswith(".html"):
            return csp.policed(output_content, template_name, self.theme_scripts)
        return output_content

    # After every other plugin's on_post_build (the search index's): the service worker's precache and
    # `_headers` must list every file with its final content.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.runtime is not None:
            runtime.copy_into_site(self.runtime, site_dir)
        if self._policing:
            csp.widen_built_pages(site_dir)
        if self.config.offline:
            if self.serving:
                offline.write_self_removing_worker(site_dir)
            else:
                generated = offline.generate_service_worker(site_dir)
                log.info("service worker: %(count)d files, %(size)d bytes precached in cache %(cacheId)s", generated)
        if self._policing:
            headers.write_headers_file(site_dir)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        server.watch(str(Path(config.config_file_path).resolve().parent / self.config.quizzes))
        server.watch(str(ROOT / PACKAGE))
        server.watch(str(runtime.BOOT))
        return server

    @property
    def _policing(self) -> bool:
        """The CSP and `_headers`: live reload injects a script whose text changes on every request, so no
        hash could allow it, and the dev server reads no `_headers`."""
        return self.config.security and not self.serving


def _reimport_quiz_py() -> None:
    """quiz_py as it is on disk now: its modules are dropped and quizzes.py, which imports them, re-run."""
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]
    importlib.reload(quizzes)
