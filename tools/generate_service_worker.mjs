// Write the site's service worker, sw.js, with Workbox: it precaches the pages and every file they need, so
// the whole essay and its search work offline after one visit. The quiz engine's runtime, megabytes a
// reader who only reads never needs, is not precached: it is cached when first used (a page that ran it
// sends its URLs, docs/assets/js/engine-client.js), so every quiz works offline once one has run online.
// Offline, an address the site does not have gets the site's own 404 page.
//
//   node tools/generate_service_worker.mjs <site-dir>
//
// Usage: node generate_service_worker.mjs <site dir> <content-hash pattern>.
// Prints {"cacheId", "count", "size"} as JSON. Run by essay_plugin/offline.py after everything else is written.

import { createHash } from "node:crypto";
import { appendFile, readdir } from "node:fs/promises";
import path from "node:path";
import { generateSW, getManifest } from "workbox-build";

// The engine's runtime folder (essay_plugin/runtime.py), cached on first use instead.
const ENGINE_RUNTIME = "assets/engine/pyodide-*/**";
const ENGINE_FOLDER = "assets/engine";
const ENGINE_RUNTIME_FOLDER = /^pyodide-.+/;
const ENGINE_RUNTIME_URL = /\/assets\/engine\/pyodide-[^/]+\/[^/]+$/;
// Files no reader fetches: source maps (developer tools only), the gzipped sitemap (search engines),
// precompressed variants (hosts send them in place of the file) and the search's word splitters and
// stemmers for other languages (the index is English only).
// The service worker and its Workbox runtime are left out too: a worker must not cache itself. So is
// _headers (essay_plugin/headers.py): hosts read it and never serve it.
const NOT_PRECACHED = [
  ENGINE_RUNTIME, "**/*.map", "**/*.br", "**/*.gz", "assets/javascripts/lunr/**", "sw.js", "workbox-*.js", "_headers",
];
// What is left is small: a file over this size means something heavy slipped into every first visit.
const LARGEST_FILE_BYTES = 2 * 1024 * 1024;
// A content hash in a file or folder name (Material's bundle.<hash>.min.js, the runtime's
// pyodide-<version>.<hash>/): the URL alone identifies the content, so Workbox may take such files from
// the HTTP cache (the page has often just loaded them) instead of downloading them again. The pattern is
// essay_plugin/headers.py's CONTENT_HASHED (the same files get a year's caching), passed as the 2nd argument.
const [, , siteDir, contentHashedPattern] = process.argv;
if (!siteDir || !contentHashedPattern) {
  // Without the pattern, new RegExp(undefined) would match every URL and let Workbox take any file from the cache.
  console.error("usage: node tools/generate_service_worker.mjs <site-dir> <content-hash pattern>");
  process.exit(2);
}
const CONTENT_HASHED_URL = new RegExp(contentHashedPattern);

async function main(siteDir) {
  const precached = {
    globDirectory: siteDir,
    globPatterns: ["**/*"],
    globIgnores: NOT_PRECACHED,
    maximumFileSizeToCacheInBytes: LARGEST_FILE_BYTES,
    dontCacheBustURLsMatching: CONTENT_HASHED_URL,
  };
  const { manifestEntries, count, size, warnings } = await getManifest(precached);
  // A skipped file would be missing offline: treat Workbox's warnings as errors.
  if (warnings.length) throw new Error(warnings.join("\n"));

  // One cache per build, named after the hash of all its files: a new deploy fills a new cache while the
  // old one keeps serving, and cleanupOutdatedCaches deletes the old one once the new worker takes over.
  const buildHash = createHash("sha256").update(JSON.stringify(manifestEntries)).digest("hex").slice(0, 12);
  const cacheId = `essay-${buildHash}`;

  await generateSW({
    ...precached,
    swDest: path.join(siteDir, "sw.js"),
    cacheId,
    cleanupOutdatedCaches: true,
    // The first visit's page comes under the worker at once, so it works offline without a reload.
    // Updates wait: docs/assets/js/offline.js tells a waiting worker when to take over.
    clientsClaim: true,
    skipWaiting: false,
    // Directory URLs (chapters/two-different-jobs/) are answered with their index.html.
    directoryIndex: "index.html",
    // Workbox's runtime goes next to sw.js as workbox-<hash>.js, from node_modules, never from a CDN.
    inlineWorkboxRuntime: false,
    runtimeCaching: [
      // Content-hashed: a cached file never needs checking again.
      { urlPattern: ENGINE_RUNTIME_URL, handler: "CacheFirst" },
      // Navigations the precache does not know: the network's answer, or offline the site's 404 page.
      {
        urlPattern: ({ request }) => request.mode === "navigate",
        handler: "NetworkOnly",
        options: { precacheFallback: { fallbackURL: "404.html" } },
      },
    ],
    mode: "production",
    sourcemap: false,
  });
  await appendFile(path.join(siteDir, "sw.js"), runtimeCacheCleanup(cacheId, await runtimeFolder(siteDir)));
  return { cacheId, count, size };
}

// The built runtime folder, relative to the site root: assets/engine/pyodide-<version>.<hash>/.
async function runtimeFolder(siteDir) {
  const folders = (await readdir(path.join(siteDir, ENGINE_FOLDER))).filter((name) => ENGINE_RUNTIME_FOLDER.test(name));
  if (folders.length !== 1) throw new Error(`expected one runtime folder in ${ENGINE_FOLDER}, found: ${folders}`);
  return `${ENGINE_FOLDER}/${folders[0]}/`;
}

// Workbox's cleanupOutdatedCaches deletes old builds' precaches only; their runtime caches (Workbox names them
// <cacheId>-runtime-<scope>) would stay forever. When this build's worker takes over, the runtime files it
// still uses move into its own runtime cache (a redeploy that keeps the runtime keeps quizzes offline without a
// download) and every older runtime cache is deleted.
function runtimeCacheCleanup(cacheId, runtimeFolder) {
  return `
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  const suffix = "-runtime-" + self.registration.scope;
  const current = ${JSON.stringify(cacheId)} + suffix;
  const runtime = new URL(${JSON.stringify(runtimeFolder)}, self.registration.scope).href;
  for (const name of (await caches.keys()).filter((name) => name.endsWith(suffix) && name !== current)) {
    const [old, kept] = await Promise.all([caches.open(name), caches.open(current)]);
    for (const request of await old.keys()) {
      if (request.url.startsWith(runtime) && !(await kept.match(request))) await kept.put(request, await old.match(request));
    }
    await caches.delete(name);
  }
})()));
`;
}

console.log(JSON.stringify(await main(path.resolve(siteDir))));
