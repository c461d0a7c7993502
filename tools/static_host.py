"""Serve a built site the way a real static host does, for tests and benchmarks.

Python's `http.server` sends everything uncompressed and uncached, which no
production host does; measuring against it would mislead. This host:
- serves the site under an optional sub-path (a project page at /essay/, say),
- compresses text and wasm with gzip when the client accepts it,
- marks content-hashed files (a hash in the name or a folder) as immutable, the rest as revalidate,
- answers a missing page with the site's own 404.html.

Run it by hand: `python -m tools.static_host site --port 8001 --prefix /essay/`.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import re
import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|wasm|xml|manifest\+json)|image/svg)")
# Material names its bundles `bundle.<hash>.min.js`; our build versions whole folders the same way
# (`pyodide-<version>.<hash>/`), so a hash in any part of the path makes a file immutable.
CONTENT_HASHED = re.compile(r"\.[0-9a-f]{8,}[./]")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser cancelling a download (Lighthouse and Playwright do) breaks the pipe: not our fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class StaticHost:
    root: Path
    prefix: str = "/"
    host: str = "127.0.0.1"
    port: int = 0
    _server: _Server | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The site's base URL, ending in a slash."""
        assert self._server is not None, "start() the host first"
        return f"http://{self.host}:{self._server.server_address[1]}{self.prefix}"

    def start(self) -> "StaticHost":
        self.prefix = "/" + self.prefix.strip("/") + "/" if self.prefix.strip("/") else "/"
        self._server = _Server((self.host, self.port), _handler_for(self.root.resolve(), self.prefix))
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


def _handler_for(root: Path, prefix: str) -> type[BaseHTTPRequestHandler]:
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
            if not path.startswith(prefix):
                if path + "/" == prefix:
                    return self._redirect(prefix)
                return self._send_file(root / "404.html", HTTPStatus.NOT_FOUND, send_body)
            target = (root / path[len(prefix):]).resolve()
            if root not in target.parents and target != root:
                return self._send_file(root / "404.html", HTTPStatus.NOT_FOUND, send_body)
            if target.is_dir():
                if not path.endswith("/"):
                    return self._redirect(path + "/")
                target = target / "index.html"
            if not target.is_file():
                return self._send_file(root / "404.html", HTTPStatus.NOT_FOUND, send_body)
            self._send_file(target, HTTPStatus.OK, send_body)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send_file(self, file: Path, status: HTTPStatus, send_body: bool) -> None:
            content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type.endswith(("json", "javascript")):
                content_type += "; charset=utf-8"
            compress = bool(COMPRESSIBLE.match(content_type)) and "gzip" in self.headers.get("Accept-Encoding", "")
            body = _gzipped(file, file.stat().st_mtime_ns) if compress else file.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", IMMUTABLE if CONTENT_HASHED.search(file.relative_to(root).as_posix()) else REVALIDATE)
            self.send_header("Vary", "Accept-Encoding")
            if compress:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            if send_body:
                self.wfile.write(body)

    return Handler


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
