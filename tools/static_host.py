"""Serve a built site the way a real static host does, for tests and benchmarks.

Python's `http.server` sends everything uncompressed, uncached and without the site's headers, which no
production host does; measuring or testing against it would mislead. This host:
- applies the site's `_headers` file as Netlify and Cloudflare Pages do (essay_plugin/headers.py writes it): every
  rule whose path matches adds its headers, and they override the host's own; the file itself is not served,
- sends ETag and Last-Modified and answers a conditional request for an unchanged file with 304,
- serves the site under an optional sub-path (a project page at /essay/, say; `_headers` paths are the site's),
- compresses with gzip, when the client accepts it, the types a CDN compresses (Cloudflare's documented list has
  text, JavaScript, JSON, XML, SVG, web manifests and `application/wasm`, not `application/octet-stream`), and
  never serves a site's own .br/.gz files in place of the file asked for (no mainstream static host does),
- answers a missing page with the site's own 404.html, revalidated whatever the rules of its path say.

Netlify and Cloudflare Pages match `_headers` rules by the path asked for, so a missing file under a rule with a
year's caching is answered 404 with that caching, and a browser keeps the error for a year (Netlify's support
forum, "Set headers depending on http status"; Cloudflare Pages' docs apply the rules to "static asset responses"
by URL pattern, and its community's "File-based headers" request shows a missing path gets them). This host
never caches an error like that; `rules_cover_errors=True` makes it behave as they do, for the tests that check
the engine gets past such an error.

Run it by hand: `python -m tools.static_host site --port 8001 --prefix /essay/`.
"""

from __future__ import annotations

import argparse
import email.message
import email.utils
import gzip
import hashlib
import mimetypes
import re
import socket
import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|wasm|xml|manifest\+json)|image/svg)")
HEADERS_FILE = "_headers"
# What Netlify and Cloudflare Pages send when no `_headers` rule sets a Cache-Control.
DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@dataclass(frozen=True)
class HeaderRule:
    """One block of a `_headers` file: a URL path pattern and the headers of the paths it matches."""

    path: str
    headers: tuple[tuple[str, str], ...]

    def matches(self, url_path: str) -> bool:
        return bool(_path_pattern(self.path).fullmatch(url_path))


@lru_cache(maxsize=256)
def _path_pattern(path: str) -> re.Pattern[str]:
    # Cloudflare Pages' syntax, which Netlify's also reads: `*` (one per path) matches anything, `/` included;
    # `:name` matches one path segment.
    return re.compile("".join(
        ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
        for part in re.split(r"(\*|:\w+)", path)
    ))


def parse_headers_file(text: str) -> list[HeaderRule]:
    """The rules of a `_headers` file; a line neither host would read is an error (ValueError)."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        if line.startswith("/"):
            if line.count("*") > 1:
                raise ValueError(f"{HEADERS_FILE}:{number}: more than one * in {line!r}")
            rules.append((line.strip(), []))
            continue
        name, colon, value = line.strip().partition(":")
        if not (line[0].isspace() and rules and colon and re.fullmatch(r"[A-Za-z0-9-]+", name)):
            raise ValueError(f"{HEADERS_FILE}:{number}: neither a path nor an indented header: {line!r}")
        rules[-1][1].append((name, value.strip()))
    return [HeaderRule(path, tuple(headers)) for path, headers in rules]


def headers_for(rules: list[HeaderRule], url_path: str) -> dict[str, str]:
    """The headers `rules` give `url_path`, by lower-case name; a header set by two rules has both values, as
    Cloudflare Pages joins them."""
    found: dict[str, str] = {}
    for rule in rules:
        if rule.matches(url_path):
            for name, value in rule.headers:
                found[name.lower()] = f"{found[name.lower()]}, {value}" if name.lower() in found else value
    return found


@lru_cache(maxsize=8)
def _site_rules(headers_file: Path, mtime_ns: int) -> list[HeaderRule]:
    return parse_headers_file(headers_file.read_text(encoding="utf-8"))


def site_rules(root: Path) -> list[HeaderRule]:
    """The rules of the `_headers` file in `root` as it is now (a test may deploy another build), or none."""
    headers_file = root / HEADERS_FILE
    return _site_rules(headers_file, headers_file.stat().st_mtime_ns) if headers_file.is_file() else []


@lru_cache(maxsize=512)
def _body(path: Path, mtime_ns: int, compressed: bool) -> tuple[bytes, str]:
    """The bytes sent for `path` and their ETag (each encoding is its own representation)."""
    content = path.read_bytes()
    body = gzip.compress(content, compresslevel=9, mtime=0) if compressed else content
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def is_unchanged(request: email.message.Message, etag: str, mtime: int) -> bool:
    """Whether `request` already holds this representation: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if_modified_since = request.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        return mtime <= email.utils.parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError):
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:
        # A browser cancelling a download (Lighthouse and Playwright do) breaks the pipe: not our fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class StaticHost:
    root: Path
    prefix: str = "/"
    host: str = "127.0.0.1"
    port: int = 0
    rules_cover_errors: bool = False
    _server: _Server | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The site's base URL, ending in a slash."""
        assert self._server is not None, "start() the host first"
        return f"http://{self.host}:{self._server.server_address[1]}{self.prefix}"

    def start(self) -> "StaticHost":
        self.prefix = "/" + self.prefix.strip("/") + "/" if self.prefix.strip("/") else "/"
        self._server = _Server((self.host, self.port), _handler_for(self.root.resolve(), self.prefix, self.rules_cover_errors))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> "StaticHost":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler_for(root: Path, prefix: str, rules_cover_errors: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet: tests read failures, not logs
            pass

        def do_HEAD(self) -> None:
            self._serve(send_body=False)

        def do_GET(self) -> None:
            self._serve(send_body=True)

        def _serve(self, send_body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            site_path = "/" + path[len(prefix):] if path.startswith(prefix) else path  # what `_headers` matches
            not_found = (root / "404.html", HTTPStatus.NOT_FOUND, site_path, send_body)
            if not path.startswith(prefix):
                if path + "/" == prefix:
                    return self._redirect(prefix)
                return self._send_file(*not_found)
            target = (root / path[len(prefix):]).resolve()
            if (root not in target.parents and target != root) or target == root / HEADERS_FILE:
                return self._send_file(*not_found)
            if target.is_dir():
                if not path.endswith("/"):
                    return self._redirect(path + "/")
                target = target / "index.html"
            if not target.is_file():
                return self._send_file(*not_found)
            self._send_file(target, HTTPStatus.OK, site_path, send_body)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send_file(self, file: Path, status: HTTPStatus, site_path: str, send_body: bool) -> None:
            headers = {"cache-control": DEFAULT_CACHE_CONTROL, "content-type": _content_type(file)}
            headers |= headers_for(site_rules(root), site_path)
            if status != HTTPStatus.OK and not rules_cover_errors:
                headers["cache-control"] = DEFAULT_CACHE_CONTROL
            accepted = self.headers.get("Accept-Encoding", "")
            compress = bool(COMPRESSIBLE.match(headers["content-type"])) and "gzip" in accepted
            stat = file.stat()
            body, etag = _body(file, stat.st_mtime_ns, compress)
            headers |= {"etag": etag, "last-modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
                        "vary": "Accept-Encoding"}
            if compress:
                headers["content-encoding"] = "gzip"
            if status == HTTPStatus.OK and is_unchanged(self.headers, etag, int(stat.st_mtime)):
                status, send_body = HTTPStatus.NOT_MODIFIED, False
                del headers["content-type"]
                headers.pop("content-encoding", None)
            else:
                headers["content-length"] = str(len(body))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header("ETag" if name == "etag" else name.title(), value)
            self.end_headers()
            if send_body:
                self.wfile.write(body)

    return Handler


def _content_type(file: Path) -> str:
    content_type, encoding = mimetypes.guess_type(file.name)
    if encoding:  # sitemap.xml.gz is a gzip file, not XML to be sent compressed; pyodide.asm.wasm.br is brotli
        return "application/gzip" if encoding == "gzip" else "application/octet-stream"
    content_type = content_type or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith(("json", "javascript")):
        content_type += "; charset=utf-8"
    return content_type


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="the built site, e.g. site/")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--prefix", default="/", help="serve under this sub-path, e.g. /essay/")
    args = parser.parse_args()
    host = StaticHost(args.root, args.prefix, port=args.port).start()
    print(f"Serving {args.root} at {host.url} (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        host.stop()


if __name__ == "__main__":
    main()
