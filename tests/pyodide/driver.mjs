// Runs the engine's API in Pyodide under Node, offline: the shipped wheel, the catalog, a table of requests.
// Usage: node driver.mjs <pyodide dir> <compiled wheel> <catalog.json> <cases.json>
// Prints one JSON object: {"load": <response>, "responses": [<response per case>]} or {"error": message}.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, wheelPath, catalogPath, casesPath] = process.argv.slice(2);

async function main() {
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep });
  const problems = [];
  // loadPackage reports failures through errorCallback rather than rejecting: treat any as fatal.
  await pyodide.loadPackage(wheelPath, { messageCallback: () => {}, errorCallback: (message) => problems.push(message) });
  if (problems.length) throw new Error(`installing the wheel failed: ${problems.join("; ")}`);
  const api = pyodide.pyimport("quiz_py.api");
  const catalog = JSON.parse(await readFile(catalogPath, "utf8"));
  const cases = JSON.parse(await readFile(casesPath, "utf8"));
  const call = (text) => JSON.parse(api.handle(text));
  const load = call(JSON.stringify({ op: "load", catalog }));
  const responses = cases.map((c) => call("raw" in c ? c.raw : JSON.stringify(c.request)));
  const runtime = pyodide.runPython("import sys, quiz_py.api as a; f'{sys.version_info[0]}.{sys.version_info[1]} {a.__file__}'");
  return { load, responses, runtime };
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => {
    process.stdout.write(JSON.stringify({ error: String(error?.stack ?? error) }));
    process.exitCode = 1;
  },
);
