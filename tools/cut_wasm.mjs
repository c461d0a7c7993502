// Cut Pyodide's wasm to the exports its JavaScript can reach, run by essay_plugin/runtime.py before the snapshot:
//
//   node tools/cut_wasm.mjs <runtime dir>    rewrites <runtime dir>/pyodide.asm.wasm; prints {"exports", "kept"}
//
// The wasm exports 9,708 functions and globals for any C extension a package might link against; the engine loads
// no package, and its JavaScript (pyodide.asm.js, Emscripten's glue, and pyodide.mjs) names about 150. Binaryen's
// wasm-metadce drops the rest and all the code only they reach: 12% of the wasm, 0.2 MB of every reader's download.
// Afterwards no shared library can load, and ctypes finds no symbol in the main module.
//
// An export is kept when the JavaScript could reach it at all, read from its syntax tree:
// - any reference to it other than the glue's own binding (`var _x = Module["_x"] = wasmExports["x"]`): the
//   binding `_x`, a member `._x` or `["_x"]` of any object (pyodide.mjs reaches Module under a minified name),
//   `wasmExports.x`;
// - any string equal to its name or to `_x` (the glue looks up "main" and maps it to "__main_argc_argv"; the
//   JSPI path reads `wasmExports._pyproxy_apply_promising`);
// - any name the wasm imports from GOT.func or GOT.mem: the loader fills those from the main module's exports.
// Data symbols need no export: the glue writes their addresses as numbers.
// Every boot path runs on the cut wasm in the suite (tests/pyodide under Node, tests/browser in the browsers).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as acorn from "acorn";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const METADCE = path.join(ROOT, "node_modules", ".bin", "wasm-metadce");
// The wasm has no target_features section: binaryen must be told what it uses (validated with these; the rest of
// what Pyodide's browsers support is harmless to allow).
const FEATURES = [
  "--mvp-features", "--enable-mutable-globals", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
  "--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-reference-types", "--enable-exception-handling",
];

/** Every node of an acorn syntax tree, each with its parent. */
function* nodesOf(node, parent = null) {
  yield [node, parent];
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child.type === "string") yield* nodesOf(child, node);
    }
  }
}

const propertyName = (member) => (!member.computed ? member.property.name
  : member.property.type === "Literal" && typeof member.property.value === "string" ? member.property.value : null);

/** The glue's bindings, `var _x = (Module["_x"] = wasmExports["x"])` or `var _x = wasmExports["x"]`: their
 * declarators, and the JS name `_x` → the export "x". */
function bindingsOf(glue) {
  const declarators = new Set();
  const exportOf = new Map();
  for (const [node] of nodesOf(glue)) {
    if (node.type !== "VariableDeclarator" || node.id.type !== "Identifier" || !node.init) continue;
    const read = node.init.type === "AssignmentExpression" && node.init.left.type === "MemberExpression"
      && node.init.left.object.name === "Module" ? node.init.right : node.init;
    if (read.type === "MemberExpression" && read.object.name === "wasmExports" && propertyName(read) !== null) {
      declarators.add(node);
      exportOf.set(node.id.name, propertyName(read));
    }
  }
  return { declarators, exportOf };
}

/** The names of the exports the JavaScript `programs` can reach (see the top of this file). */
function reachedExports(programs, exports, imports) {
  const kept = new Set();
  const keep = (name) => exports.has(name) && kept.add(name);
  const { declarators, exportOf } = bindingsOf(programs[0]);
  const keepNamed = (name) => keep(name) || keep(exportOf.get(name));
  for (const program of programs) {
    const parents = new Map();
    for (const [node, parent] of nodesOf(program)) parents.set(node, parent);
    const inBinding = (node) => {
      for (let at = node; at; at = parents.get(at)) if (declarators.has(at)) return true;
      return false;
    };
    for (const [node, parent] of nodesOf(program)) {
      if (node.type === "MemberExpression" && propertyName(node) !== null && !inBinding(node)) keepNamed(propertyName(node));
      else if (node.type === "Literal" && typeof node.value === "string" && !inBinding(node)) keepNamed(node.value);
      else if (node.type === "TemplateElement") keepNamed(node.value.cooked);
      else if (node.type === "Identifier" && exportOf.has(node.name) && !inBinding(node)) {
        // `obj._x` and `{_x: …}` name a property, not the binding: the member rule above sees the first.
        const propertyKey = (parent?.type === "MemberExpression" && parent.property === node && !parent.computed)
          || (parent?.type === "Property" && parent.key === node && !parent.computed && !parent.shorthand);
        if (!propertyKey) keep(exportOf.get(node.name));
      }
    }
  }
  for (const { module, name } of imports) if (module === "GOT.func" || module === "GOT.mem") keep(name);
  return kept;
}

function cut(runtimeDir) {
  const wasmFile = path.join(runtimeDir, "pyodide.asm.wasm");
  const module = new WebAssembly.Module(readFileSync(wasmFile));
  const exports = new Set(WebAssembly.Module.exports(module).map(({ name }) => name));
  const parse = (file, sourceType) => acorn.parse(readFileSync(path.join(runtimeDir, file), "utf8"), { ecmaVersion: "latest", sourceType });
  const kept = reachedExports([parse("pyodide.asm.js", "script"), parse("pyodide.mjs", "module")], exports,
    WebAssembly.Module.imports(module));
  // metadce's graph: one node per export, the kept ones its roots; it drops whatever no root reaches.
  const graph = [...exports].map((name) => ({ name: `export$${name}`, export: name, ...(kept.has(name) && { root: true }) }));
  const work = mkdtempSync(path.join(tmpdir(), "cut-wasm-"));
  try {
    writeFileSync(path.join(work, "graph.json"), JSON.stringify(graph));
    execFileSync(METADCE, [wasmFile, ...FEATURES, "--graph-file", path.join(work, "graph.json"), "-o", path.join(work, "cut.wasm")],
      { stdio: ["ignore", "ignore", "inherit"] });
    writeFileSync(wasmFile, readFileSync(path.join(work, "cut.wasm")));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { exports: exports.size, kept: kept.size };
}

const [runtimeDir] = process.argv.slice(2);
if (!runtimeDir) {
  console.error("usage: node tools/cut_wasm.mjs <runtime dir>");
  process.exit(2);
}
console.log(JSON.stringify(cut(runtimeDir)));
