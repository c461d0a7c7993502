"""No unrendered markup: the text a reader sees on any built page holds no Markdown or attribute-list syntax,
no HTML comment and no entity escaped twice. Code blocks are exempt: there, syntax is the point."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Elements whose text the reader does not see as prose: code, scripts, styles, inert templates.
NOT_PROSE = {"code", "pre", "script", "style", "template", "kbd", "samp"}
# Attributes whose text the reader sees or hears.
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
# HTML elements that never have an end tag, so never change the depth inside NOT_PROSE.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

LEAKS = {
    "attribute list": re.compile(r"\{:[^}]*\}|\{\s*[.#][\w-][^}]*\}"),
    "Markdown link": re.compile(r"\]\([^)\s]*\)"),
    "Markdown bold": re.compile(r"\*\*\S[^*]*\*\*"),
    "HTML comment": re.compile(r"<!--.*?-->", re.S),
    "escaped entity": re.compile(r"&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);", re.I),
}


class ReaderText(HTMLParser):
    """The text of a page's <title> and <body> outside code, one string per text node or read attribute.
    Character references are decoded once, as the browser does, so an entity escaped twice stays visible."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipped_depth = 0  # how deep inside a NOT_PROSE element the parser is; 0 when outside
        self._in_reader_part = False  # inside <title> or <body>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "body"):
            self._in_reader_part = True
        if tag in NOT_PROSE or self._skipped_depth:
            self._skipped_depth += tag not in VOID
            return
        if self._in_reader_part:
            self.texts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if self._skipped_depth:
            self._skipped_depth -= tag not in VOID
        if tag == "title":
            self._in_reader_part = False

    def handle_data(self, data: str) -> None:
        if self._in_reader_part and not self._skipped_depth and data.strip():
            self.texts.append(data)


def leaks(html: str) -> list[str]:
    """Each piece of unrendered markup in the reader's text, as "<kind>: <the text around it>"."""
    parser = ReaderText()
    parser.feed(html)
    return [
        f"{kind}: {' '.join(text.split())[:120]}"
        for text in parser.texts
        for kind, pattern in LEAKS.items()
        if pattern.search(text)
    ]


def built_pages(site: Path) -> list[Path]:
    """Every HTML page a reader can reach: the nav's pages and the 404 page (the theme's assets hold none)."""
    return sorted(path for path in site.rglob("*.html") if "assets" not in path.relative_to(site).parts)


def test_every_page_is_checked(site_dir: Path) -> None:
    pages = {path.relative_to(site_dir).as_posix() for path in built_pages(site_dir)}
    assert {"index.html", "404.html", "about/index.html", "chapters/the-boss-youve-had/index.html"} <= pages


def test_no_page_shows_unrendered_markup(site_dir: Path) -> None:
    found = {
        path.relative_to(site_dir).as_posix(): page_leaks
        for path in built_pages(site_dir)
        if (page_leaks := leaks(path.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize("html, expected", [
    # The cover's bug: an attribute list on the line after a heading is a paragraph of its own.
    ("<body><h1>Title</h1><p>{: .essay-title }</p></body>", ["attribute list: {: .essay-title }"]),
    ("<body><p>Start { .md-button }</p></body>", ["attribute list: Start { .md-button }"]),
    ("<body><p>See [the passage](chapters/a.md#x).</p></body>", ["Markdown link: See [the passage](chapters/a.md#x)."]),
    ("<body><p>A **strong** word</p></body>", ["Markdown bold: A **strong** word"]),
    ("<body><p>&lt;!-- quiz: checkpoint-1 --&gt;</p></body>", ["HTML comment: <!-- quiz: checkpoint-1 -->"]),
    ("<body><p>Salt &amp;amp; pepper</p></body>", ["escaped entity: Salt &amp; pepper"]),
    ('<body><img alt="[x](y.md)" src="a.png"></body>', ["Markdown link: [x](y.md)"]),
    ("<head><title>**Why**</title></head><body></body>", ["Markdown bold: **Why**"]),
    # Rendered markup, and markup inside code, are what they should be.
    ("<body><p>Salt &amp; pepper, <strong>strong</strong>, <a href='a/'>a link</a></p><!-- a comment --></body>", []),
    ("<body><pre><code>[x](y.md) {: #a } **b** &amp;amp;</code></pre><p>after</p></body>", []),
    ("<body><p>Use <code>{: .essay }</code> here<br>then this</p></body>", []),
    ("<head><script>if (a ** 2) {}</script></head><body><p>2 * 3 * 4</p></body>", []),
])
def test_leak_check_finds_unrendered_markup(html: str, expected: list[str]) -> None:
    assert leaks(html) == expected
