// Runs the shipped quiz engine under Node, offline, the way engine-worker.js boots it (engine-boot.js):
// the built runtime folder, from its snapshot or normally, then the page's lock-down, then a table of requests.
// Usage: node driver.mjs <runtime dir> <catalog.json> <requests.json: [request text]> snapshot|normal
// Prints one JSON object: {"responses": [<response per request>]} or {"error": message}.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  ENGINE_INFO, SNAPSHOT, bootFromSnapshot, bootNormally, refuseStringEval,
} from "../../docs/assets/js/engine-boot.js";

const [runtimeDir, catalogPath, requestsPath, boot] = process.argv.slice(2);

async function main() {
  const folder = path.resolve(runtimeDir) + path.sep;
  const { loadPyodide } = await import(pathToFileURL(folder + "pyodide.mjs").href);
  const info = JSON.parse(await readFile(folder + ENGINE_INFO, "utf8"));
  const handle = boot === "snapshot"
    ? await bootFromSnapshot(loadPyodide, folder, info, new Uint8Array(await readFile(folder + SNAPSHOT)))
    : await bootNormally(loadPyodide, folder, info, await readFile(catalogPath, "utf8"));
  refuseStringEval();
  const requests = JSON.parse(await readFile(requestsPath, "utf8"));
  return { responses: requests.map((request) => JSON.parse(handle(request))) };
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => {
    process.stdout.write(JSON.stringify({ error: String(error?.message ?? error) }));
    process.exitCode = 1;
  },
);
