// Build-time steps of the quiz engine that need Pyodide itself, run by essay_plugin/runtime.py under Node:
//
//   node tools/engine_snapshot.mjs modules  <runtime dir> <catalog.json>   prints the stdlib zip entries used
//   node tools/engine_snapshot.mjs snapshot <runtime dir> <catalog.json>   writes <runtime dir>/snapshot.bin and the
//                                                                           (empty) stdlib it boots with
//   node tools/engine_snapshot.mjs encoded                                  prints {streams: the files that ship encoded,
//                                                                           by brotli stream, suffix}
//   node tools/engine_snapshot.mjs compress <JSON: [[file, ...], ...]>      writes <file>.br, each list one stream
//
// Both boots are the page's own (docs/assets/js/engine-boot.js): the runtime dir's engine.json lock and
// stdlib, quiz_py imported, the catalogue loaded. The snapshot is taken right there, so a reader's engine
// starts with all of that done. It is reproducible: Python's hash seed is fixed (engine-boot.js), and the
// other inputs that vary, the clock, the random source and the program's path, are pinned here.

import { createHash } from "node:crypto";
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

import {
  ENCODED_STREAMS, ENCODED_SUFFIX, ENGINE_INFO, SNAPSHOT, SNAPSHOT_STDLIB, bootNormally, sparseSnapshot,
} from "../docs/assets/js/engine-boot.js";

const ZIP_IN_FS = /^\/lib\/python\d+\.zip\//;
// A zip with no entries: its end-of-central-directory record alone.
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

function pinClockAndRandomness() {
  // A fixed xorshift stream instead of the OS's randomness; a clock that never moves.
  let state = 0x9e3779b9;
  const fill = (view) => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
      bytes[i] = state & 0xff;
    }
    return view;
  };
  nodeCrypto.randomFillSync = fill;
  Object.defineProperty(globalThis.crypto, "getRandomValues", { value: fill });
  Date.now = () => 0;
  performance.now = () => 0;
}

// The page's normal boot (engine-boot.js); `options` are added to loadPyodide's.
async function bootEngine(runtimeDir, catalogPath, options = {}) {
  const folder = path.resolve(runtimeDir) + path.sep;
  const info = JSON.parse(readFileSync(folder + ENGINE_INFO, "utf8"));
  const { loadPyodide } = await import(pathToFileURL(folder + "pyodide.mjs").href);
  let pyodide;
  const keep = async (config) => (pyodide = await loadPyodide({ ...config, ...options }));
  await bootNormally(keep, folder, info, readFileSync(catalogPath, "utf8"));
  return pyodide;
}

async function usedStdlibEntries(runtimeDir, catalogPath) {
  const pyodide = await bootEngine(runtimeDir, catalogPath);
  const origins = pyodide.runPython(
    "import sys; [getattr(m.__spec__, 'origin', None) or '' for m in list(sys.modules.values()) if getattr(m, '__spec__', None)]",
  ).toJs();
  return [...new Set(origins.filter((origin) => ZIP_IN_FS.test(origin)).map((o) => o.replace(ZIP_IN_FS, "")))].sort();
}

async function makeSnapshot(runtimeDir, catalogPath) {
  pinClockAndRandomness();
  const pyodide = await bootEngine(runtimeDir, catalogPath, { _makeSnapshot: true });
  const image = pyodide.makeMemorySnapshot();
  const snapshot = sparseSnapshot(image);
  writeFileSync(path.join(runtimeDir, SNAPSHOT), snapshot);
  writeFileSync(path.join(runtimeDir, SNAPSHOT_STDLIB), EMPTY_ZIP);
  return { file: SNAPSHOT, sha256: createHash("sha256").update(snapshot).digest("hex"), size: image.length };
}

// Brotli at its best, with its largest window (the wasm and the snapshot make 20 MB), each stream on its own thread
// (zlib's async work runs in Node's thread pool). A stream's files are written in turn and flushed where each ends,
// so each file's part holds every byte of it: the first decodes alone, the next continues it (engine-boot.js,
// ENCODED_STREAMS).
async function compress(streams) {
  await Promise.all(streams.map(async (files) => {
    const contents = files.map((file) => readFileSync(file));
    const encoder = zlib.createBrotliCompress({ params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: contents.reduce((sum, content) => sum + content.length, 0),
    } });
    const parts = [];
    encoder.on("data", (chunk) => parts.push(chunk));
    const ended = new Promise((resolve, reject) => encoder.on("end", resolve).on("error", reject));
    for (const [n, content] of contents.entries()) {
      if (n === contents.length - 1) {
        encoder.end(content);
        await ended;
      } else {
        encoder.write(content);
        await new Promise((resolve) => encoder.flush(zlib.constants.BROTLI_OPERATION_FLUSH, resolve));
      }
      writeFileSync(files[n] + ENCODED_SUFFIX, Buffer.concat(parts.splice(0)));
    }
  }));
  return streams.length;
}

const [command, ...args] = process.argv.slice(2);
// Emscripten names the program after Node's argv[1], this file's path, and the snapshot keeps the name: one
// constant name, so the same commit built in any folder gives the same bytes (and runtime folder name).
process.argv[1] = "/engine_snapshot.mjs";
const commands = {
  modules: () => usedStdlibEntries(...args),
  snapshot: () => makeSnapshot(...args),
  encoded: () => ({ streams: ENCODED_STREAMS, suffix: ENCODED_SUFFIX }),
  compress: () => compress(JSON.parse(args[0])),
};
if (!(command in commands)) {
  console.error("usage: node tools/engine_snapshot.mjs modules|snapshot <runtime dir> <catalog.json> | encoded | compress <JSON: [[file, ...], ...]>");
  process.exit(2);
}
console.log(JSON.stringify(await commands[command]()));
