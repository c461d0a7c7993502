// The quiz engine's module worker: Pyodide with quiz_py, answering the page's JSON requests.
//
// Page → worker: {type: "start", runtimeURL, catalogURL, fresh, reload, stallTimeoutMs}, then {type: "request", id, request: JSON string}.
// Worker → page: {type: "progress", received, total} while starting (bytes of the encoded files so far, and of
// those this boot needs once engine.json has said; total is null until then), {type: "ready", boot: "snapshot" | "normal", files: [the
// URLs to keep for the next visit]} or {type: "failed", message}, and {type: "response", id, response: JSON string} per request.
//
// Both boots begin with the wasm, which starts downloading at once. How fast its first bytes come and decode chooses
// the boot (chooseBoot): from the build's memory snapshot (engine-boot.js), Python initialised, quiz_py imported and
// the catalogue loaded, so it only has to download and instantiate; or, on a connection slow for this device,
// normally, from the stdlib, which is a megabyte smaller than the snapshot but makes the device run Python's start.
// If the snapshot cannot be used (damaged, cut short, refused by the interpreter), it boots normally. So does a
// snapshot download that stalls: it is given up after a third of the time the page waits for progress
// (engine-client.js, `stallTimeoutMs`), so the normal boot starts before the page gives up on the start.

import {
  DECODER, ENCODED, ENCODED_STREAMS, ENCODED_SUFFIX, ENGINE_INFO, SNAPSHOT, STDLIB, WASM, bootFromSnapshot, bootNormally,
  refuseStringEval,
} from "./engine-boot.js";

let handleRequest = null; // quiz_py.api.handle, once the engine is ready

self.addEventListener("message", ({ data }) => {
  if (data.type === "start") {
    start(new URL(data.runtimeURL), new URL(data.catalogURL), data.fresh === true, data.reload === true, data.stallTimeoutMs).then(
      ({ boot, files }) => self.postMessage({ type: "ready", boot, files }),
      (error) => self.postMessage({ type: "failed", message: String(error?.message ?? error) }),
    );
  } else if (data.type === "request") {
    self.postMessage({ type: "response", id: data.id, response: respond(data.request) });
  }
});

function respond(request) {
  try {
    return handleRequest(request);
  } catch (error) {
    return JSON.stringify({ ok: false, error: { code: "engine_error", message: String(error?.message ?? error) } });
  }
}

/** `fresh`: the page holds a quiz the snapshot does not; boot normally, with the catalogue from the network.
 * `reload`: fetch the runtime past the browser's cache, which may hold errors from an earlier start.
 * `stallTimeoutMs`: how long the page waits for progress before it gives up on the start. */
async function start(runtimeURL, catalogURL, fresh, reload, stallTimeoutMs) {
  assertWasmAllowed();
  // Pyodide imports its two scripts as modules, not through fetch, and this worker the decoder's.
  const scripts = ["pyodide.mjs", "pyodide.asm.js", DECODER.script].map((name) => new URL(name, runtimeURL).href);
  // An import cannot bypass the cache: a fetch past it first puts the host's current answer there.
  if (reload) await Promise.all(scripts.map((url) => fetch(url, { cache: "reload" }).then((response) => response.arrayBuffer())));
  const { brokenDownload, download, fetchAhead, downloaded } = watchDownloads(runtimeURL, reload ? "reload" : "default", () => info);
  const info = fetch(new URL(ENGINE_INFO, runtimeURL)).then((response) => response.json());
  const urlOfFile = (name) => new URL(name, runtimeURL);
  // Every file starts downloading now, not only once Pyodide's loader has arrived and asks for the next.
  const probe = downloadProbe();
  const wasm = download(urlOfFile(WASM), {}, probe);
  fetchAhead(urlOfFile(WASM), wasm);
  // A copy, kept until the start is over: a normal boot after a snapshot that failed takes it instead of
  // downloading the wasm again.
  const spareWasm = wasm.then((response) => response.clone());
  spareWasm.catch(() => {}); // a wasm that fails fails the start below
  import(new URL("pyodide.asm.js", runtimeURL).href).catch(() => {}); // Pyodide's own import gets the same module
  const loader = import(new URL("pyodide.mjs", runtimeURL).href).then((module) => (reportProgress(), module));
  // A wasm the host refuses fails the start here: neither boot can do without it; so does a broken engine.json.
  const chosen = fresh ? "normal" : await Promise.race([
    Promise.all([probe.measured, info]).then(([measured, { encoded }]) => chooseBoot(measured, encoded)),
    wasm.then(() => new Promise(() => {})),
    brokenDownload,
  ]);
  const filesOf = (boot) => [WASM, boot === "snapshot" ? SNAPSHOT : STDLIB];
  info.then(({ encoded }) => expectTotal(bytesOf(encoded, filesOf(chosen))), () => {});

  const fromSnapshot = async () => {
    // It continues the wasm's download (engine-boot.js, ENCODED_STREAMS); if it fails, at any point, the engine
    // boots normally.
    const snapshot = downloadUnlessStalled(download, urlOfFile(SNAPSHOT), stallTimeoutMs / 3)
      .then((body) => new Response(body).arrayBuffer()).then((bytes) => new Uint8Array(bytes));
    snapshot.catch(() => {}); // not unhandled while Pyodide starts: the boot awaits it and falls back then
    const [{ loadPyodide }, engineInfo] = await Promise.all([loader, info]);
    return { boot: "snapshot", handle: await bootFromSnapshot(loadPyodide, runtimeURL.href, engineInfo, snapshot) };
  };
  const normally = async () => {
    fetchAhead(urlOfFile(STDLIB));
    const catalog = fetch(catalogURL, fresh ? { cache: "no-store" } : {}).then((response) => response.text());
    const [{ loadPyodide }, engineInfo, catalogText] = await Promise.all([loader, info, catalog]);
    return { boot: "normal", handle: await bootNormally(loadPyodide, runtimeURL.href, engineInfo, catalogText) };
  };
  // The stdlib is still to come. Falling back is not progress: the page's watchdog runs on, so a stalled snapshot
  // boot (given up after a third of its time) leaves the normal boot the rest for its first bytes, and a start
  // that gets no stdlib at all fails within the time the page promises.
  const fallBack = async () => {
    total = received + bytesOf((await info).encoded, [STDLIB]);
    fetchAhead(urlOfFile(WASM), spareWasm);
    return normally();
  };
  const started = chosen === "snapshot" ? fromSnapshot().catch(fallBack) : normally();
  const { boot, handle } = await Promise.race([started, brokenDownload]);
  refuseStringEval();
  handleRequest = handle;
  // Kept for the next visit by the site's service worker (engine-client.js), which then answers the wasm at once:
  // a reader whose connection chose the normal boot gets the snapshot too, to boot from it then, unless they
  // asked to save data.
  const later = chosen === "normal" && !fresh && !navigator.connection?.saveData ? [urlOfFile(SNAPSHOT).href] : [];
  return { boot, files: [...scripts, ...downloaded, ...later] };
}

// How fast a download's first bytes come (from the second chunk on: the first one carries the request's latency),
// and how long this device takes to decode them: over PROBE_BYTES, or PROBE_MS, whichever comes first.
const PROBE_BYTES = 256 * 1024;
const PROBE_MS = 1000;

function downloadProbe() {
  let firstChunkAt = null;
  let received = 0;
  let decodeMs = 0;
  let decodedBytes = 0;
  let settle;
  const measured = new Promise((resolve) => (settle = resolve));
  const finish = () => settle({
    bytesPerMs: received / Math.max(performance.now() - firstChunkAt, 1), decodeMsPerMB: (decodeMs / decodedBytes) * 1e6,
  });
  return {
    measured,
    arrived(bytes) {
      if (firstChunkAt === null) {
        firstChunkAt = performance.now();
        setTimeout(finish, PROBE_MS);
      } else if ((received += bytes) >= PROBE_BYTES) finish();
    },
    decoded(ms, bytes) {
      decodeMs += ms;
      decodedBytes += bytes;
    },
    // All of it came before the probe was done: a fast link, or a cache.
    ended: () => settle({ bytesPerMs: Infinity, decodeMsPerMB: (decodeMs / decodedBytes) * 1e6 }),
  };
}

// A normal boot's start-up (Python's own, importing quiz_py, loading the catalogue) takes about this many times as
// long as decoding a megabyte of the wasm, beyond what a snapshot boot's takes: 1.8 s against 40 ms on the bench's
// machine (Node, 2026-12-03), so about 7 s on a phone four times slower.
const NORMAL_BOOT_PER_DECODED_MB = 45;

/** "normal" when the bytes a normal boot saves (the snapshot's, less the stdlib's) would take longer to come, at the
 * throughput `measured`, than the extra start-up it costs on this device; "snapshot" otherwise (a decoding too
 * fast to time included). `encoded`: engine.json's sizes. */
function chooseBoot({ bytesPerMs, decodeMsPerMB }, encoded) {
  const savedMs = (encoded[SNAPSHOT] - encoded[STDLIB]) / bytesPerMs;
  return savedMs > NORMAL_BOOT_PER_DECODED_MB * decodeMsPerMB ? "normal" : "snapshot";
}

let received = 0; // bytes of the encoded files so far
let total = null; // bytes of the encoded files this start needs, once engine.json has said

function reportProgress() {
  self.postMessage({ type: "progress", received, total });
}

function expectTotal(bytes) {
  total = bytes;
  reportProgress();
}

/** The encoded size of the files `names` (`sizes`: engine.json's "encoded"). */
const bytesOf = (sizes, names) => names.reduce((sum, name) => sum + sizes[name], 0);

// A page whose Content-Security-Policy forbids WebAssembly makes Pyodide wait forever; find out now.
function assertWasmAllowed() {
  const emptyModule = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  try {
    new WebAssembly.Module(emptyModule);
  } catch (error) {
    throw new Error(`this page may not run WebAssembly (${error.message})`);
  }
}

// Pyodide only logs a failed download (or wasm sent with the wrong type) and then waits forever.
// Every fetch in this worker goes through here: a broken download rejects `brokenDownload`, and each
// chunk received reports progress, so the page's watchdog only fires on a real stall.
// `download(url, options, watch)` is for a file the engine can do without, or one it takes care of itself: its
// failure rejects only its own promise; `watch` ({arrived(bytes), decoded(ms, bytes), ended()}, e.g. downloadProbe)
// is told of each encoded chunk that arrives, each decoding step and the end.
// `fetchAhead(url, started)` starts a download Pyodide will ask for later (or takes `started`, a promise of its
// response); its fetch then takes that one, once.
// `downloaded` lists the URLs taken. `cache` is the cache mode of every fetch that sets none. `info()`: engine.json.
// A file of ENCODED is fetched as <name>.br and handed over decoded, with the type its name implies; a file that
// continues a brotli stream (ENCODED_STREAMS) is decoded by the decoder of the file before it, downloaded first.
function watchDownloads(runtimeURL, cache, info) {
  const downloaded = [];
  const ahead = new Map(); // URL → the download started for it, until Pyodide takes it
  let fail;
  const brokenDownload = new Promise((_, reject) => (fail = reject));
  const fetchFromNetwork = self.fetch.bind(self);
  const fetchFile = async (url, options) => {
    const name = fileName(url);
    let response;
    try {
      response = await fetchFromNetwork(url, { cache, ...options });
    } catch {
      throw new Error(`${name} could not be downloaded`);
    }
    if (!response.ok) throw new Error(`${name} answered ${response.status}`);
    downloaded.push(url.href);
    return response;
  };
  let decoder = null; // the brotli decoder, loaded with the first encoded file
  const continuing = new Map(); // name of a file that continues a stream → that stream's decoder
  const download = async (resource, options, watch = null) => {
    const url = urlOf(resource);
    const name = fileName(url);
    if (!ENCODED.includes(name)) {
      const response = await fetchFile(url, options);
      if (response.body) countChunks(response.clone().body);
      return response;
    }
    if (!decoder) {
      decoder = loadDecoder(runtimeURL, fetchFile, info());
      decoder.catch(() => {}); // not unhandled before the first download awaits it: that one reports it
    }
    const stream = ENCODED_STREAMS.find((files) => files.includes(name));
    const position = stream.indexOf(name);
    let decode = continuing.get(name);
    continuing.delete(name);
    if (position === 0) decode = (await decoder)();
    else if (!decode) throw new Error(`${name} continues ${stream[position - 1]}, which this start has not downloaded`);
    if (position + 1 < stream.length) continuing.set(stream[position + 1], decode);
    const response = await fetchFile(new URL(name + ENCODED_SUFFIX, url), options);
    const decoded = response.body.pipeThrough(countingBytes(watch)).pipeThrough(decode(name, position + 1 === stream.length, watch));
    return new Response(decoded, { headers: { "Content-Type": name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream" } });
  };

  const fetchAhead = (url, started = download(url)) => {
    started.catch(() => {}); // a failure reaches Pyodide when it takes this download
    ahead.set(url.href, started);
  };
  const takeAhead = (resource) => {
    const url = urlOf(resource).href;
    const started = ahead.get(url);
    ahead.delete(url); // taken once: a fallback boot downloads afresh
    return started;
  };
  // The start has failed and this worker is about to be stopped: the caller gets no answer, rather
  // than an error Pyodide would leave unhandled.
  self.fetch = (resource, options) => (takeAhead(resource) ?? download(resource, options)).catch((error) => {
    fail(error);
    return new Promise(() => {});
  });
  return { brokenDownload, download, fetchAhead, downloaded };
}

/** A promise of the body of `url` (fetched with `download`) as a stream, which fails once no byte of the file has
 * arrived for `stallMs`; the download is stopped then. */
function downloadUnlessStalled(download, url, stallMs) {
  const stop = new AbortController();
  let timer = 0;
  const waitForMore = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stop.abort(new Error(`${fileName(url)} stopped downloading`)), stallMs);
  };
  // Whoever reads the body learns at once, whatever the network does with the abort.
  const failOnStop = new TransformStream({
    start: (controller) => stop.signal.addEventListener("abort", () => controller.error(stop.signal.reason)),
  });
  waitForMore();
  const watch = { arrived: waitForMore, decoded: () => {}, ended: () => clearTimeout(timer) };
  return download(url, { signal: stop.signal }, watch).then(
    (response) => response.body.pipeThrough(failOnStop),
    (error) => {
      clearTimeout(timer);
      throw error;
    },
  );
}

const fileName = (url) => url.pathname.split("/").pop();

function urlOf(resource) {
  return new URL(resource instanceof Request ? resource.url : resource, self.location.href);
}

async function countChunks(body) {
  const reader = body.getReader();
  try {
    while (!(await reader.read()).done) reportProgress();
  } catch {
    // The original response reports its own failure to whoever reads it.
  }
}

function countingBytes(watch) {
  return new TransformStream({
    transform(chunk, stream) {
      received += chunk.byteLength;
      watch?.arrived(chunk.byteLength);
      reportProgress();
      stream.enqueue(chunk);
    },
    flush: () => watch?.ended(),
  });
}

// brotli-dec-wasm's wasm-bindgen module, given its wasm's bytes (so no host's Content-Type matters); returns a
// maker of brotli streams (brotliStream). `info`: engine.json, which gives each file's decoded size.
async function loadDecoder(runtimeURL, fetchFile, info) {
  const [brotli, wasm] = await Promise.all([
    import(new URL(DECODER.script, runtimeURL).href),
    fetchFile(new URL(DECODER.wasm, runtimeURL)).then((response) => response.arrayBuffer()),
  ]);
  brotli.initSync({ module: wasm });
  return () => brotliStream(brotli, info);
}

const DECODED_CHUNK = 1 << 20;

/** One brotli stream, which may span files (ENCODED_STREAMS): returns `(name, last, watch) →` a stream that decodes
 * the file `name`'s encoded bytes, each file's only once the one before it has been decoded to its end. A file
 * that is not the `last` of its stream ends where its own bytes do (the build flushed the encoder there): it must
 * decode to the size engine.json gives. Both sides buffer, so that the download is never held back: not by a
 * reader that has not started (the probe measures the network), nor by the file before, still downloading. */
function brotliStream(brotli, info) {
  const { NeedsMoreOutput, ResultSuccess } = brotli.BrotliStreamResultCode;
  const state = new brotli.BrotliDecStream();
  let before = Promise.resolve(); // the previous file's decoding, done
  return (name, last, watch) => {
    const previous = before;
    let done;
    let failed;
    before = new Promise((resolve, reject) => ((done = resolve), (failed = reject)));
    before.catch(() => {}); // reaches the next file's decoding, if there is one
    let decodedBytes = 0;
    let finished = false;
    const decode = (input, stream) => {
      for (;;) {
        let result;
        const startedAt = performance.now();
        try {
          result = state.dec(input, DECODED_CHUNK);
        } catch {
          throw new Error(`${name} is damaged`);
        }
        const { buf, code } = result;
        watch?.decoded(performance.now() - startedAt, buf.length);
        input = input.subarray(result.input_offset);
        result.free();
        decodedBytes += buf.length;
        if (buf.length) stream.enqueue(buf);
        finished = code === ResultSuccess;
        // A full buffer may leave output behind in the decoder even once the input is used up ("NeedsMoreInput"
        // after a large chunk): ask again until it gives less than a buffer.
        if (code !== NeedsMoreOutput && buf.length < DECODED_CHUNK) return;
      }
    };
    const failing = (step) => async (...args) => {
      try {
        await previous;
        await step(...args);
      } catch (error) {
        failed(error);
        throw error;
      }
    };
    return new TransformStream({
      transform: failing(decode),
      flush: failing(async () => {
        const complete = last ? finished : decodedBytes === (await info).decoded[name];
        if (last) state.free();
        if (!complete) throw new Error(`${name} ended early`);
        done();
      }),
    }, { highWaterMark: Infinity }, { highWaterMark: Infinity });
  };
}
