"""The site's HTTP headers, written to `_headers` for the static hosts that read it (Netlify, Cloudflare Pages).

- Every response carries the pages' Content-Security-Policy (csp.py, the same hashes) with what only a
  header can add (frame-ancestors), and the browser's other safeguards. Workers get the policy this way only:
  a page's <meta> policy does not reach the engine's worker or Material's search worker.
- Files under content-hashed names or folders are cached for a year; every other file is revalidated
  (`_headers` rules cover each built file exactly once, so no host has to choose between two values).

tools/static_host.py applies the same file, so the tests and the benchmarks run under these headers.
GitHub Pages ignores the file (README, "Deploying").
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from essay_plugin.csp import header_policy, policed_pages, site_hashes

HEADERS_FILE = "_headers"

# Nothing the site uses (the share button's clipboard is allowed by default, so it is not named).
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
    "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
))
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Material names its bundles `bundle.<hash>.min.js`; our build versions whole folders the same way
# (`pyodide-<version>.<hash>/`). tools/generate_service_worker.mjs is given the same pattern (offline.py).
CONTENT_HASHED = re.compile(r"\.[0-9a-f]{8,}[./]")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"

# Cloudflare Pages reads at most 100 rules, of lines up to 2,000 characters.
MOST_RULES = 100
LONGEST_LINE = 2000

Rule = tuple[str, dict[str, str]]


def is_content_hashed(entry: Path) -> bool:
    """Whether `entry`'s own name (a folder's with its slash) carries a content hash."""
    return bool(CONTENT_HASHED.search(entry.name + ("/" if entry.is_dir() else "")))


def caching_rules(site_dir: Path) -> list[Rule]:
    """One Cache-Control rule for each built file: a folder with no hashed name in it is one rule (`/about/*`)."""
    rules: list[Rule] = []

    def cover(folder: Path) -> None:
        for entry in sorted(folder.iterdir()):
            url = "/" + entry.relative_to(site_dir).as_posix()
            if entry.is_dir():
                if is_content_hashed(entry):
                    rules.append((url + "/*", {"Cache-Control": IMMUTABLE}))
                elif any(map(is_content_hashed, entry.rglob("*"))):
                    cover(entry)
                else:
                    rules.append((url + "/*", {"Cache-Control": REVALIDATE}))
            elif entry.name == "index.html":  # the folder's URL is what readers request
                rules.append((url.removesuffix("index.html"), {"Cache-Control": REVALIDATE}))
            else:
                rules.append((url, {"Cache-Control": IMMUTABLE if is_content_hashed(entry) else REVALIDATE}))

    cover(site_dir)
    return rules


def site_rules(site_dir: Path, policy: str) -> list[Rule]:
    """Every rule of the site's `_headers`, for the built site in `site_dir` with the header `policy`."""
    every_file = ("/*", {"Content-Security-Policy": policy, **SECURITY_HEADERS})
    # Hosts guess a type from the name; with this one CDNs compress the file (application/wasm is on their lists).
    wasm = [("/" + path.relative_to(site_dir).as_posix(), {"Content-Type": "application/wasm"})
            for path in sorted(site_dir.rglob("*.wasm"))]
    return [every_file, *wasm, *caching_rules(site_dir)]


def headers_file(rules: list[Rule]) -> str:
    """`rules` in the `_headers` format; refuses what Cloudflare Pages would not read."""
    if len(rules) > MOST_RULES:
        raise PluginError(f"{HEADERS_FILE}: {len(rules)} rules, more than the {MOST_RULES} hosts read")
    blocks = ["# The site's HTTP headers for Netlify and Cloudflare Pages, written by essay_plugin/headers.py on each build."]
    for path, headers in rules:
        blocks.append("\n".join([path, *(f"  {name}: {value}" for name, value in headers.items())]))
    text = "\n\n".join(blocks) + "\n"
    if too_long := [line for line in text.splitlines() if len(line) > LONGEST_LINE]:
        raise PluginError(f"{HEADERS_FILE}: a line longer than {LONGEST_LINE} characters: {too_long[0][:80]}…")
    return text


def write_headers_file(site_dir: Path) -> None:
    policy = header_policy(site_hashes(policed_pages(site_dir).values()))
    (site_dir / HEADERS_FILE).write_text(headers_file(site_rules(site_dir, policy)), encoding="utf-8")
