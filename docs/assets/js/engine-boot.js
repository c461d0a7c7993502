// How the quiz engine boots: one module for the page's worker (engine-worker.js) and for the build, which
// runs the same steps under Node to make the memory snapshot (tools/engine_snapshot.mjs) and to test the
// shipped files (tests/pyodide). No DOM, no worker globals: it runs in both places.
//
// The runtime folder (assets/engine/pyodide-<version>.<hash>/, essay_plugin/runtime.py) holds Pyodide's loader,
// interpreter and wasm, the standard library trimmed to what the engine imports (quiz_py inside), the
// snapshot, the stdlib a snapshot boot installs, a brotli decoder, and engine.json: {"lock": <Pyodide lock, no
// packages>, "snapshot": {"file", "sha256", "size": the memory image's length}, "encoded" and "decoded": {<name>: bytes}}.

export const ENGINE_INFO = "engine.json";
export const STDLIB = "python_stdlib.zip";
// The snapshot already holds every module the engine imports, so a snapshot boot needs none of the stdlib
// (tests/pyodide runs every request that way). Pyodide always installs a zip: this one is empty (the build
// writes it, tools/engine_snapshot.mjs), 22 bytes instead of the stdlib's 0.76 MB (brotli) for nothing.
export const SNAPSHOT_STDLIB = "snapshot_stdlib.zip";
export const WASM = "pyodide.asm.wasm";
// The memory snapshot, "sparse" (see sparseSnapshot), which a snapshot boot restores instead of starting Python.
export const SNAPSHOT = "snapshot.bin";
// The large files ship brotli-encoded, as <name>.br, so they reach the reader compressed whatever the host does
// (essay_plugin/runtime.py says why); the worker decodes them with DECODER, npm's brotli-dec-wasm, which the
// runtime folder also holds. engine.json gives each one's size, "encoded" and "decoded".
// Each list is one brotli stream across its files, flushed where each file ends: the wasm's part decodes alone
// (both boots take it), and the snapshot's continues it, so that brotli finds the snapshot's static data
// (CPython's, relocated) in the wasm's data segment a few megabytes back: 0.9 MB less than the snapshot encoded
// alone. A snapshot boot downloads the wasm and the snapshot, a normal boot the wasm and the stdlib.
export const ENCODED_STREAMS = [[WASM, SNAPSHOT], [STDLIB]];
export const ENCODED = ENCODED_STREAMS.flat();
export const ENCODED_SUFFIX = ".br";
export const DECODER = { script: "brotli_dec_wasm.js", wasm: "brotli_dec_wasm_bg.wasm" };

// The same Python on every boot, snapshot or not: a fixed hash seed, so the build can make the snapshot
// reproducibly and a normal boot behaves like it.
const PYTHON_ENV = { PYTHONHASHSEED: "0" };

/** loadPyodide's options for the runtime at `runtimeURL` (a URL or, under Node, a folder path ending in "/"). */
export function pyodideOptions(runtimeURL, lock, snapshot = undefined) {
  return {
    indexURL: runtimeURL,
    stdLibURL: runtimeURL + (snapshot ? SNAPSHOT_STDLIB : STDLIB),
    lockFileContents: lock,
    env: PYTHON_ENV,
    ...(snapshot && { _loadSnapshot: snapshot }),
    // Pyodide prints its banner and warnings to the console; the page shows what matters.
    stdout: () => {},
    stderr: () => {},
  };
}

/** quiz_py's request handler in a booted interpreter: `(request JSON) → response JSON`. */
export function engineHandler(pyodide) {
  const api = pyodide.pyimport("quiz_py.api");
  return (request) => api.handle(request);
}

/** Load the catalogue (catalog.json's text) into a freshly booted engine. */
export function loadCatalog(handle, catalogText) {
  const loaded = JSON.parse(handle(`{"op":"load","catalog":${catalogText}}`));
  if (!loaded.ok) throw new Error(`the quiz catalogue did not load: ${loaded.error.message}`);
}

/** Boot from the snapshot's bytes as downloaded, or a promise of them; throws if they are not the build's or
 * Pyodide refuses them. `info` is engine.json's content. Returns the request handler.
 *
 * Pyodide needs only the image's size to create the interpreter (compile the wasm, set up its JS side) and
 * reads the image itself when it restores it, after `fsInit`. So the image is handed over empty at once and
 * filled in while Pyodide starts up: the download and Pyodide's own start-up overlap. */
export async function bootFromSnapshot(loadPyodide, runtimeURL, info, snapshotBytes) {
  const image = new Uint8Array(info.snapshot.size);
  const filled = Promise.resolve(snapshotBytes).then((bytes) => fillSnapshot(image, bytes, info.snapshot.sha256));
  // A bad snapshot must never be restored: this interpreter then waits for good, and the race below fails.
  const never = new Promise(() => {});
  const untilFilled = () => filled.catch(() => never);
  const pyodide = loadPyodide({ ...pyodideOptions(runtimeURL, info.lock, image), fsInit: untilFilled });
  return engineHandler(await Promise.race([pyodide, filled.then(() => never)]));
}

/** Boot the interpreter from the stdlib, import quiz_py and load the catalogue: the snapshot's steps. */
export async function bootNormally(loadPyodide, runtimeURL, info, catalogText) {
  const handle = engineHandler(await loadPyodide(pyodideOptions(runtimeURL, info.lock)));
  loadCatalog(handle, catalogText);
  return handle;
}

// The snapshot is a memory image, mostly zeros. It ships "sparse": the image's length, then each 64 KiB
// page that holds anything, as [index: u32 little-endian][page]. Hosts compress either form; the sparse
// one also stays small where they do not.
const PAGE = 65536;

export function sparseSnapshot(image) {
  const pages = [];
  for (let index = 0; index * PAGE < image.length; index++) {
    const page = image.subarray(index * PAGE, (index + 1) * PAGE);
    if (page.some((byte) => byte !== 0)) pages.push([index, page]);
  }
  const out = new Uint8Array(4 + pages.length * (4 + PAGE));
  const view = new DataView(out.buffer);
  view.setUint32(0, image.length, true);
  pages.forEach(([index, page], n) => {
    view.setUint32(4 + n * (4 + PAGE), index, true);
    out.set(page, 8 + n * (4 + PAGE));
  });
  return out;
}

/** Fill `image` (zeros, of the size engine.json gives) from the sparse snapshot, once its bytes are the ones
 * the build wrote; throws otherwise. */
async function fillSnapshot(image, sparse, sha256) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", sparse));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (hex !== sha256) throw new Error("the snapshot is not the one this build made");
  const view = new DataView(sparse.buffer, sparse.byteOffset, sparse.byteLength);
  if (view.getUint32(0, true) !== image.length) throw new Error("the snapshot is not the size engine.json gives");
  for (let offset = 4; offset < sparse.length; offset += 4 + PAGE) {
    const start = view.getUint32(offset, true) * PAGE;
    image.set(sparse.subarray(offset + 4, offset + 4 + Math.min(PAGE, image.length - start)), start);
  }
}

/** Once booted, the engine never needs to turn a string into code: refuse every way JavaScript offers, whatever
 * the page's policy says (on a host that sends no headers, such as GitHub Pages, the worker has none). Called once
 * booted: until then the worker reads nothing of the reader's. `import()` is syntax, out of reach here: only a
 * policy can refuse a data: or blob: module. */
export function refuseStringEval() {
  function refuse() {
    throw new EvalError("the quiz engine does not evaluate strings as code");
  }
  const constructors = [
    Function, (async () => {}).constructor, function* () {}.constructor, async function* () {}.constructor,
  ];
  for (const constructor of constructors) {
    Object.defineProperty(constructor.prototype, "constructor", { value: refuse });
  }
  // `instanceof Function` keeps working: the stand-in shares Function's prototype.
  refuse.prototype = Function.prototype;
  globalThis.Function = refuse;
  globalThis.eval = refuse;
  // A timer given a string instead of a function would run it as code.
  for (const name of ["setTimeout", "setInterval"]) {
    const schedule = globalThis[name].bind(globalThis);
    globalThis[name] = (handler, ...rest) => (typeof handler === "function" ? schedule(handler, ...rest) : refuse());
  }
}
