// The quiz engine's module worker: Pyodide with quiz_py installed, answering the page's JSON requests.
//
// Page → worker: {type: "start", runtimeURL, engineURL}, then {type: "request", id, request: JSON string}.
// Worker → page: {type: "progress"} while starting, {type: "ready", quizzes} or {type: "failed", message},
// and {type: "response", id, response: JSON string} for each request.

let handleRequest = null; // quiz_py.api.handle, once the engine is ready

self.addEventListener("message", ({ data }) => {
  if (data.type === "start") {
    start(new URL(data.runtimeURL), new URL(data.engineURL)).then(
      (quizzes) => self.postMessage({ type: "ready", quizzes }),
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

async function start(runtimeURL, engineURL) {
  assertWasmAllowed();
  const brokenDownload = watchDownloads();
  const interpreter = import(new URL("pyodide.mjs", runtimeURL).href).then(({ loadPyodide }) => {
    progress();
    return loadPyodide({
      indexURL: runtimeURL.href,
      stdLibURL: new URL("python_stdlib.zip", runtimeURL).href,
      lockFileURL: new URL("pyodide-lock.json", runtimeURL).href,
      // Pyodide prints its banner and warnings to the console; the page shows what matters.
      stdout: () => {},
      stderr: () => {},
    });
  });
  // The engine's files download while the interpreter starts; a broken one fails the start (watchDownloads).
  const wheel = fetch(new URL("manifest.json", engineURL))
    .then((response) => response.json())
    .then((manifest) => fetch(new URL(manifest.wheel, engineURL)))
    .then((response) => response.arrayBuffer());
  const catalog = fetch(new URL("catalog.json", engineURL)).then((response) => response.json());
  const [pyodide, wheelBytes, catalogContent] = await Promise.race([
    Promise.all([interpreter, wheel, catalog]),
    brokenDownload,
  ]);
  pyodide.unpackArchive(wheelBytes, "wheel");
  const api = pyodide.pyimport("quiz_py.api");
  handleRequest = (request) => api.handle(request);
  const loaded = JSON.parse(handleRequest(JSON.stringify({ op: "load", catalog: catalogContent })));
  if (!loaded.ok) throw new Error(`the quiz catalogue did not load: ${loaded.error.message}`);
  return loaded.result.quizzes;
}

function progress() {
  self.postMessage({ type: "progress" });
}


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
// Every fetch in this worker goes through here: a broken download rejects the returned promise,
// and each chunk received reports progress, so the page's watchdog only fires on a real stall.
function watchDownloads() {
  let fail;
  const broken = new Promise((_, reject) => (fail = reject));
  const fetchFromNetwork = self.fetch.bind(self);
  // The start has failed and this worker is about to be stopped: the caller gets no answer, rather
  // than an error Pyodide would leave unhandled.
  const failStart = (message) => {
    fail(new Error(message));
    return new Promise(() => {});
  };
  self.fetch = async (resource, options) => {
    const url = new URL(resource instanceof Request ? resource.url : resource, self.location.href);
    const name = url.pathname.split("/").pop();
    let response;
    try {
      response = await fetchFromNetwork(resource, options);
    } catch {
      return failStart(`${name} could not be downloaded`);
    }
    const type = response.headers.get("Content-Type") ?? "";
    if (!response.ok) return failStart(`${name} answered ${response.status}`);
    if (name.endsWith(".wasm") && !type.startsWith("application/wasm")) {
      return failStart(`${name} is served as "${type}", not application/wasm`);
    }
    // Count a copy's chunks: the original stays a real network response, which the browser's
    // compiled-wasm cache needs.
    if (response.body) countChunks(response.clone().body);
    return response;
  };
  return broken;
}

async function countChunks(body) {
  const reader = body.getReader();
  try {
    while (!(await reader.read()).done) progress();
  } catch {
    // The original response reports its own failure to whoever reads it.
  }
}
