"""The test and benchmark host behaves like a real static host: the site's `_headers`, sub-path, gzip,
validators and 304s, 404."""

from __future__ import annotations

import gzip
from http.client import HTTPResponse
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.static_host import HeaderRule, StaticHost, headers_for, parse_headers_file

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"

FILES = {
    "index.html": "<h1>cover</h1>",
    "404.html": "<h1>not here</h1>",
    "about/index.html": "<h1>about</h1>",
    "assets/bundle.0123abcd.min.js": "console.log(1)",
    "assets/engine/pyodide-0.29.5.c71e66fa6a/pyodide.asm.wasm": "\0asm",
    "assets/engine/manifest.json": "{}",
    # Written by hand as essay_plugin/headers.py writes it; no rule sets the host's own Cache-Control default.
    "_headers": """# a comment
/*
  X-Content-Type-Options: nosniff

/about/*
  # a comment among the headers
  X-Frame-Options: DENY

/assets/bundle.0123abcd.min.js
  Cache-Control: public, max-age=31536000, immutable

/assets/engine/pyodide-0.29.5.c71e66fa6a/*
  Cache-Control: public, max-age=31536000, immutable

/assets/engine/pyodide-0.29.5.c71e66fa6a/pyodide.asm.wasm
  Content-Type: application/wasm
""",
}


# A zip with .br and .gz files beside it, as a build for a precompressing host would write: a zip is on no CDN's
# list, so it goes as it is, whatever the client accepts; and the files beside it are files like any other.
ZIP = "assets/engine/pyodide-0.29.5.c71e66fa6a/python_stdlib.zip"
ORIGINAL = b"PK\x03\x04 stored entries " * 40
BESIDE = {".br": b"\x1b brotli bytes", ".gz": gzip.compress(ORIGINAL, mtime=1)}


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticHost]:
    root = tmp_path_factory.mktemp("site")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ZIP).write_bytes(ORIGINAL)
    for suffix, content in BESIDE.items():
        (root / (ZIP + suffix)).write_bytes(content)
    with StaticHost(root, "/essay/") as served:
        yield served


def fetch(url: str, gzip_ok: bool = False, headers: dict[str, str] | None = None) -> HTTPResponse | urllib.error.HTTPError:
    request = urllib.request.Request(url, headers={**(headers or {}), **({"Accept-Encoding": "gzip"} if gzip_ok else {})})
    try:
        response: HTTPResponse = urllib.request.urlopen(request)
        return response
    except urllib.error.HTTPError as error:
        return error


@pytest.mark.parametrize("path, status, cache, body", [
    ("", 200, REVALIDATE, "<h1>cover</h1>"),
    ("about/", 200, REVALIDATE, "<h1>about</h1>"),
    ("about", 200, REVALIDATE, "<h1>about</h1>"),  # redirected to about/
    ("assets/bundle.0123abcd.min.js", 200, IMMUTABLE, "console.log(1)"),
    ("assets/engine/pyodide-0.29.5.c71e66fa6a/pyodide.asm.wasm", 200, IMMUTABLE, "\0asm"),
    ("assets/engine/manifest.json", 200, REVALIDATE, "{}"),
    ("nowhere/", 404, REVALIDATE, "<h1>not here</h1>"),
    # An error is never cached for long, whatever the rules of its path: a file not deployed yet must be
    # fetched again once it is.
    ("assets/engine/pyodide-0.29.5.c71e66fa6a/not-yet.js", 404, REVALIDATE, "<h1>not here</h1>"),
    ("../../etc/passwd", 404, REVALIDATE, "<h1>not here</h1>"),
    # Hosts read the rules file and never serve it.
    ("_headers", 404, REVALIDATE, "<h1>not here</h1>"),
])
def test_serves_under_the_sub_path_with_cache_headers(host: StaticHost, path: str, status: int, cache: str, body: str) -> None:
    response = fetch(host.url + path)
    assert (response.status, response.headers["Cache-Control"], response.read().decode()) == (status, cache, body)


def test_can_apply_the_rules_to_errors_as_netlify_and_cloudflare_pages_do(host: StaticHost) -> None:
    with StaticHost(host.root, "/essay/", rules_cover_errors=True) as careless:
        response = fetch(careless.url + "assets/engine/pyodide-0.29.5.c71e66fa6a/not-yet.js")
    assert (response.status, response.headers["Cache-Control"]) == (404, IMMUTABLE)


def test_outside_the_sub_path_is_not_found(host: StaticHost) -> None:
    assert fetch(host.url.replace("/essay/", "/about/")).status == 404


@pytest.mark.parametrize("path, expected", [
    ("", {"X-Content-Type-Options": "nosniff", "X-Frame-Options": None, "Content-Type": "text/html; charset=utf-8"}),
    ("about/", {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}),
    # A missing page gets the rules of the path asked for.
    ("about/gone", {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}),
    # The rule's type replaces the host's guess (which, for .wasm, is the same).
    ("assets/engine/pyodide-0.29.5.c71e66fa6a/pyodide.asm.wasm", {"Content-Type": "application/wasm"}),
])
def test_applies_the_sites_headers_file_under_the_sub_path(host: StaticHost, path: str, expected: dict[str, str | None]) -> None:
    headers = fetch(host.url + path).headers
    assert {name: headers[name] for name in expected} == expected


@pytest.mark.parametrize("path, content_type", [
    ("", "text/html; charset=utf-8"),
    ("assets/engine/pyodide-0.29.5.c71e66fa6a/pyodide.asm.wasm", "application/wasm"),
])
def test_compresses_text_and_wasm_when_accepted(host: StaticHost, path: str, content_type: str) -> None:
    response = fetch(host.url + path, gzip_ok=True)
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Encoding"] == "gzip"
    file = "index.html" if path == "" else path
    assert gzip.decompress(response.read()).decode() == FILES[file]


@pytest.mark.parametrize("accept_encoding", ["gzip, deflate, br, zstd", "br", "gzip", ""])  # the first is Chromium's
def test_never_serves_a_file_beside_the_one_asked_for(host: StaticHost, accept_encoding: str) -> None:
    response = fetch(host.url + ZIP, headers={"Accept-Encoding": accept_encoding})
    assert (response.status, response.headers["Content-Encoding"], response.headers["Content-Type"]) == (200, None, "application/zip")
    assert response.read() == ORIGINAL


@pytest.mark.parametrize(("suffix", "content_type"), [(".br", "application/octet-stream"), (".gz", "application/gzip")])
def test_a_compressed_file_is_sent_as_the_bytes_it_holds(host: StaticHost, suffix: str, content_type: str) -> None:
    """As GitHub Pages, Netlify and Cloudflare Pages do: no Content-Encoding, so the browser hands over the bytes."""
    response = fetch(host.url + ZIP + suffix, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert (response.headers["Content-Encoding"], response.headers["Content-Type"]) == (None, content_type)
    assert response.read() == BESIDE[suffix]


@pytest.mark.parametrize("gzip_ok", [False, True])
def test_an_unchanged_file_is_not_modified(host: StaticHost, gzip_ok: bool) -> None:
    first = fetch(host.url + "about/", gzip_ok)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith(" GMT")
    for conditions in ({"If-None-Match": etag}, {"If-None-Match": f'"other", W/{etag}'},
                       {"If-Modified-Since": last_modified}):
        again = fetch(host.url + "about/", gzip_ok, conditions)
        assert (again.status, again.read(), again.headers["ETag"]) == (304, b"", etag), conditions
        assert again.headers["Cache-Control"] == REVALIDATE
        assert again.headers["X-Frame-Options"] == "DENY"
    # If-None-Match decides when both are sent.
    changed = fetch(host.url + "about/", gzip_ok, headers={"If-None-Match": '"other"', "If-Modified-Since": last_modified})
    assert changed.status == 200


def test_each_encoding_has_its_own_etag(host: StaticHost) -> None:
    plain, compressed = fetch(host.url + "about/"), fetch(host.url + "about/", gzip_ok=True)
    assert plain.headers["ETag"] != compressed.headers["ETag"]
    assert fetch(host.url + "about/", headers={"If-None-Match": compressed.headers["ETag"]}).status == 200


def test_a_missing_page_is_never_not_modified(host: StaticHost) -> None:
    missing = fetch(host.url + "nowhere/")
    assert fetch(host.url + "nowhere/", headers={"If-None-Match": missing.headers["ETag"]}).status == 404


def test_a_redeployed_headers_file_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("x")
    (tmp_path / "_headers").write_text("/*\n  X-Build: 1\n")
    with StaticHost(tmp_path) as served:
        assert fetch(served.url).headers["X-Build"] == "1"
        (tmp_path / "_headers").write_text("/*\n  X-Build: 2\n")
        assert fetch(served.url).headers["X-Build"] == "2"


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("# only a comment\n\n", []),
    ("/*\n  A: 1\n  B: x: y\n\n/a\n\tC:2\n", [HeaderRule("/*", (("A", "1"), ("B", "x: y"))), HeaderRule("/a", (("C", "2"),))]),
    ("/a\n  # note\n  A: 1\n", [HeaderRule("/a", (("A", "1"),))]),
])
def test_parse_headers_file(text: str, expected: list[HeaderRule]) -> None:
    assert parse_headers_file(text) == expected


@pytest.mark.parametrize("text, error", [
    ("  A: 1\n", "_headers:1: neither a path nor an indented header"),
    ("/a\nA: 1\n", "_headers:2: neither a path nor an indented header"),
    ("/a\n  no colon\n", "_headers:2: neither a path nor an indented header"),
    ("/a\n  Bad Name: 1\n", "_headers:2: neither a path nor an indented header"),
    ("/*/x/*\n  A: 1\n", "_headers:1: more than one \\* in"),
    ("https://example.org/*\n  A: 1\n", "_headers:1: neither a path nor an indented header"),
])
def test_parse_headers_file_refuses_what_hosts_would_not_read(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_headers_file(text)


RULES = parse_headers_file("""
/*
  A: all
/assets/*
  B: assets
/assets/app.js
  A: app
/:page/
  C: page
/docs/*.html
  D: html
""")


@pytest.mark.parametrize("path, expected", [
    ("/", {"a": "all"}),
    ("/assets/", {"a": "all", "b": "assets", "c": "page"}),
    ("/assets/deep/er/x.js", {"a": "all", "b": "assets"}),
    # Two rules with one header: both values, joined as Cloudflare Pages joins them.
    ("/assets/app.js", {"a": "all, app", "b": "assets"}),
    ("/assets/app.jsx", {"a": "all", "b": "assets"}),
    ("/about/", {"a": "all", "c": "page"}),
    ("/about/more/", {"a": "all"}),
    ("/docs/a/b.html", {"a": "all", "d": "html"}),
    ("/docs/a/b.htm", {"a": "all"}),
])
def test_headers_for_a_path_come_from_every_matching_rule(path: str, expected: dict[str, str]) -> None:
    assert headers_for(RULES, path) == expected
