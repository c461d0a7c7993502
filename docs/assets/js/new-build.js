// Moving an open page onto a newer build of the site, which its service worker installs beside the old one
// (sw.js, tools/generate_service_worker.mjs). This happens only when nothing is lost by it: when the reader has
// just moved to another page (offline.js), or when the page's own quiz runtime is gone from the host, so its quizzes
// could never be checked (engine-client.js). No side effects on import: `mkdocs serve` pages load engine-client.js
// without any caching service worker.
//
// The page is told first: NEW_BUILD_EVENT on `document`. A listener may call `event.detail.waitUntil(promise)`
// to keep what the reader has done (answers typed while the engine could not start are not saved yet); the
// move waits until every such promise settles, at most PAGE_PREPARES_WITHIN_MS. Then the new build's worker
// takes over and the page reloads from it.

export const NEW_BUILD_EVENT = "quiz-new-build";
const PAGE_PREPARES_WITHIN_MS = 5000;
// Installing a build precaches the whole site (well under a megabyte); past this, the page stays as it is.
const INSTALLED_WITHIN_MS = 30_000;

/** The worker of a newer build, installed and waiting, after asking the host for one; null if there is none (or
 * it did not install in time). */
export async function newBuildWaiting(scope) {
  const registration = await navigator.serviceWorker?.getRegistration(scope);
  if (!registration?.active) return null;
  await registration.update().catch(() => {}); // offline or host down: no newer build to be had now
  const next = registration.installing ?? registration.waiting;
  return next && (await installed(next)) ? next : null;
}

function installed(worker) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle(false), INSTALLED_WITHIN_MS);
    const check = () => {
      if (worker.state === "redundant") settle(false); // its install failed: the current build keeps serving
      else if (worker.state !== "installing") settle(true);
    };
    function settle(done) {
      clearTimeout(timer);
      worker.removeEventListener("statechange", check);
      resolve(done);
    }
    worker.addEventListener("statechange", check);
    check();
  });
}

/** Tell the page (NEW_BUILD_EVENT), let the `waiting` worker take over, and reload the page from it. */
export async function moveToNewBuild(waiting) {
  const preparing = [];
  document.dispatchEvent(new CustomEvent(NEW_BUILD_EVENT, { detail: { waitUntil: (promise) => preparing.push(promise) } }));
  const deadline = new Promise((resolve) => setTimeout(resolve, PAGE_PREPARES_WITHIN_MS));
  await Promise.race([Promise.allSettled(preparing), deadline]);
  const serviceWorker = navigator.serviceWorker;
  if (serviceWorker.controller === waiting) return location.reload(); // another tab let it take over meanwhile
  serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
  waiting.postMessage({ type: "SKIP_WAITING" });
}
