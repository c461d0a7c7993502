// The quiz engine's module worker: Pyodide with quiz_py, answering the page's JSON requests.
//
// Page → worker: {type: "start", runtimeURL, catalogURL, fresh, reload, stallTimeoutMs}, then {type: "request", id, request: JSON string}.
// Worker → page: {type: "progress", received, total} while starting (bytes of the encoded files so far, and of
// those this boot needs once engine.json has said; total is null until then), {type: "ready", boot: "snapshot" | "normal", files: [the
// URLs it took]} or {type: "failed", message}, and {type: "response", id, response: JSON string} per request.
//
// It boots from the build's memory snapshot (engine-boot.js): Python initialised, quiz_py imported and the
// catalogue loaded, so it only has to download and instantiate; one download, SNAPSHOT_BOOT, brings the wasm
// and the snapshot. If the snapshot cannot be used (damaged, cut short, refused by the interpreter), it boots
// normally from the runtime folder's own wasm and stdlib and loads the catalogue. So does a snapshot download
// that stalls: it is given up after a third of the time the page waits for progress (engine-client.js,
// `stallTimeoutMs`), so the normal boot starts before the page gives up on the start.

import {
  DECODER, ENCODED, ENCODED_SUFFIX, ENGINE_INFO, SNAPSHOT_BOOT, STDLIB, WASM, bootFromSnapshot, bootNormally,
  refuseStringEval, splitSnapshotBoot,
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
  const { brokenDownload, fetchOptional, fetchAhead, dropAhead, downloaded } = watchDownloads(runtimeURL, reload ? "reload" : "default");
  // Every file starts downloading now, not only once Pyodide's loader has arrived and asks for the next.
  const wasmURL = new URL(WASM, runtimeURL);
  let bundle = null; // the snapshot boot's download, split once it answers
  let snapshot = null;
  if (fresh) fetchAhead(wasmURL);
  else {
    // One download brings the wasm and the snapshot (engine-boot.js, SNAPSHOT_BOOT); if it fails, at any point,
    // the engine boots normally.
    bundle = downloadUnlessStalled(fetchOptional, new URL(SNAPSHOT_BOOT, runtimeURL), stallTimeoutMs / 3)
      .then(splitSnapshotBoot);
    snapshot = bundle.then((parts) => parts.snapshot);
    snapshot.catch(() => {}); // not unhandled while Pyodide starts: the boot awaits it and falls back then
    fetchAhead(wasmURL, bundle.then(
      ({ wasm }) => new Response(wasm, { headers: { "Content-Type": "application/wasm" } }),
      () => dropAhead(wasmURL), // no boot has taken it (see fromSnapshot): the normal boot downloads the wasm itself
    ));
  }
  import(new URL("pyodide.asm.js", runtimeURL).href).catch(() => {}); // Pyodide's own import gets the same module
  const loader = import(new URL("pyodide.mjs", runtimeURL).href).then((module) => (reportProgress(), module));
  const info = fetch(new URL(ENGINE_INFO, runtimeURL)).then((response) => response.json());
  info.then(({ encoded }) => expectTotal(bytesOf(encoded, fresh ? [WASM, STDLIB] : [SNAPSHOT_BOOT])), () => {});
  // Only once the snapshot boot's file has begun to arrive: a boot started before it failed would download the wasm
  // on its own, beside the normal boot that follows.
  const fromSnapshot = async () => {
    const [{ loadPyodide }, engineInfo] = await Promise.all([loader, info, bundle]);
    return { boot: "snapshot", handle: await bootFromSnapshot(loadPyodide, runtimeURL.href, engineInfo, snapshot) };
  };
  const normally = async () => {
    const catalog = fetch(catalogURL, fresh ? { cache: "no-store" } : {}).then((response) => response.text());
    const [{ loadPyodide }, engineInfo, catalogText] = await Promise.all([loader, info, catalog]);
    return { boot: "normal", handle: await bootNormally(loadPyodide, runtimeURL.href, engineInfo, catalogText) };
  };
  // The normal boot's files are still to come. Falling back is not progress: the page's watchdog runs on, so
  // a stalled snapshot boot (given up after a third of its time) leaves the normal boot the rest for its first
  // bytes, and a start that gets no wasm at all fails within the time the page promises.
  const fallBack = async () => {
    total = received + bytesOf((await info).encoded, [WASM, STDLIB]);
    return normally();
  };
  const { boot, handle } = await Promise.race([fresh ? normally() : fromSnapshot().catch(fallBack), brokenDownload]);
  refuseStringEval();
  handleRequest = handle;
  return { boot, files: [...scripts, ...downloaded] };
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
// `fetchOptional` is for a file the engine can do without: its failure rejects only its own promise.
// `fetchAhead(url, started)` starts a download Pyodide will ask for later (or takes `started`, a promise of its
// response); its fetch then takes that one.
// `downloaded` lists the URLs taken. `cache` is the cache mode of every fetch that sets none.
// `dropAhead(url)` forgets the download started for `url`, so that the next fetch starts its own.
// A file of ENCODED is fetched as <name>.br and handed over decoded, with the type its name implies.
function watchDownloads(runtimeURL, cache) {
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
  const download = async (resource, options) => {
    const url = urlOf(resource);
    const name = fileName(url);
    if (!ENCODED.includes(name)) {
      const response = await fetchFile(url, options);
      if (response.body) countChunks(response.clone().body);
      return response;
    }
    if (!decoder) {
      decoder = loadDecoder(runtimeURL, fetchFile);
      decoder.catch(() => {}); // not unhandled before the first download awaits it: that one reports it
    }
    const response = await fetchFile(new URL(name + ENCODED_SUFFIX, url), options);
    const counted = response.body.pipeThrough(countingBytes());
    // A host that labels the file as brotli has had the browser decode it already.
    const decoded = response.headers.get("Content-Encoding") === "br" ? counted : counted.pipeThrough((await decoder)(name));
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
  const dropAhead = (url) => ahead.delete(url.href);
  return { brokenDownload, fetchOptional: download, fetchAhead, dropAhead, downloaded };
}

/** A promise of the body of `url` (fetched with `fetchOptional`) as a stream, which fails once no byte has arrived
 * for `stallMs`; the download is stopped then. */
function downloadUnlessStalled(fetchOptional, url, stallMs) {
  const download = new AbortController();
  let body; // the stream's controller
  let timer = 0;
  const waitForMore = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const stalled = new Error(`${fileName(url)} stopped downloading`);
      body.error(stalled); // whoever reads it learns now, whatever the network does with the abort
      download.abort(stalled);
    }, stallMs);
  };
  const onEachChunk = new TransformStream({
    start: (controller) => (body = controller),
    transform(chunk, stream) {
      waitForMore();
      stream.enqueue(chunk);
    },
    flush: () => clearTimeout(timer),
  });
  waitForMore();
  return fetchOptional(url, { signal: download.signal }).then(
    (response) => response.body.pipeThrough(onEachChunk),
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

function countingBytes() {
  return new TransformStream({
    transform(chunk, stream) {
      received += chunk.byteLength;
      reportProgress();
      stream.enqueue(chunk);
    },
  });
}

// brotli-dec-wasm's wasm-bindgen module, given its wasm's bytes (so no host's Content-Type matters); returns a
// maker of decoding streams.
async function loadDecoder(runtimeURL, fetchFile) {
  const [brotli, wasm] = await Promise.all([
    import(new URL(DECODER.script, runtimeURL).href),
    fetchFile(new URL(DECODER.wasm, runtimeURL)).then((response) => response.arrayBuffer()),
  ]);
  brotli.initSync({ module: wasm });
  return (name) => brotliDecoding(brotli, name);
}

const DECODED_CHUNK = 1 << 20;

function brotliDecoding(brotli, name) {
  const { NeedsMoreOutput, ResultSuccess } = brotli.BrotliStreamResultCode;
  const state = new brotli.BrotliDecStream();
  let finished = false;
  return new TransformStream({
    transform(chunk, stream) {
      let input = chunk;
      for (;;) {
        let result;
        try {
          result = state.dec(input, DECODED_CHUNK);
        } catch {
          throw new Error(`${name} is damaged`);
        }
        const { buf, code } = result;
        input = input.subarray(result.input_offset);
        result.free();
        if (buf.length) stream.enqueue(buf);
        finished = code === ResultSuccess;
        if (code !== NeedsMoreOutput) return;
      }
    },
    flush() {
      state.free();
      if (!finished) throw new Error(`${name} ended early`);
    },
  });
}
