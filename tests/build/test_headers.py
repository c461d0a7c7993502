"""The `_headers` file the build writes for Netlify and Cloudflare Pages: its rules as tables, then the file of
the built site, read with the same parser and matching as tools/static_host.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from essay_plugin.headers import Rule, caching_rules, headers_file
from tests.support.csp import policy_of
from tools.static_host import HeaderRule, headers_for, parse_headers_file

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"


def make_site(root: Path, files: list[str]) -> Path:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    return root


def test_caching_rules_cover_each_file_once_hashed_names_for_a_year(tmp_path: Path) -> None:
    site = make_site(tmp_path, [
        "index.html", "404.html", "sw.js", "workbox-7e792205.js",
        "about/index.html",
        "chapters/one/index.html", "chapters/two/index.html",
        "assets/js/quiz-page.js",
        "assets/engine/catalog.json",
        "assets/engine/pyodide-0.29.5.dd12ea91fd/pyodide.asm.wasm",
        "assets/engine/pyodide-0.29.5.dd12ea91fd/python_stdlib.zip",
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/javascripts/workers/search.a7633da7.min.js",
    ])
    assert caching_rules(site) == [
        ("/404.html", {"Cache-Control": REVALIDATE}),
        ("/about/*", {"Cache-Control": REVALIDATE}),
        ("/assets/engine/catalog.json", {"Cache-Control": REVALIDATE}),
        ("/assets/engine/pyodide-0.29.5.dd12ea91fd/*", {"Cache-Control": IMMUTABLE}),
        ("/assets/javascripts/bundle.a5f9d56c.min.js", {"Cache-Control": IMMUTABLE}),
        ("/assets/javascripts/lunr/*", {"Cache-Control": REVALIDATE}),
        ("/assets/javascripts/workers/search.a7633da7.min.js", {"Cache-Control": IMMUTABLE}),
        ("/assets/js/*", {"Cache-Control": REVALIDATE}),
        ("/chapters/*", {"Cache-Control": REVALIDATE}),
        ("/", {"Cache-Control": REVALIDATE}),
        ("/sw.js", {"Cache-Control": REVALIDATE}),
        # A hash after a dash is not the build's naming: revalidated, as before.
        ("/workbox-7e792205.js", {"Cache-Control": REVALIDATE}),
    ]


def test_headers_file_format() -> None:
    assert headers_file([("/*", {"A": "1", "B": "2"}), ("/x", {"C": "3"})]) == (
        "# The site's HTTP headers for Netlify and Cloudflare Pages, written by essay_plugin/headers.py on each build.\n"
        "\n/*\n  A: 1\n  B: 2\n\n/x\n  C: 3\n"
    )


@pytest.mark.parametrize("rules, error", [
    ([(f"/{n}", {"A": "1"}) for n in range(101)], "_headers: 101 rules, more than the 100 hosts read"),
    ([("/*", {"A": "x" * 2000})], "_headers: a line longer than 2000 characters"),
])
def test_headers_file_refuses_what_cloudflare_would_not_read(rules: list[Rule], error: str) -> None:
    with pytest.raises(PluginError, match=error):
        headers_file(rules)


# The built site.

@pytest.fixture(scope="module")
def site_rules(site_dir: Path) -> list[HeaderRule]:
    return parse_headers_file((site_dir / "_headers").read_text(encoding="utf-8"))


def served_path(site_dir: Path, file: Path) -> str:
    """The URL path a reader requests for `file` (a folder's URL for its index.html)."""
    return "/" + file.relative_to(site_dir).as_posix().removesuffix("index.html")


def test_every_response_has_the_pages_policy_refusing_frames_and_the_safeguards(
    site_dir: Path, site_rules: list[HeaderRule],
) -> None:
    meta_policy = policy_of((site_dir / "index.html").read_text(encoding="utf-8"))
    expected = {
        "content-security-policy": meta_policy + "; frame-ancestors 'none'",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "cross-origin-opener-policy": "same-origin",
    }
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != "_headers"):
        headers = headers_for(site_rules, served_path(site_dir, file))
        assert {name: headers.get(name) for name in expected} == expected, file
        assert re.fullmatch(r"([a-z-]+=\(\))(, [a-z-]+=\(\))*", headers["permissions-policy"]), file


def test_each_built_file_gets_one_value_of_each_header(site_dir: Path, site_rules: list[HeaderRule]) -> None:
    """Netlify keeps one rule's value where Cloudflare Pages joins them: no header may come from two rules."""
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != "_headers"):
        path = served_path(site_dir, file)
        names = [name.lower() for rule in site_rules if rule.matches(path) for name, _ in rule.headers]
        assert len(names) == len(set(names)), (path, names)
        assert "cache-control" in names, path


def built(site_dir: Path, pattern: str) -> str:
    (file,) = site_dir.glob(pattern)
    return served_path(site_dir, file)


@pytest.mark.parametrize("pattern, cache_control, content_type", [
    ("index.html", REVALIDATE, None),
    ("chapters/the-boss-youve-had/index.html", REVALIDATE, None),
    ("404.html", REVALIDATE, None),
    ("sw.js", REVALIDATE, None),
    ("assets/engine/catalog.json", REVALIDATE, None),
    ("assets/js/engine-worker.js", REVALIDATE, None),
    ("assets/engine/pyodide-*/brotli_dec_wasm_bg.wasm", IMMUTABLE, "application/wasm"),
    ("assets/engine/pyodide-*/pyodide.asm.wasm.br", IMMUTABLE, None),
    ("assets/engine/pyodide-*/python_stdlib.zip.br", IMMUTABLE, None),
    ("assets/javascripts/bundle.*.min.js", IMMUTABLE, None),
    ("assets/javascripts/workers/search.*.min.js", IMMUTABLE, None),
    ("assets/stylesheets/main.*.min.css", IMMUTABLE, None),
])
def test_hashed_files_are_cached_for_a_year_and_the_rest_revalidated(
    site_dir: Path, site_rules: list[HeaderRule], pattern: str, cache_control: str, content_type: str | None,
) -> None:
    headers = headers_for(site_rules, built(site_dir, pattern))
    assert (headers["cache-control"], headers.get("content-type")) == (cache_control, content_type)
