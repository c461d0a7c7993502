"""Quizzes from quizzes/*.toml, placed where pages say ``<!-- quiz: id -->``, and which page holds which.

All the work is in quiz_py; this only connects it to the build. Content the browser's engine would refuse
fails the build, with one line per problem and no traceback; the limits enforced are listed in
`quiz_py.loading` and `quiz_py.publish`.

* `QuizBuild.load` (on_files): read and validate the quiz files (quotations checked against the essay's
  reference copy), check that links name existing pages, turn them into site URLs; its `catalog` is
  ``assets/engine/catalog.json``, refused if the engine's request limit would refuse it;
* `QuizBuild.place` (on_page_content): replace each marker by the quiz's form (an unknown quiz id or a
  marker-like comment that is not a marker fails the build, naming the page);
* `QuizBuild.check` (on_env): every page is rendered by now, so check the links' anchors, and that each quiz
  is placed on exactly one page;
* `QuizBuild.quiz_pages_meta` (on_post_page): <meta name="quiz-pages"> for
  docs/assets/js/progress-overview.js, a JSON list, in reading order, of {"quiz", "kind", "hash", "page",
  "title"}: the quiz's id, kind and content hash as its form states them, and its page's URL (relative to
  the site root) and title. Saved progress names quizzes only; this is how a ✓ finds its chapter in the
  navigation and "continue where you left off" finds its page. MkDocs renders every page's content before
  it writes any page, so each page's list is complete.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from quiz_py.catalog import quiz_hash
from quiz_py.links import QUIZ_LINE, link_errors, resolve_links
from quiz_py.loading import ContentError, load_catalog_texts, read_sources
from quiz_py.markers import MARKER_FORM, place_quizzes
from quiz_py.model import Catalog
from quiz_py.publish import catalog_json
from quiz_py.render import render_quiz

CATALOG_PATH = "assets/engine/catalog.json"
QUIZ_PAGES_META = "quiz-pages"


def fail(problems: list[str]) -> NoReturn:
    raise PluginError("Invalid quiz content:\n  " + "\n  ".join(problems))


def read_essay(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail([f"{path}: cannot be read ({error}); quotations in quizzes are checked against it"])


@dataclass
class QuizBuild:
    """One build's quizzes: the catalogue, and where each quiz was placed."""

    texts: dict[str, str]  # each quiz file's TOML, by name: where a table starts, for messages
    source: Catalog  # links as written, for checking against pages and anchors
    site: Catalog  # links as site URLs: what is shipped and hashed
    catalog: str  # catalog.json
    hashes: dict[str, str]
    pages_by_quiz: dict[str, list[str]] = field(default_factory=dict)
    forms_by_page: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # page URL → its quiz forms

    @classmethod
    def load(cls, quiz_files: Iterable[Path], root: Path, essay: Path, files: Files) -> QuizBuild:
        """The quizzes of `quiz_files` (named relative to `root` in messages), linking into the pages of `files`."""
        problems: list[str] = []
        texts = read_sources(quiz_files, root, problems)
        try:
            source = load_catalog_texts(texts, read_essay(essay), problems)
        except ContentError as error:
            fail(error.messages)
        pages = {file.src_uri: None for file in files.documentation_pages()}
        if problems := link_errors(source, pages, texts):
            fail(problems)

        def url(page: str) -> str:
            file = files.get_file_from_path(page)
            assert file is not None  # link_errors has checked every page
            return file.url

        site = Catalog(tuple(resolve_links(quiz, url) for quiz in source.quizzes))
        try:
            catalog = catalog_json(site)
        except ContentError as error:
            fail(error.messages)
        return cls(texts, source, site, catalog, {quiz.id: quiz_hash(quiz) for quiz in site.quizzes})

    def place(self, page_html: str, page: Page) -> str:
        """`page_html` with its markers replaced by the quizzes' forms."""
        def render_for(quiz_id: str) -> str | None:
            quiz = self.site.quiz(quiz_id)
            return render_quiz(quiz, self.hashes[quiz_id]) if quiz else None

        page_html, placed, problems = place_quizzes(page_html, render_for)
        if problems:
            fail([f"{page.file.src_uri}: {problem}" for problem in problems])
        forms = []
        for quiz_id in placed:
            self.pages_by_quiz.setdefault(quiz_id, []).append(page.file.src_uri)
            quiz = self.site.quiz(quiz_id)
            assert quiz is not None  # render_for found it
            forms.append({"quiz": quiz_id, "kind": quiz.kind, "hash": self.hashes[quiz_id]})
        self.forms_by_page[page.url] = forms
        return page_html

    def check(self, files: Files) -> None:
        """Once every page is rendered: the links' anchors exist, and each quiz is on exactly one page."""
        pages = {
            file.src_uri: (file.page.present_anchor_ids if file.page else None) or set()
            for file in files.documentation_pages()
        }
        if problems := link_errors(self.source, pages, self.texts) + self.placement_errors():
            fail(problems)

    def placement_errors(self) -> list[str]:
        errors = []
        for quiz in self.source.quizzes:
            pages = self.pages_by_quiz.get(quiz.id, [])
            place = f"{quiz.source}:{QUIZ_LINE}"
            if not pages:
                errors.append(f"{place}: quiz '{quiz.id}' is on no page: put {MARKER_FORM.replace('<id>', quiz.id)} where it belongs")
            elif len(pages) > 1:
                errors.append(f"{place}: quiz '{quiz.id}' is placed on {len(pages)} pages ({', '.join(pages)}); a quiz goes on one page")
        return errors

    def quiz_pages(self, nav_pages: list[Page]) -> list[dict[str, str]]:
        return [
            {**form, "page": page.url, "title": page.title or ""}
            for page in nav_pages
            for form in self.forms_by_page.get(page.url, [])
        ]

    def with_quiz_pages_meta(self, output: str, nav_pages: list[Page]) -> str:
        content = html.escape(json.dumps(self.quiz_pages(nav_pages), ensure_ascii=False, separators=(",", ":")))
        return output.replace("</head>", f'<meta name="{QUIZ_PAGES_META}" content="{content}">\n</head>', 1)
