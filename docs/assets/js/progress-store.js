// The reader's progress, kept in localStorage on this device only. The engine owns the format: this
// module hands it the stored text as it is. `restore` says what the page may show of each of its quizzes
// (nothing saved for another version of a quiz), `save` returns the blob to store, each quiz's status
// included, so pages without a quiz can show progress (`savedStatuses`) without starting the engine.
//
// Nothing stored is ever dropped here: a save replaces its own quiz's entry in what storage holds at
// that moment and the engine keeps every other one as it was, so several tabs, or a page and an engine
// from different builds, never erase each other's progress. A save in another tab (the `storage` event)
// is announced like one of this tab's.

import { ask, SITE_ROOT } from "./engine-client.js";

// Scoped by the site's path, as Material scopes its own keys: two sites on one origin keep apart.
const STORAGE_KEY = `${SITE_ROOT.pathname}.quiz-progress`;
const UNSAVED_KEY = `${STORAGE_KEY}.unsaved`;
export const PROGRESS_EVENT = "quiz-progress"; // on document, whenever saved progress changes

let saving = Promise.resolve();

/**
 * What the page may show of its quizzes ({quizId: hash as the page states it}): {quizzes: {quizId: entry or
 * null}, notice}. Rejects with EngineError "stale_quiz" when a quiz is not the engine's version.
 */
export function restoreProgress(quizzes) {
  return ask("restore", { stored: readStorage(), quizzes });
}

/**
 * Record one quiz's entry (or forget it, with `entry` null) in what storage holds now. Resolves to whether
 * the browser kept it (false for blocked or full storage); rejects with the engine's error otherwise.
 */
export function saveQuiz(quiz, hash, entry) {
  const save = saving.then(async () => {
    const saved = await ask("save", { stored: readStorage(), quiz, hash, entry });
    const stored = writeStorage(saved);
    document.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
    return stored;
  });
  saving = save.catch(() => {}); // the next save starts afresh; this one's caller handles its error
  return save;
}

/** {quizId: entry} as stored, each entry an object with a string hash; {} when there is nothing usable. Read
 * without the engine, for display only: what is shown from here is compared with the page's own values. */
function storedEntries(text = readStorage()) {
  let saved = null;
  try {
    saved = JSON.parse(text);
  } catch {
    // not JSON: nothing to show
  }
  const quizzes = saved !== null && typeof saved === "object" ? saved.quizzes : null;
  const entries = {};
  if (quizzes === null || typeof quizzes !== "object") return entries;
  for (const [quiz, entry] of Object.entries(quizzes)) {
    if (entry !== null && typeof entry === "object" && typeof entry.hash === "string") entries[quiz] = entry;
  }
  return entries;
}

/** {quizId: {hash, status}} as the engine last saved them; {} when there is nothing usable. */
export function savedStatuses() {
  const statuses = {};
  for (const [quiz, entry] of Object.entries(storedEntries())) {
    if (typeof entry.status === "string") statuses[quiz] = { hash: entry.hash, status: entry.status };
  }
  return statuses;
}

/**
 * The answers saved for this version of a quiz, {answers, prediction, unsaved}, or null: shown at once, before the
 * engine has started (it restores the rest). Answers the reader gave while nothing could be saved (the
 * page left with the engine down, see keepUnsaved) come first.
 */
export function savedAnswers(quiz, hash) {
  for (const [unsaved, text] of [[true, readUnsaved()], [false, readStorage()]]) {
    const entries = storedEntries(text);
    const entry = Object.hasOwn(entries, quiz) && entries[quiz].hash === hash ? entries[quiz] : null;
    if (entry) return { answers: entry.answers ?? {}, prediction: entry.prediction ?? null, unsaved };
  }
  return null;
}

/**
 * Answers on screen that could not be saved (the engine is down or starting) as the page goes: kept in
 * this tab's sessionStorage for the next page to show and save ({quizId: {hash, answers, prediction}}).
 */
export function keepUnsaved(quizzes) {
  try {
    sessionStorage.setItem(UNSAVED_KEY, JSON.stringify({ quizzes }));
  } catch {
    // blocked: nothing more can be kept
  }
}

/** Forget the unsaved answers of one quiz, once they are saved (or cleared). */
export function forgetUnsaved(quiz) {
  const { [quiz]: _, ...others } = storedEntries(readUnsaved());
  try {
    if (Object.keys(others).length) sessionStorage.setItem(UNSAVED_KEY, JSON.stringify({ quizzes: others }));
    else sessionStorage.removeItem(UNSAVED_KEY);
  } catch {
    // blocked: nothing was kept
  }
}

function readUnsaved() {
  try {
    return sessionStorage.getItem(UNSAVED_KEY);
  } catch {
    return null;
  }
}

window.addEventListener("storage", (event) => {
  if (event.key === STORAGE_KEY || event.key === null) document.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
});

/** The text stored, or null: nothing stored, or storage blocked by the browser's settings (start afresh). */
function readStorage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
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
