// How far the reader has come, from the statuses the engine saved on this device (progress-store.js):
// a ✓ next to each chapter in the navigation whose checkpoint is passed, and on the cover, the one
// call to action reads "Continue: <page>" once the reader has started. The engine decides what
// "done" means when it saves; this module only reads it, so it never starts the engine.
// Which page holds which quiz comes from <meta name="quiz-pages"> (essay_plugin/quizzes.py).

import { SITE_ROOT } from "./engine-client.js";
import { PROGRESS_EVENT, savedStatuses } from "./progress-store.js";

function quizPages() {
  try {
    return JSON.parse(document.querySelector('meta[name="quiz-pages"]')?.content ?? "[]");
  } catch {
    return [];
  }
}

function pageURL(page) {
  return new URL(page, SITE_ROOT).href;
}

/** "done", "started" or "not started" for each quiz of `pages`; saved for another version: not started. */
function quizStates(pages) {
  const saved = savedStatuses();
  const states = new Map();
  for (const { quiz, hash } of pages) {
    const entry = Object.hasOwn(saved, quiz) && saved[quiz].hash === hash ? saved[quiz] : null;
    states.set(quiz, entry?.status ?? "not started");
  }
  return states;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function markPassedCheckpoints(pages, states) {
  for (const mark of document.querySelectorAll(".progress-mark")) mark.remove();
  for (const { quiz, kind, page } of pages) {
    if (kind !== "checkpoint" || states.get(quiz) !== "done") continue;
    for (const link of document.querySelectorAll("a.md-nav__link[href]")) {
      if (link.href.split("#")[0] !== pageURL(page)) continue;
      const mark = element("span", "progress-mark");
      mark.append(element("span", "progress-mark__icon", "✓"), element("span", "progress-mark__text", "checkpoint passed"));
      mark.firstChild.setAttribute("aria-hidden", "true");
      (link.querySelector(".md-ellipsis") ?? link).append(mark);
    }
  }
}

/** The cover's call to action: "Start reading" as built, "Continue: <page>" once the reader has begun. */
function offerToContinue(pages, states) {
  const link = document.querySelector("a.cover-continue");
  if (!link) return;
  link.dataset.startText ??= link.textContent;
  link.dataset.startHref ??= link.getAttribute("href");
  const begun = [...states.values()].some((state) => state !== "not started");
  const next = pages.find(({ quiz }) => states.get(quiz) !== "done");
  if (begun && next) {
    link.textContent = `Continue: ${next.title}`;
    link.href = pageURL(next.page);
  } else {
    link.textContent = link.dataset.startText;
    link.setAttribute("href", link.dataset.startHref);
  }
}

function showProgress() {
  const pages = quizPages();
  if (!pages.length) return;
  const states = quizStates(pages);
  markPassedCheckpoints(pages, states);
  offerToContinue(pages, states);
}

document.addEventListener(PROGRESS_EVENT, showProgress);
if (window.document$) window.document$.subscribe(showProgress);
else showProgress();
