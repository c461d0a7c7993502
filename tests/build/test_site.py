"""The built site: strict build, every nav page, the essay verbatim and in order, nothing from other origins."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from tests.support.site import ROOT
from tests.support.site import nav_pages

ESSAY = ROOT / "docs" / "essay.txt"
WORDS_PER_MINUTE = 200


def essay_paragraphs() -> list[str]:
    """The project's verbatim copy of the essay: its title, then its paragraphs."""
    return [line.strip() for line in ESSAY.read_text(encoding="utf-8").splitlines() if line.strip()]


def built_page(site: Path, url: str) -> Path:
    return site / url / "index.html" if url else site / "index.html"


# Whether an element is wanted, from its tag and attributes.
type Wanted = Callable[[str, dict[str, str | None]], bool]


class TextOf(HTMLParser):
    """Collects the text of elements that match a predicate on (tag, attributes), minus permalink anchors."""

    def __init__(self, wanted: Wanted) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.found: list[str] = []
        self._depth = 0  # nesting depth inside a wanted element, 0 when outside
        self._tag = ""
        self._in_permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_permalink = tag == "a" and dict(attrs).get("class") == "headerlink"
        if self._depth:
            self._depth += tag == self._tag
        elif self.wanted(tag, dict(attrs)):
            self._tag, self._depth = tag, 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_permalink = False
        if self._depth and tag == self._tag:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and not self._in_permalink:
            self.found[-1] += data


def texts(html: str, wanted: Wanted) -> list[str]:
    parser = TextOf(wanted)
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.found]


def is_essay_paragraph(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag == "p" and "essay" in (attrs.get("class") or "").split()


def normalise(text: str) -> str:
    return " ".join(text.split())


def test_every_nav_page_is_built(site_dir: Path) -> None:
    pages = nav_pages()
    assert len(pages) >= 5, pages
    missing = [url for url in pages if not built_page(site_dir, url).is_file()]
    assert missing == []


def test_essay_has_a_cover_and_at_least_three_chapters() -> None:
    pages = nav_pages()
    assert pages[0] == ""
    assert len([url for url in pages if url.startswith("chapters/")]) >= 3


def test_essay_text_is_verbatim_complete_and_in_order(site_dir: Path) -> None:
    title, *paragraphs = essay_paragraphs()
    pages = [built_page(site_dir, url).read_text(encoding="utf-8") for url in nav_pages()]
    assert texts(pages[0], lambda tag, attrs: tag == "h1") == [title]
    in_site = [text for html in pages for text in texts(html, is_essay_paragraph)]
    assert in_site == [normalise(p) for p in paragraphs]


def test_each_essay_paragraph_appears_exactly_once(site_dir: Path) -> None:
    every_paragraph = [
        text
        for url in nav_pages()
        for text in texts(built_page(site_dir, url).read_text(encoding="utf-8"), lambda tag, attrs: tag == "p")
    ]
    for paragraph in essay_paragraphs()[1:]:
        assert every_paragraph.count(normalise(paragraph)) == 1, paragraph


def test_cover_states_the_reading_time_of_the_essay(site_dir: Path) -> None:
    words = sum(len(p.split()) for p in essay_paragraphs())
    minutes = math.ceil(words / WORDS_PER_MINUTE)
    cover = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"about {minutes} minutes? to read", cover, re.IGNORECASE), f"{words} words is about {minutes} min"


ABSOLUTE_URL = re.compile(r"""(?:src|href|action|srcset|poster|data|content|xlink:href)\s*=\s*["']\s*((?:https?:)?//[^"'\s]+)""", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""", re.I)


def foreign_urls(text: str, pattern: re.Pattern[str], own_origin: str) -> list[str]:
    return [url for url in pattern.findall(text) if f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != own_origin]


def test_no_page_or_stylesheet_references_another_origin(site_dir: Path) -> None:
    configured = load_config(str(ROOT / "mkdocs.yml")).site_url
    assert configured, "mkdocs.yml gives no site_url"
    site_url = urlsplit(configured)
    own_origin = f"{site_url.scheme}://{site_url.netloc}"
    found = {
        str(path.relative_to(site_dir)): urls
        for pattern, glob in ((ABSOLUTE_URL, "*.html"), (CSS_URL, "*.css"), (CSS_URL, "*.html"))
        for path in site_dir.rglob(glob)
        if (urls := foreign_urls(path.read_text(encoding="utf-8", errors="replace"), pattern, own_origin))
    }
    assert found == {}


@pytest.mark.parametrize("text, expected", [
    ('<link href="https://fonts.googleapis.com/css?family=Roboto">', ["https://fonts.googleapis.com/css?family=Roboto"]),
    ('<script src="//cdn.jsdelivr.net/pyodide/pyodide.js">', ["//cdn.jsdelivr.net/pyodide/pyodide.js"]),
    ('<a href="http://127.0.0.1:8000/about/">', []),
    ('<a href="../about/">', []),
])
def test_foreign_url_check_catches_other_origins(text: str, expected: list[str]) -> None:
    assert foreign_urls(text, ABSOLUTE_URL, "http://127.0.0.1:8000") == expected
