// The reader's progress, kept in localStorage on this device only. The engine owns the format:
// `restore` checks and upgrades what was saved (ignoring corrupt, old or hostile data with a notice),
// `save` turns the progress into the versioned blob that is stored.

import { ask } from "./engine-client.js";

const STORAGE_KEY = "quiz-progress";

let restored = null; // Promise of {progress: {quizId: {hash, answers, prediction?, checked}}, notice}
let saving = Promise.resolve();

/** What was saved, read once per tab: instant navigation keeps it in memory. */
export function restoreProgress() {
  restored ??= ask("restore", { saved: readStorage() }).catch((error) => {
    if (error.code === "engine_failed") {
      restored = null; // ask again once the engine is back
      throw error;
    }
    // Saved data the engine refuses even to read (far too big or deep): start afresh.
    return { progress: {}, notice: "Your saved answers could not be read, so the quizzes start afresh." };
  });
  return restored;
}

/** Record one quiz's state (or forget it, with `entry` null) and store the whole progress. */
export function saveQuiz(quizId, entry) {
  saving = saving.then(async () => {
    const { progress } = await restoreProgress();
    if (entry) progress[quizId] = entry;
    else delete progress[quizId];
    writeStorage(await ask("save", { progress }));
  }).catch(() => {}); // an engine that is down has already said so on the page
  return saving;
}

function readStorage() {
  let text;
  try {
    text = localStorage.getItem(STORAGE_KEY);
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
  } catch {
    // Full or blocked storage: the answers stay on the page, only reloading loses them.
  }
}
