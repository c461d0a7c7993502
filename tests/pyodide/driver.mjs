// Runs the shipped quiz engine under Node, offline, the way engine-worker.js boots it (engine-boot.js):
// the built runtime folder, from its snapshot or normally, then the page's lock-down, then a table of requests.
// Usage: node driver.mjs <runtime dir> <catalog.json> <requests.json: [request text]> snapshot|normal
// Prints one JSON object: {"responses": [<response per request>], "stringCode": {<way>: what it threw, or "ran"}}
// or {"error": message}.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  ENGINE_INFO, SNAPSHOT, bootFromSnapshot, bootNormally, refuseStringEval,
} from "../../docs/assets/js/engine-boot.js";

// Each way JavaScript turns a string into code; the lock-down must refuse every one.
const STRING_CODE = {
  "eval": () => eval("1"),
  "indirect eval": () => (0, eval)("1"),
  "new Function": () => new Function("return 1"),
  "a function's constructor": () => function () {}.constructor("return 1"),
  "AsyncFunction": () => (async () => {}).constructor("return 1"),
  "GeneratorFunction": () => function* () {}.constructor("yield 1"),
  "AsyncGeneratorFunction": () => async function* () {}.constructor("yield 1"),
  "setTimeout": () => clearTimeout(setTimeout("1")),
  "setInterval": () => clearInterval(setInterval("1")),
};

function tryStringCode() {
  return Object.fromEntries(Object.entries(STRING_CODE).map(([way, run]) => {
    try {
      run();
      return [way, "ran"];
    } catch (error) {
      return [way, error.name];
    }
  }));
}

const [runtimeDir, catalogPath, requestsPath, boot] = process.argv.slice(2);

async function main() {
  const folder = path.resolve(runtimeDir) + path.sep;
  const { loadPyodide } = await import(pathToFileURL(folder + "pyodide.mjs").href);
  const info = JSON.parse(await readFile(folder + ENGINE_INFO, "utf8"));
  const handle = boot === "snapshot"
    ? await bootFromSnapshot(loadPyodide, folder, info, readFile(folder + SNAPSHOT))
    : await bootNormally(loadPyodide, folder, info, await readFile(catalogPath, "utf8"));
  refuseStringEval();
  const requests = JSON.parse(await readFile(requestsPath, "utf8"));
  return { responses: requests.map((request) => JSON.parse(handle(request))), stringCode: tryStringCode() };
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => {
    process.stdout.write(JSON.stringify({ error: String(error?.message ?? error) }));
    process.exitCode = 1;
  },
);
