"""The Content-Security-Policy (essay_plugin/csp.py): its functions as tables, then the policy of every built page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme

from essay_plugin.csp import (
    content_security_policy,
    foreign_scripts,
    header_policy,
    inline_scripts,
    policed,
    script_hash,
    script_hashes,
    template_script_pattern,
    theme_script_patterns,
    widened_to_site,
    with_policy,
)
from tests.support.site import ROOT
from tests.support.csp import policy_of

# The worked example of the CSP specification.
HELLO = "alert('Hello, world.');"
HELLO_HASH = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


@pytest.mark.parametrize("html, expected", [
    ("<script>run()</script>", ["run()"]),
    ('<script type="module">import "./a.js";</script>', ['import "./a.js";']),
    ('<script type="text/javascript">run()</script>', ["run()"]),
    ('<script type=" Text/JavaScript ">run()</script>', ["run()"]),
    ('<script type="">run()</script>', ["run()"]),
    ('<script type="importmap">{"imports": {}}</script>', ['{"imports": {}}']),
    ('<script type="speculationrules">{}</script>', ["{}"]),
    # Data blocks and external scripts: the browser never runs their inline text.
    ('<script id="__config" type="application/json">{"base": "."}</script>', []),
    ('<script type="text/plain">run()</script>', []),
    ('<script src="a.js"></script>', []),
    ('<script src="a.js">ignored()</script>', []),
    # The text exactly as written: no entity decoding, markup inside is text.
    ("<script>a &amp;&amp; b('<p>')</script>", ["a &amp;&amp; b('<p>')"]),
    ("<p>x</p><script>one()</script><p>y</p><script>two()</script>", ["one()", "two()"]),
    ("<p onclick=x()>no script element</p>", []),
])
def test_inline_scripts_are_the_ones_a_browser_runs(html: str, expected: list[str]) -> None:
    assert inline_scripts(html) == expected


@pytest.mark.parametrize("text, expected", [
    (HELLO, HELLO_HASH),
    # The HTML parser turns CRLF and CR into LF before the browser hashes the text.
    ("alert(1);\r\nalert(2);", script_hash("alert(1);\nalert(2);")),
    ("alert(1);\ralert(2);", script_hash("alert(1);\nalert(2);")),
    ("alert('é');", "'sha256-88664LLI0mQwhPRC/hfz4cuMJ516H/Elp0VrQG8ZvDo='"),
])
def test_script_hash_is_the_csp_source_for_the_text(text: str, expected: str) -> None:
    assert script_hash(text) == expected


@pytest.mark.parametrize("hashes, expected", [
    (set(), "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; "
            "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"),
    ({"'sha256-B'", "'sha256-A'"},
     "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-A' 'sha256-B'; img-src 'self' data:; "
     "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"),
])
def test_content_security_policy_lists_hashes_in_order(hashes: set[str], expected: str) -> None:
    assert content_security_policy(hashes) == expected


def test_the_header_policy_is_the_meta_policy_refusing_every_frame() -> None:
    assert header_policy({"'sha256-A'"}) == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-A'; img-src 'self' data:; "
        "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


# Only the theme's own inline scripts are allowed.

SCOPE_SCRIPT = '__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location),__md_get=e=>e'


@pytest.mark.parametrize("template_script, rendered, allowed", [
    (SCOPE_SCRIPT, '__md_scope=new URL("../..",location),__md_get=e=>e', True),
    (SCOPE_SCRIPT, '__md_scope=new URL("/",location),__md_get=e=>e', True),
    (SCOPE_SCRIPT, '__md_scope=new URL("",location),__md_get=e=>e', True),
    # A value may not leave its string literal, and the rest is the template's exact text.
    (SCOPE_SCRIPT, '__md_scope=new URL("",alert(1),"",location),__md_get=e=>e', False),
    (SCOPE_SCRIPT, '__md_scope=new URL("\\",location),__md_get=e=>e', False),
    (SCOPE_SCRIPT, '__md_scope=new URL("..",location),__md_get=e=>e;alert(1)', False),
    (SCOPE_SCRIPT, 'alert(1);__md_scope=new URL("..",location),__md_get=e=>e', False),
    ("run(1+1)", "run(1+1)", True),
    ("run(1+1)", "run(11)", False),
    ("\n  (() => 1)();\n", "\n  (() => 1)();\n", True),
])
def test_a_theme_script_allows_exactly_what_its_template_renders(template_script: str, rendered: str, allowed: bool) -> None:
    assert bool(template_script_pattern(template_script).fullmatch(rendered)) is allowed


def test_a_theme_script_with_template_statements_is_refused() -> None:
    with pytest.raises(ValueError, match="template statements"):
        template_script_pattern("{% if x %}run(){% endif %}")


@pytest.fixture(scope="module")
def theme_scripts() -> list[re.Pattern[str]]:
    return theme_script_patterns(Theme(name="material", custom_dir=str(ROOT / "overrides")).get_env())


def test_every_inline_script_of_the_built_site_is_the_themes(site_dir: Path, theme_scripts: list[re.Pattern[str]]) -> None:
    pages = built_html_pages(site_dir)
    assert {str(path): foreign_scripts(path.read_text(encoding="utf-8"), theme_scripts) for path in pages} == \
        dict.fromkeys(map(str, pages), [])


@pytest.mark.parametrize("script", [
    "<script>alert(1)</script>",
    '<script type="module">import "./x.js"</script>',
    # Material's own helper with one more statement is not Material's.
    '<script>__md_scope=new URL(".",location);alert(1)</script>',
])
def test_a_script_written_into_a_page_fails_the_build(script: str, theme_scripts: list[re.Pattern[str]]) -> None:
    html = f"<html><head></head><body><p>Text</p>{script}</body></html>"
    with pytest.raises(PluginError, match=r"chapters/page\.md has an inline <script> that is not the theme's"):
        policed(html, "chapters/page.md", theme_scripts)
    # Data blocks never run: they are not scripts to refuse.
    data_block = '<script type="application/json">{"a": 1}</script>'
    assert "Content-Security-Policy" in policed(html.replace(script, data_block), "chapters/page.md", theme_scripts)


def test_the_theme_scripts_are_looked_up_and_checked(tmp_path: Path) -> None:
    """A theme update that drops one of the listed scripts fails the build instead of allowing nothing."""
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "palette.html").write_text("<div>no script</div>")
    env = Theme(name="material", custom_dir=str(tmp_path)).get_env()
    with pytest.raises(PluginError, match="partials/palette.html has no inline script"):
        theme_script_patterns(env)


META = '<meta http-equiv="Content-Security-Policy" content="P">'


@pytest.mark.parametrize("html, expected", [
    ('<html><head><meta charset="utf-8"></head>', f'<html><head>{META}<meta charset="utf-8"></head>'),
    ("<HTML><HEAD>\n<title>t</title></HEAD>", f"<HTML><HEAD>{META}\n<title>t</title></HEAD>"),
    ('<head data-x="1"><header></header>', f'<head data-x="1">{META}<header></header>'),
    # A second run replaces the policy instead of adding one.
    ('<head><meta http-equiv="Content-Security-Policy" content="old"><title>t</title>',
     f"<head>{META}<title>t</title>"),
])
def test_with_policy_puts_the_policy_first_in_head(html: str, expected: str) -> None:
    assert with_policy(html, "P") == expected


def test_with_policy_refuses_a_page_without_head() -> None:
    with pytest.raises(ValueError, match="no <head>"):
        with_policy("<header><script>x()</script></header>", "P")


def page_with(*scripts: str) -> str:
    return with_policy("<head></head>" + "".join(f"<script>{s}</script>" for s in scripts), "own")


@pytest.mark.parametrize("pages, widened", [
    ({"a": page_with(HELLO), "b": page_with(HELLO)}, {}),
    ({"a": page_with(HELLO), "b": page_with(HELLO, "only_b()")}, {"a": {HELLO_HASH, script_hash("only_b()")}}),
    ({"a": page_with("only_a()"), "b": page_with("only_b()")},
     dict.fromkeys("ab", {script_hash("only_a()"), script_hash("only_b()")})),
])
def test_every_page_allows_every_pages_inline_scripts(pages: dict[str, str], widened: dict[str, set[str]]) -> None:
    """Instant navigation keeps the first page's policy while it runs the next page's inline scripts."""
    result = widened_to_site({Path(name): html for name, html in pages.items()})
    assert {str(path): policy_hashes(html) for path, html in result.items()} == widened


def policy_hashes(html: str) -> set[str]:
    return set(re.findall(r"'sha256-[^']+'", policy_of(html)))


# The built site.

def built_html_pages(site_dir: Path) -> list[Path]:
    """Every page of the site: the nav's pages and 404.html (vendored runtime files excepted)."""
    return sorted(path for path in site_dir.rglob("*.html") if "assets" not in path.relative_to(site_dir).parts)


def test_every_built_page_starts_its_head_with_the_policy(site_dir: Path) -> None:
    pages = built_html_pages(site_dir)
    assert site_dir / "404.html" in pages and site_dir / "index.html" in pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert re.search(r"<head>\s*<meta http-equiv=\"Content-Security-Policy\"", html), path


def test_every_built_page_allows_exactly_the_sites_inline_scripts(site_dir: Path) -> None:
    pages = {path: path.read_text(encoding="utf-8") for path in built_html_pages(site_dir)}
    site_hashes = set().union(*map(script_hashes, pages.values()))
    assert site_hashes, "Material writes inline scripts; the policy must allow them"
    assert {path: policy_hashes(html) for path, html in pages.items()} == dict.fromkeys(pages, site_hashes)


def test_built_policy_allows_no_eval_and_nothing_inline_but_hashed_scripts(site_dir: Path) -> None:
    policy = policy_of((site_dir / "index.html").read_text(encoding="utf-8"))
    assert "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in policy
    assert "'wasm-unsafe-eval'" in next(d for d in policy.split(";") if d.split()[0] == "script-src")


def test_built_pages_declare_their_charset_in_the_first_1024_bytes(site_dir: Path) -> None:
    """The policy goes first in <head>; the charset declaration must still come early enough to count."""
    for path in built_html_pages(site_dir):
        assert b'<meta charset="utf-8">' in path.read_bytes()[:1024], path


def test_built_pages_have_no_inline_event_handlers(site_dir: Path) -> None:
    """The policy blocks handler attributes such as onclick=; none may be relied on."""
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
    found = {str(path): handler.findall(text) for path in built_html_pages(site_dir)
             if handler.search(text := path.read_text(encoding="utf-8"))}
    assert found == {}
