"""The test and benchmark host behaves like a real static host: sub-path, gzip, cache headers, 404."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools.static_host import IMMUTABLE, REVALIDATE, StaticHost


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("site")
    files = {
        "index.html": "<h1>cover</h1>",
        "404.html": "<h1>not here</h1>",
        "about/index.html": "<h1>about</h1>",
        "assets/bundle.0123abcd.min.js": "console.log(1)",
        "assets/engine/pyodide-0.29.5.c71e66fa6a/pyodide.asm.wasm": "\0asm",
        "assets/engine/manifest.json": "{}",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    with StaticHost(root, "/essay/") as served:
        yield served


def fetch(url: str, gzip_ok: bool = False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        return urllib.request.urlopen(request)
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
    ("../../etc/passwd", 404, REVALIDATE, "<h1>not here</h1>"),
])
def test_serves_under_the_sub_path_with_cache_headers(host: StaticHost, path: str, status: int, cache: str, body: str) -> None:
    response = fetch(host.url + path)
    assert (response.status, response.headers["Cache-Control"], response.read().decode()) == (status, cache, body)


def test_outside_the_sub_path_is_not_found(host: StaticHost) -> None:
    assert fetch(host.url.replace("/essay/", "/about/")).status == 404


@pytest.mark.parametrize("path, content_type", [
    ("", "text/html; charset=utf-8"),
    ("assets/engine/pyodide-0.29.5.c71e66fa6a/pyodide.asm.wasm", "application/wasm"),
])
def test_compresses_text_and_wasm_when_accepted(host: StaticHost, path: str, content_type: str) -> None:
    response = fetch(host.url + path, gzip_ok=True)
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.read())
