"""MkDocs hook: quizzes from quizzes/*.toml, placed where pages say ``<!-- quiz: id -->``.

All the work is in quiz_py; this only connects it to the build:

* on_files: load and validate the content (a content error fails the build with one
  line per problem, no traceback), check that links name existing pages, turn them
  into site URLs, and add ``assets/engine/catalog.json`` for the browser's engine;
* on_page_content: replace each marker by the quiz's form (an unknown quiz id fails
  the build, naming the page);
* on_env: every page is rendered by now, so check the links' anchors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from quiz_py.catalog import catalog_to_data, quiz_hash, resolve_links
from quiz_py.loading import ContentError, link_errors, load_catalog_files
from quiz_py.model import Catalog
from quiz_py.render import render_quiz, replace_markers

QUIZ_DIR = "quizzes"
CATALOG_PATH = "assets/engine/catalog.json"


@dataclass
class _Build:
    source: Catalog  # links as written, for checking against pages and anchors
    site: Catalog  # links as site URLs: what is shipped and hashed
    hashes: dict[str, str]


_build: _Build | None = None


def _fail(problems: list[str]) -> None:
    raise PluginError("Invalid quiz content:\n  " + "\n  ".join(problems))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    root = Path(config.config_file_path).resolve().parent
    try:
        source = load_catalog_files((root / QUIZ_DIR).glob("*.toml"), root=root)
    except ContentError as error:
        _fail(error.messages)
    pages = {file.src_uri: None for file in files.documentation_pages()}
    if problems := link_errors(source, pages):
        _fail(problems)
    site = Catalog(tuple(resolve_links(q, lambda page: files.get_file_from_path(page).url) for q in source.quizzes))
    _build = _Build(source, site, {quiz.id: quiz_hash(quiz) for quiz in site.quizzes})
    catalog_json = json.dumps(catalog_to_data(site), ensure_ascii=False, separators=(",", ":"))
    files.append(File.generated(config, CATALOG_PATH, content=catalog_json))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None

    def render_for(quiz_id: str) -> str | None:
        quiz = _build.site.quiz(quiz_id)
        return render_quiz(quiz, _build.hashes[quiz_id]) if quiz else None

    html, problems = replace_markers(html, render_for)
    if problems:
        _fail([f"{page.file.src_uri}: {problem}" for problem in problems])
    return html


def on_env(env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
    assert _build is not None
    pages = {
        file.src_uri: (file.page.present_anchor_ids if file.page else None) or set()
        for file in files.documentation_pages()
    }
    if problems := link_errors(_build.source, pages):
        _fail(problems)
    return env


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    server.watch(str(Path(config.config_file_path).resolve().parent / QUIZ_DIR))
    return server
