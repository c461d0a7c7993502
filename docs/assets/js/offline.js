// Registers the service worker that keeps the whole essay readable offline (sw.js, made by essay_plugin/offline.py),
// and moves the reader onto a new deploy only at a moment when nothing is lost.
//
// Updates: a new worker installs in the background and waits, so an open page keeps being served, whole,
// by the build it came from. When the reader next moves to another page, that page has only just
// appeared: nothing is typed or scrolled yet, so this script then lets the waiting worker take over
// and reloads the page from the new build (new-build.js; engine-client.js does the same at once on a page
// whose quiz runtime the deploy took off the host). Taking over at once (skipWaiting) would let the new worker
// delete the old build's cache under a page still using it; a prompt would ask readers a question
// they have no reason to care about. A worker that fails to install never takes over: the old one,
// or the network, keeps serving.

import { moveToNewBuild } from "./new-build.js";

const siteRoot = new URL("../../", import.meta.url); // this file is <site root>/assets/js/offline.js
const ENGINE_SETTLED_OR_GIVE_UP_MS = 20000;

let activeWorker = navigator.serviceWorker?.controller ?? null;
// True once a newer build's worker controls this page, which still shows the old build.
let pageIsOutdated = false;

// Safari has no requestIdleCallback: a second after `load` stands in for idle there.
const requestIdle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 1000));

function afterLoadAndIdle() {
  return new Promise((resolve) => {
    const whenIdle = () => requestIdle(() => resolve(), { timeout: 5000 });
    if (document.readyState === "complete") whenIdle();
    else addEventListener("load", whenIdle, { once: true });
  });
}

// A quiz page starts the quiz engine, which downloads the Pyodide runtime; precaching it at the same time
// would compete with it for the same megabytes and slow the first quiz. Afterwards the precache may take
// the runtime's content-hashed files from the HTTP cache, where the host allows it.
function afterQuizEngineSettles() {
  const root = document.documentElement;
  const settled = () => root.dataset.quizEngine !== "loading";
  if (settled()) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => settled() && done());
    const timer = setTimeout(done, ENGINE_SETTLED_OR_GIVE_UP_MS);
    function done() {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    }
    observer.observe(root, { attributes: true, attributeFilter: ["data-quiz-engine"] });
  });
}

function onControllerChange() {
  // The first visit's worker claiming the page changes nothing the page shows; a later change does.
  if (activeWorker) pageIsOutdated = true;
  activeWorker = navigator.serviceWorker.controller;
}

// Called when the reader has just arrived on another page through instant navigation.
async function onPageChange() {
  if (pageIsOutdated) return location.reload();
  const registration = await navigator.serviceWorker.getRegistration(siteRoot.href);
  if (!registration) return;
  if (registration.waiting && activeWorker) {
    await moveToNewBuild(registration.waiting);
  } else if (navigator.onLine) {
    // Instant navigation makes no full page loads, so the browser would not look for a new deploy itself.
    await registration.update().catch(() => {}); // offline or host down: the next page change tries again
  }
}

async function registerServiceWorker() {
  await afterLoadAndIdle();
  await afterQuizEngineSettles();
  await navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.href });
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("controllerchange", onControllerChange);
  // Material's document$ gives the first page, then each page instant navigation shows.
  let initialPage = true;
  window.document$?.subscribe(() => {
    if (!initialPage) onPageChange();
    initialPage = false;
  });
  registerServiceWorker().catch((error) => {
    // The site works without the worker, only not offline: say why, quietly.
    console.warn("Offline reading is unavailable:", error);
  });
}
