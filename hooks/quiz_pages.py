"""Tells the browser which page holds which quiz, for docs/assets/js/progress-overview.js.

Every page gets <meta name="quiz-pages"> whose content is a JSON list, in reading order, of
{"quiz", "kind", "hash", "page", "title"}: the quiz's id, kind and content hash as its form states them,
and its page's URL (relative to the site root) and title. Saved progress names quizzes only; this is
how a ✓ finds its chapter in the navigation and "continue where you left off" finds its page.

Runs after hooks/quizzes.py has put the forms into the pages. MkDocs renders every page's content before
it writes any page, so each page's list is complete.
"""

from __future__ import annotations

import html
import json
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

META_NAME = "quiz-pages"
QUIZ_FORM = re.compile(r'<form\b[^>]*\bclass="quiz"[^>]*>')
FORM_ATTRIBUTES = {"quiz": "data-quiz", "kind": "data-quiz-kind", "hash": "data-quiz-hash"}

_nav_pages: list[Page] = []
_quizzes_by_page: dict[str, list[dict[str, str]]] = {}  # page URL → the attributes of its quiz forms


def quiz_forms(page_html: str) -> list[dict[str, str]]:
    """{"quiz", "kind", "hash"} of each quiz form in `page_html`, in order."""
    forms = []
    for tag in QUIZ_FORM.findall(page_html):
        values = {key: re.search(rf'\b{attribute}="([^"]*)"', tag) for key, attribute in FORM_ATTRIBUTES.items()}
        forms.append({key: html.unescape(match.group(1)) if match else "" for key, match in values.items()})
    return forms


def quiz_pages() -> list[dict[str, str]]:
    return [
        {**form, "page": page.url, "title": page.title or ""}
        for page in _nav_pages
        for form in _quizzes_by_page.get(page.url, [])
    ]


# MkDocs hooks.


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _nav_pages[:] = nav.pages
    _quizzes_by_page.clear()
    return nav


def on_page_content(page_html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _quizzes_by_page[page.url] = quiz_forms(page_html)
    return page_html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    content = html.escape(json.dumps(quiz_pages(), ensure_ascii=False, separators=(",", ":")))
    return output.replace("</head>", f'<meta name="{META_NAME}" content="{content}">\n</head>', 1)
