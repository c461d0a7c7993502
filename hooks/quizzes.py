"""MkDocs hook: quizzes from quizzes/*.toml, placed where pages say ``<!-- quiz: id -->``.

All the work is in quiz_py; this only connects it to the build. Content the browser's
engine would refuse fails the build, with one line per problem and no traceback; the
limits enforced are listed in `quiz_py.loading` and `quiz_py.publish`.

* on_files: read and validate the quiz files (quotations checked against docs/essay.txt),
  check that links name existing pages, turn them into site URLs, and add
  ``assets/engine/catalog.json``, refused if the engine's request limit would refuse it;
* on_page_content: replace each marker by the quiz's form (an unknown quiz id or a
  marker-like comment that is not a marker fails the build, naming the page);
* on_env: every page is rendered by now, so check the links' anchors, and that each quiz
  is placed on exactly one page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from quiz_py.catalog import quiz_hash
from quiz_py.links import link_errors, resolve_links
from quiz_py.loading import ContentError, load_catalog_files
from quiz_py.markers import MARKER_FORM, place_quizzes
from quiz_py.model import Catalog
from quiz_py.publish import catalog_json
from quiz_py.render import render_quiz

QUIZ_DIR = "quizzes"
ESSAY = "essay.txt"  # in docs/: the reference copy quotations are checked against
CATALOG_PATH = "assets/engine/catalog.json"


@dataclass
class _Build:
    source: Catalog  # links as written, for checking against pages and anchors
    site: Catalog  # links as site URLs: what is shipped and hashed
    hashes: dict[str, str]
    pages_by_quiz: dict[str, list[str]] = field(default_factory=dict)


_build: _Build | None = None


def _fail(problems: list[str]) -> NoReturn:
    raise PluginError("Invalid quiz content:\n  " + "\n  ".join(problems))


def _read_essay(config: MkDocsConfig) -> str:
    path = Path(config.docs_dir) / ESSAY
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _fail([f"{path}: cannot be read ({error}); quotations in quizzes are checked against it"])


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    root = Path(config.config_file_path).resolve().parent
    try:
        source = load_catalog_files((root / QUIZ_DIR).glob("*.toml"), root=root, essay=_read_essay(config))
    except ContentError as error:
        _fail(error.messages)
    pages = {file.src_uri: None for file in files.documentation_pages()}
    if problems := link_errors(source, pages):
        _fail(problems)
    site = Catalog(tuple(resolve_links(q, lambda page: files.get_file_from_path(page).url) for q in source.quizzes))
    try:
        content = catalog_json(site)
    except ContentError as error:
        _fail(error.messages)
    _build = _Build(source, site, {quiz.id: quiz_hash(quiz) for quiz in site.quizzes})
    files.append(File.generated(config, CATALOG_PATH, content=content))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None

    def render_for(quiz_id: str) -> str | None:
        quiz = _build.site.quiz(quiz_id)
        return render_quiz(quiz, _build.hashes[quiz_id]) if quiz else None

    html, placed, problems = place_quizzes(html, render_for)
    if problems:
        _fail([f"{page.file.src_uri}: {problem}" for problem in problems])
    for quiz_id in placed:
        _build.pages_by_quiz.setdefault(quiz_id, []).append(page.file.src_uri)
    return html


def _placement_errors(build: _Build) -> list[str]:
    errors = []
    for quiz in build.source.quizzes:
        pages = build.pages_by_quiz.get(quiz.id, [])
        if not pages:
            errors.append(f"{quiz.source}: quiz '{quiz.id}' is on no page: put {MARKER_FORM.replace('<id>', quiz.id)} where it belongs")
        elif len(pages) > 1:
            errors.append(f"{quiz.source}: quiz '{quiz.id}' is placed on {len(pages)} pages ({', '.join(pages)}); a quiz goes on one page")
    return errors


def on_env(env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
    assert _build is not None
    pages = {
        file.src_uri: (file.page.present_anchor_ids if file.page else None) or set()
        for file in files.documentation_pages()
    }
    if problems := link_errors(_build.source, pages) + _placement_errors(_build):
        _fail(problems)
    return env


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    server.watch(str(Path(config.config_file_path).resolve().parent / QUIZ_DIR))
    return server
