// The page's side of the quiz engine: ONE module worker per tab (this module outlives instant
// navigation), requests matched to responses by id, and the engine's state on
// <html data-quiz-engine="loading|ready|failed"> at all times. Nothing starts until a page with a quiz
// asks: engine-start.js at the top of such a page, or the first `ask`.
//
// A page whose runtime folder a deploy took off the host (its service worker still serves the old build's
// pages) cannot start the engine, now or ever: it moves to the new build instead of failing (new-build.js; the
// page is told first, NEW_BUILD_EVENT, to keep the reader's answers).

import { ENGINE_INFO } from "./engine-boot.js";
import { moveToNewBuild, newBuildWaiting } from "./new-build.js";

// This file is assets/js/engine-client.js: the site root is two levels up, wherever the site is served.
export const SITE_ROOT = new URL("../../", import.meta.url);
const RUNTIME_META = 'meta[name="quiz-engine-runtime"]';
const CATALOG_URL = new URL("assets/engine/catalog.json", SITE_ROOT); // essay_plugin/quizzes.py writes it
// Pyodide reports progress while it downloads; a start that shows none for this long has stalled
// (it waits forever on a wasm it may not compile, for one). The worker gives up a stalled snapshot sooner and
// boots normally (engine-worker.js).
const STALL_TIMEOUT_MS = 10_000;
// Every request is answered in milliseconds; one unanswered for this long means a hung or dead worker.
const REQUEST_TIMEOUT_MS = 10_000;

export class EngineError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

let worker = null;
let state = "loading";
let failure = "";
let boot = ""; // "snapshot" or "normal" (engine-worker.js), once ready
// The runtime's download while starting: bytes received of the total, which is null until the worker knows it.
let download = { received: 0, total: null };
let watchdog = 0;
let nextRequestId = 1;
let restartedForFault = false; // a worker that hangs or dies once is restarted; twice in a row, reported
// How the next start differs from a first one: `fresh` skips the snapshot and any cached catalogue, `reload`
// fetches the runtime past the browser's cache.
let nextStart = {};
const queued = []; // requests asked before the engine was ready: {message, settle}
const inFlight = new Map(); // request id → {request, timer}
const stateListeners = new Set();
const downloadListeners = new Set();

/** Start the engine ahead of any request, as a page with a quiz opens, unless the reader's browser asks to save
 * data (Save-Data): then nothing downloads until the first request, the reader's Check (saves wait for the
 * engine's restore, quiz-page.js). */
export function startEngineAhead() {
  if (!navigator.connection?.saveData) startEngine();
}

/** Start the engine once; later calls (every instant navigation) keep the running one. */
export function startEngine() {
  if (worker) return;
  setState("loading");
  const runtime = document.querySelector(RUNTIME_META)?.content;
  if (typeof WebAssembly !== "object") return fail("this browser cannot run WebAssembly");
  let started;
  try {
    started = new Worker(new URL("./engine-worker.js", import.meta.url), { type: "module", name: "quiz-engine" });
  } catch {
    return fail("this browser cannot run the engine's module worker");
  }
  worker = started;
  download = { received: 0, total: null };
  // A stopped worker's last messages may still be queued: only the current worker's count.
  started.addEventListener("message", (event) => {
    if (started === worker) onWorkerMessage(event);
  });
  started.addEventListener("error", (event) => {
    event.preventDefault(); // reported on the page, not as an uncaught error
    if (started !== worker) return;
    if (state === "ready") recoverFromFault("the engine stopped");
    else fail("the engine's script could not be loaded");
  });
  if (!runtime) return fail("this page does not say where the Python runtime is");
  const catalogURL = new URL(CATALOG_URL);
  const { fresh = false, reload = false } = nextStart;
  nextStart = {};
  // A cache-busting address: no browser cache or service worker precache can answer with an old catalogue.
  if (fresh) catalogURL.searchParams.set("fresh", String(Date.now()));
  const runtimeURL = new URL(runtime, SITE_ROOT).href;
  worker.postMessage({ type: "start", runtimeURL, catalogURL: catalogURL.href, fresh, reload, stallTimeoutMs: STALL_TIMEOUT_MS });
  armWatchdog();
}

/** The page and the engine disagree about a quiz: start again without the snapshot, the catalogue fetched
 * past every cache. */
export function restartWithFreshCatalogue() {
  restart({ fresh: true });
}

/** The reader asked to try again: a fault after this start gets its one restart again. The runtime is fetched
 * past the browser's cache, which may hold the errors that made the last start fail (a host that lets a 404
 * be cached for a year: tools/static_host.py says which do). */
export function retryEngine() {
  restartedForFault = false;
  restart({ reload: true });
}

// Stop the engine and start another (`how`: nextStart); queued requests, and those the stopped one had not
// answered, wait for it.
function restart(how = {}) {
  queued.unshift(...takeInFlight());
  worker?.terminate();
  worker = null;
  clearTimeout(watchdog);
  nextStart = how;
  startEngine();
}

// A worker that stops answering after it was ready: start another once and send it what was pending.
function recoverFromFault(message) {
  if (restartedForFault) return fail(message); // fail() rejects what is queued and in flight: the page reports it
  restartedForFault = true;
  restart();
}

/** The engine's state, why it failed if it did, how it booted once ready ("snapshot" or "normal"), and how far
 * its download has come ({received, total} in bytes). */
export function engineState() {
  return { state, failure, boot, download };
}

/** Call `listener(download)` as the runtime downloads; returns the unsubscribe function. */
export function onEngineDownload(listener) {
  downloadListeners.add(listener);
  return () => downloadListeners.delete(listener);
}

/** Call `listener(state, failure)` on every change of state; returns the unsubscribe function. */
export function onEngineState(listener) {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Ask the engine; resolves with `result`, rejects with an EngineError (code "engine_failed" if it is down). */
export function ask(op, args = {}) {
  startEngine();
  return new Promise((resolve, reject) => {
    const request = { message: JSON.stringify({ op, ...args }), settle: { resolve, reject } };
    if (state === "ready") send(request);
    else if (state === "failed") reject(new EngineError("engine_failed", failure));
    else queued.push(request);
  });
}

function send(request) {
  const id = nextRequestId++;
  const timer = setTimeout(() => recoverFromFault("the engine stopped answering"), REQUEST_TIMEOUT_MS);
  inFlight.set(id, { request, timer });
  worker.postMessage({ type: "request", id, request: request.message });
}

function onWorkerMessage({ data }) {
  if (data.type === "progress") {
    armWatchdog();
    download = { received: data.received, total: data.total };
    for (const listener of downloadListeners) listener(download);
  } else if (data.type === "ready") {
    clearTimeout(watchdog);
    boot = data.boot;
    keepForOffline(data.files);
    setState("ready");
    queued.splice(0).forEach(send);
  } else if (data.type === "failed") startFailed(data.message);
  else if (data.type === "response") {
    const entry = inFlight.get(data.id);
    if (!entry) return; // answered after it was given up on and sent again
    inFlight.delete(data.id);
    clearTimeout(entry.timer);
    restartedForFault = false;
    const { settle } = entry.request;
    const response = JSON.parse(data.response);
    if (response.ok) settle.resolve(response.result);
    else settle.reject(new EngineError(response.error.code, response.error.message));
  }
}

// The runtime is not precached (a reader who only reads never downloads it): once it has run, the site's
// service worker keeps the files it took (Workbox's CACHE_URLS message, routed by tools/
// generate_service_worker.mjs), so quizzes work offline from then on. On a first visit the worker only
// takes control after the engine has started (offline.js waits for it), hence the wait for a controller.
function keepForOffline(urls) {
  const serviceWorker = navigator.serviceWorker;
  if (!serviceWorker) return;
  const send = () => serviceWorker.controller.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: urls } });
  if (serviceWorker.controller) send();
  else serviceWorker.addEventListener("controllerchange", send, { once: true });
}

/** The requests sent and not yet answered, their timers stopped: to send again, or to give up on. */
function takeInFlight() {
  const requests = [...inFlight.values()].map(({ request, timer }) => (clearTimeout(timer), request));
  inFlight.clear();
  return requests;
}

// A start failed: say so, unless the runtime is gone and there is a newer build to move to.
async function startFailed(message) {
  const failed = worker;
  failed.terminate();
  clearTimeout(watchdog);
  const newBuild = (await runtimeIsGone()) && (await newBuildWaiting(SITE_ROOT.href));
  if (worker !== failed) return; // started again meanwhile
  if (!newBuild) return fail(message);
  armWatchdog(); // the page reloads long before, unless something stops the move: then it fails as a start does
  moveToNewBuild(newBuild);
}

// Whether the host answers "not found" for the page's runtime, past every cache (a service worker's copy aside).
// A page no service worker serves came from the host as it is now, not from an older build.
async function runtimeIsGone() {
  if (!navigator.serviceWorker?.controller) return false;
  const runtime = new URL(document.querySelector(RUNTIME_META).content, SITE_ROOT);
  const response = await fetch(new URL(ENGINE_INFO, runtime), { cache: "reload" }).catch(() => null);
  return response?.status === 404;
}

function armWatchdog() {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => fail("the engine stopped starting"), STALL_TIMEOUT_MS);
}

function fail(message) {
  clearTimeout(watchdog);
  worker?.terminate();
  failure = message;
  setState("failed");
  const abandoned = [...queued.splice(0), ...takeInFlight()];
  for (const { settle } of abandoned) settle.reject(new EngineError("engine_failed", message));
}

function setState(next) {
  state = next;
  document.documentElement.dataset.quizEngine = next;
  for (const listener of stateListeners) listener(state, failure);
}
