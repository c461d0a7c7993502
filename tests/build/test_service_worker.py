"""The generated service worker: it precaches every built file a reader can need, except the quiz engine's
runtime (cached when first used), in a cache versioned by the build's hash, and fetches nothing from another
origin."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from essay_plugin.offline import generate_service_worker

PRECACHE_ENTRY = re.compile(r'\{url:"([^"]+)",revision:(?:null|"([0-9a-f]+)")\}')
CACHE_PREFIX = re.compile(r'setCacheNameDetails\(\{prefix:"([^"]+)"\}\)')
RUNTIME_IMPORT = re.compile(r'define\(\["\./(workbox-[0-9a-f]+)"\]')
# Left out on purpose (tools/generate_service_worker.mjs says why): the worker and its runtime, source maps,
# precompressed variants, other languages' search files and the engine's runtime folder.
NOT_PRECACHED = re.compile(
    r"^(sw\.js|workbox-[0-9a-f]+\.js|_headers|assets/javascripts/lunr/.*|assets/engine/pyodide-[^/]+/.*)$|\.(map|br|gz)$"
)


def service_worker(site: Path) -> str:
    return (site / "sw.js").read_text(encoding="utf-8")


def precache_manifest(site: Path) -> list[tuple[str, str]]:
    """(url, revision) of each precached file; the revision is "" where the URL itself is content-hashed."""
    return PRECACHE_ENTRY.findall(service_worker(site))


def precached_urls(site: Path) -> list[str]:
    return [url for url, _ in precache_manifest(site)]


def cache_prefix(site: Path) -> str:
    match = CACHE_PREFIX.search(service_worker(site))
    assert match, "sw.js names no cache"
    return match.group(1)


def test_every_built_file_is_precached_once(site_dir: Path) -> None:
    built = {
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.is_file() and not NOT_PRECACHED.search(path.relative_to(site_dir).as_posix())
    }
    urls = precached_urls(site_dir)
    assert len(urls) == len(set(urls))
    assert set(urls) == built


def test_the_precache_has_each_file_as_finally_written(site_dir: Path) -> None:
    """The worker is generated after every hook has written and rewritten files (the CSP rewrites pages)."""
    stale = [
        url for url, revision in precache_manifest(site_dir)
        if revision and hashlib.md5((site_dir / url).read_bytes()).hexdigest() != revision
    ]
    assert stale == []


def test_the_pages_scripts_and_search_index_are_precached_and_the_runtime_is_not(site_dir: Path) -> None:
    urls = precached_urls(site_dir)
    for name in ("index.html", "404.html", "engine-worker.js", "engine-boot.js", "catalog.json", "search_index.json"):
        assert any(url.endswith(name) for url in urls), name
    for name in ("pyodide.asm.wasm.br", "snapshot.bin.br", "python_stdlib.zip.br", "brotli_dec_wasm_bg.wasm", "lunr.de.min.js", "wordcut.js", ".br", ".gz"):
        assert not any(url.endswith(name) for url in urls), name


def test_the_runtime_is_cached_on_first_use_and_unknown_pages_fall_back_to_404_offline(site_dir: Path) -> None:
    worker = service_worker(site_dir)
    assert r'registerRoute(/\/assets\/engine\/pyodide-[^/]+\/[^/]+$/,new e.CacheFirst,"GET")' in worker
    assert (
        'registerRoute(({request:e})=>"navigate"===e.mode,'
        'new e.NetworkOnly({plugins:[new e.PrecacheFallbackPlugin({fallbackURL:"404.html"})]}),"GET")'
    ) in worker


def test_precache_and_runtime_stay_on_this_site(site_dir: Path) -> None:
    urls = precached_urls(site_dir)
    assert [url for url in urls if urlsplit(url).scheme or url.startswith(("/", "//"))] == []
    assert "importScripts(" not in service_worker(site_dir).split("define(", 1)[1], "only the local runtime is loaded"
    runtime = RUNTIME_IMPORT.search(service_worker(site_dir))
    assert runtime and (site_dir / f"{runtime.group(1)}.js").is_file()


def test_old_caches_are_cleaned_up_and_updates_wait_for_the_page(site_dir: Path) -> None:
    worker = service_worker(site_dir)
    assert "cleanupOutdatedCaches()" in worker
    # skipWaiting only on offline.js's request, never unasked.
    assert worker.count("skipWaiting()") == 1 and '"SKIP_WAITING"===' in worker


@pytest.fixture(scope="module")
def rebuilt_copies(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two copies of the site with the service worker generated again: one unchanged, one with an edited page."""
    unchanged, edited = (tmp_path_factory.mktemp(name) / "site" for name in ("unchanged", "edited"))
    for copy in (unchanged, edited):
        shutil.copytree(site_dir, copy)
    about = edited / "about" / "index.html"
    about.write_text(about.read_text(encoding="utf-8").replace("</h1>", " (edited)</h1>", 1), encoding="utf-8")
    for copy in (unchanged, edited):
        generate_service_worker(copy)
    return unchanged, edited


def test_the_cache_is_named_after_the_build(site_dir: Path, rebuilt_copies: tuple[Path, Path]) -> None:
    unchanged, edited = rebuilt_copies
    assert re.fullmatch(r"essay-[0-9a-f]{12}", cache_prefix(site_dir))
    assert cache_prefix(unchanged) == cache_prefix(site_dir)
    assert cache_prefix(edited) != cache_prefix(site_dir)


@pytest.mark.parametrize("arguments", [[], ["site"]])
def test_the_generator_refuses_to_run_without_the_content_hash_pattern(arguments: list[str]) -> None:
    """Without it, new RegExp(undefined) is /(?:)/, which would call every URL content-hashed."""
    generator = Path(__file__).resolve().parents[2] / "tools" / "generate_service_worker.mjs"
    completed = subprocess.run(["node", generator, *arguments], capture_output=True, text=True)
    assert (completed.returncode, completed.stdout) == (2, "")
    assert completed.stderr == "usage: node tools/generate_service_worker.mjs <site-dir> <content-hash pattern>\n"
