// The reader's progress, kept in localStorage on this device only. The engine owns the format:
// `restore` checks and upgrades what was saved (ignoring corrupt, old or hostile data with a notice),
// `save` turns the progress into the versioned blob that is stored, each quiz's status included, so
// pages without a quiz can show progress (`savedStatuses`) without starting the engine.
//
// Several tabs may be open: each save merges this quiz's entry into what is in storage at that
// moment, and a save in another tab (the `storage` event) refreshes what this tab has read.

import { ask, SITE_ROOT } from "./engine-client.js";

// Scoped by the site's path, as Material scopes its own keys: two sites on one origin keep apart.
const STORAGE_KEY = `${SITE_ROOT.pathname}.quiz-progress`;
const UNSCOPED_KEY = "quiz-progress"; // before scoping; read when the scoped key is absent
export const PROGRESS_EVENT = "quiz-progress"; // on document, whenever saved progress changes
const UNREADABLE_NOTICE = "Your saved answers could not be read, so the quizzes start afresh.";

let restored = null; // Promise of {progress: {quizId: entry}, notice}
let saving = Promise.resolve();

/** What was saved, read once per tab (instant navigation keeps it in memory) until it changes. */
export function restoreProgress() {
  restored ??= restore(readStorage()).catch((error) => {
    restored = null; // ask again next time
    if (error.code === "engine_failed") throw error;
    // Saved data the engine refuses even to read (far too big or deep): start afresh.
    return { progress: {}, notice: UNREADABLE_NOTICE };
  });
  return restored;
}

function restore(saved) {
  return ask("restore", { saved });
}

/**
 * Record one quiz's entry (or forget it, with `entry` null), merged into what storage holds now.
 * Resolves to {stored, dropped}: stored is false when the browser keeps nothing (blocked or full storage);
 * dropped lists entries the engine refused ({quiz, reason}).
 */
export function saveQuiz(quizId, entry) {
  const save = saving.then(async () => {
    const { progress } = await restore(readStorage()).catch((error) => {
      if (error.code === "engine_failed") throw error;
      return { progress: {} }; // what storage holds cannot even be read: this save replaces it
    });
    if (entry) progress[quizId] = entry;
    else delete progress[quizId];
    // An entry the engine drops is a bug in this page's code; the others are saved regardless.
    const { saved, dropped } = await ask("save", { progress });
    const stored = writeStorage(saved);
    restored = Promise.resolve({ progress: saved.quizzes, notice: null });
    document.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
    return { stored, dropped };
  });
  saving = save.catch(() => {}); // the next save starts afresh; this one's caller handles its error
  return save;
}

/** {quizId: {hash, status}} as the engine last saved them; {} when there is nothing usable. */
export function savedStatuses() {
  const saved = readStorage();
  const quizzes = saved !== null && typeof saved === "object" ? saved.quizzes : null;
  const statuses = {};
  if (quizzes === null || typeof quizzes !== "object") return statuses;
  for (const [quiz, entry] of Object.entries(quizzes)) {
    if (entry !== null && typeof entry === "object" && typeof entry.hash === "string" && typeof entry.status === "string") {
      statuses[quiz] = { hash: entry.hash, status: entry.status };
    }
  }
  return statuses;
}

window.addEventListener("storage", (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  restored = null;
  document.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
});

function readStorage() {
  let text;
  try {
    text = localStorage.getItem(STORAGE_KEY) ?? localStorage.getItem(UNSCOPED_KEY);
  } catch {
    return null; // storage blocked by the browser's settings: start afresh
  }
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON: the engine sets it aside with its notice
  }
}

function writeStorage(blob) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(blob));
    return true;
  } catch {
    return false; // full or blocked: the answers stay on the page, only leaving it loses them
  }
}
