"""Links from quizzes into the essay: how they are written, checked and resolved.

In the TOML sources a link is a MkDocs doc path and an anchor,
``chapters/two-different-jobs.md#leaders-inspire``; the build checks both against the
site (`link_errors`, naming the line where the table holding the link starts) and ships
site-root-relative URLs (`resolve_links`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace

from .model import Catalog, ChoiceQuestion, Link, Question, Quiz, SortQuestion
from .toml_lines import TablePath, table_locator

LINK_FORM = "chapters/page.md#anchor"
# A quiz's own fields sit in the file's root table, which starts at line 1: messages about the quiz
# as a whole, or about a table written inline in it, name this line.
QUIZ_LINE = 1


def link_form_problem(target: str) -> str | None:
    """Why `target` is not written as a page and an anchor, or None when it is."""
    page, _, anchor = target.partition("#")
    if page and anchor:
        return None
    return f"{target!r} must name a page and a passage anchor, like '{LINK_FORM}'"


def iter_links(quiz: Quiz) -> Iterator[tuple[str, TablePath, str, str]]:
    """Every link in a quiz, as (location for messages, the table holding it, field, target).

    A loaded quiz keeps its tables in the order of the file, so positions here are positions there."""
    where = f"quiz '{quiz.id}'"
    for index, question in enumerate(quiz.questions):
        path: TablePath = (("questions", index),)
        if isinstance(question, ChoiceQuestion):
            yield f"{where}, question '{question.id}'", path, "link", question.link
        elif isinstance(question, SortQuestion):
            for item_index, item in enumerate(question.items):
                item_path: TablePath = (*path, ("items", item_index))
                yield f"{where}, question '{question.id}', item '{item.id}'", item_path, "link", item.link
    for index, band in enumerate(quiz.bands):
        for position, link in enumerate(band.links, start=1):
            link_path: TablePath = (("bands", index), ("links", position - 1))
            yield f"{where}, band '{band.id}', link #{position}", link_path, "link", link.target


def link_errors(catalog: Catalog, pages: Mapping[str, Iterable[str] | None], texts: Mapping[str, str]) -> list[str]:
    """Links to unknown pages or anchors. `pages` maps doc paths to their anchor ids,
    or to None where the anchors are not known yet (then only the page is checked);
    `texts` maps each quiz's source to its TOML text, for the line of the table holding the link."""
    errors = []
    for quiz in catalog.quizzes:
        locate = table_locator(texts[quiz.source])
        for location, path, field_name, target in iter_links(quiz):
            page, _, anchor = target.partition("#")
            prefix = f"{quiz.source}:{locate(path) or QUIZ_LINE}: {location}, field '{field_name}'"
            if page not in pages:
                close = difflib.get_close_matches(page, list(pages), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                errors.append(f"{prefix}: {target!r} links to an unknown page '{page}'{hint}")
                continue
            anchors = pages[page]
            if anchors is not None and anchor not in (known := set(anchors)):
                close = difflib.get_close_matches(anchor, sorted(known), n=1)
                hint = f" (did you mean '#{close[0]}'?)" if close else ""
                errors.append(f"{prefix}: {target!r} links to an unknown anchor '#{anchor}' on {page}{hint}")
    return errors


def resolve_links(quiz: Quiz, url_for: Callable[[str], str]) -> Quiz:
    """The quiz with each link's page replaced by `url_for(page)`, the anchor kept."""

    def resolve(target: str) -> str:
        page, _, anchor = target.partition("#")
        return f"{url_for(page)}#{anchor}"

    def resolve_question(question: Question) -> Question:
        if isinstance(question, ChoiceQuestion):
            return replace(question, link=resolve(question.link))
        if isinstance(question, SortQuestion):
            return replace(question, items=tuple(replace(i, link=resolve(i.link)) for i in question.items))
        return question

    bands = tuple(
        replace(b, links=tuple(Link(resolve(link.target), link.text) for link in b.links)) for b in quiz.bands
    )
    return replace(quiz, questions=tuple(resolve_question(q) for q in quiz.questions), bands=bands)
