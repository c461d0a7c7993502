"""A Content-Security-Policy for every page, as a <meta> tag computed from the page's final HTML.

Scripts run only from this site's own files, plus the inline scripts the theme writes, each allowed by the
SHA-256 of its exact text. Hashing the final HTML keeps the policy right when the theme changes. Only the
theme's own inline scripts are hashed: those of the templates in THEME_SCRIPT_TEMPLATES. Any other inline
script (one written into a Markdown page, say) fails the build, so no page content can grant itself a hash. Instant
navigation keeps the policy of the first page loaded while it swaps in other pages and re-runs their inline
scripts, so after the build every page allows the inline scripts of every page.

Data blocks (`<script type="application/json">` and any other non-script type) are never run, so they need
no hash; `src` scripts ignore their inline text and are covered by 'self'.

`mkdocs serve` injects a live-reload script whose text changes on every request, so no hash could allow it:
the dev server goes without the policy; the build, the tests and the benchmarks have it.

The same policy, plus what only a header can carry (frame-ancestors), goes into the `_headers` file that
headers.py writes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment
from mkdocs.exceptions import PluginError

# The script types a browser runs (HTML's JavaScript MIME types, modules, import maps, speculation rules);
# anything else is a data block. An absent or empty type means classic JavaScript.
JAVASCRIPT_MIME_TYPES = frozenset({
    "application/ecmascript", "application/javascript", "application/x-ecmascript", "application/x-javascript",
    "text/ecmascript", "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
})
EXECUTED_SCRIPT_TYPES = JAVASCRIPT_MIME_TYPES | {"", "module", "importmap", "speculationrules"}

# Directives that would say default-src 'self' again are left out: styles, fonts and fetches come only from
# this site, and no inline style is allowed (Material sets styles through CSSOM, which CSP does not govern).
# Material's stylesheets draw icons from data: URIs (img-src). frame-ancestors, report-uri and sandbox are
# ignored in a <meta> policy, with a console error, so they are not here. No page has a <base>, and every
# form is answered in the page (method="dialog"), so neither may point anywhere.
POLICY_TEMPLATE = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'{hashes}; "
    "img-src 'self' data:; "
    "worker-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'none'"
)
# Only a policy sent as a header can refuse framing (a <meta> policy ignores it).
HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'"

# The templates, Material's and our overrides', whose inline scripts the policy allows: the storage helpers,
# the saved colour scheme, the linked content tab, our palette radios, our main.html's guards. Looked up through
# the theme, so an override's script replaces Material's.
THEME_SCRIPT_TEMPLATES = (
    "partials/javascripts/base.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/content.html",
    "partials/palette.html",
    "main.html",
)
# What a template's {{ expression }} inside a script may render to: a value within a string literal (the
# base URL, say), never a quote, backslash or markup that could end the literal or the script.
TEMPLATE_VALUE = r"[^\"'\\<>\n]*"
TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)

POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
HEAD_START = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.texts: list[str] = []
        self._collecting = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").strip().lower()
        self._collecting = "src" not in attributes and script_type in EXECUTED_SCRIPT_TYPES
        if self._collecting:
            self.texts.append("")

    def handle_data(self, data: str) -> None:
        if self._collecting:
            self.texts[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._collecting = False


def inline_scripts(html: str) -> list[str]:
    """The text of each inline script in `html` that a browser runs, in document order."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.texts


def script_hash(text: str) -> str:
    """The CSP source allowing an inline script, over its text as the browser sees it (newlines normalised)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def script_hashes(html: str) -> set[str]:
    return {script_hash(text) for text in inline_scripts(html)}


def site_hashes(pages: Iterable[str]) -> set[str]:
    """The hashes of every inline script of every page in `pages` (their HTML)."""
    return set().union(*map(script_hashes, pages))


def content_security_policy(hashes: set[str]) -> str:
    return POLICY_TEMPLATE.format(hashes="".join(f" {source}" for source in sorted(hashes)))


def header_policy(hashes: set[str]) -> str:
    """The policy as an HTTP header sends it: the <meta> policy and what only a header can carry."""
    return f"{content_security_policy(hashes)}; {HEADER_ONLY_DIRECTIVES}"


def template_script_pattern(script: str) -> re.Pattern[str]:
    """The texts a template's inline script `script` renders to, its {{ expressions }} standing for values."""
    if "{%" in script or "{#" in script:
        raise ValueError(f"a theme script with template statements cannot be checked: {script[:80]!r}")
    return re.compile(TEMPLATE_VALUE.join(map(re.escape, TEMPLATE_EXPRESSION.split(script))))


def theme_script_patterns(env: Environment) -> list[re.Pattern[str]]:
    """What each inline script of THEME_SCRIPT_TEMPLATES, as `env` finds them, may render to."""
    assert env.loader is not None
    patterns: list[re.Pattern[str]] = []
    for name in THEME_SCRIPT_TEMPLATES:
        scripts = inline_scripts(env.loader.get_source(env, name)[0])
        if not scripts:
            raise PluginError(f"the theme's {name} has no inline script any more: update THEME_SCRIPT_TEMPLATES")
        patterns += map(template_script_pattern, scripts)
    return patterns


def foreign_scripts(html: str, theme_scripts: list[re.Pattern[str]]) -> list[str]:
    """The inline scripts of `html` that are none of the theme's."""
    return [text for text in inline_scripts(html) if not any(p.fullmatch(text) for p in theme_scripts)]


def with_policy(html: str, policy: str) -> str:
    """`html` with `policy` as the first element of its <head>, replacing a policy put there before."""
    html = POLICY_META.sub("", html, count=1)
    head = HEAD_START.search(html)
    if head is None:
        raise ValueError("page has no <head> to put its Content-Security-Policy in")
    # The policy is built from fixed keywords and base64 hashes: nothing in it needs escaping.
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[:head.end()] + meta + html[head.end():]


def with_own_policy(html: str) -> str:
    """`html` with a policy that allows exactly its own inline scripts."""
    return with_policy(html, content_security_policy(script_hashes(html)))


def widened_to_site(pages: dict[Path, str]) -> dict[Path, str]:
    """The pages, among `pages` (path → HTML), that must allow other pages' inline scripts, with that policy."""
    hashes = site_hashes(pages.values())
    policy = content_security_policy(hashes)
    return {path: with_policy(html, policy) for path, html in pages.items() if script_hashes(html) != hashes}


def policed_pages(site_dir: Path) -> dict[Path, str]:
    """The built pages (path → HTML) given a policy here: other HTML files (vendored ones, say) are left
    as they are."""
    return {
        path: html
        for path in site_dir.rglob("*.html")
        if POLICY_META.search(html := path.read_text(encoding="utf-8"))
    }


def policed(html: str, source: str, theme_scripts: list[re.Pattern[str]]) -> str:
    """`html` (from `source`, for the error message) with its own policy, if all its inline scripts are the
    theme's (`theme_scripts`, from theme_script_patterns)."""
    foreign = foreign_scripts(html, theme_scripts)
    if foreign:
        raise PluginError(
            f"{source} has an inline <script> that is not the theme's ({foreign[0][:60]!r}): the "
            "Content-Security-Policy would not let it run. Put scripts in docs/assets/js/ and list them in "
            "mkdocs.yml's extra_javascript."
        )
    return with_own_policy(html)


def widen_built_pages(site_dir: Path) -> None:
    """After the build: every policed page allows the inline scripts of every page (see the module's docstring)."""
    for path, html in widened_to_site(policed_pages(site_dir)).items():
        path.write_text(html, encoding="utf-8")
