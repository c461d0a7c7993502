// How far the reader has come, from the progress saved on this device (progress-store.js, through the
// engine's restore op): a ✓ next to each chapter in the navigation whose checkpoint is done, a summary
// above the self-assessment, and "Continue where you left off" on the cover. Which page holds which quiz
// comes from <meta name="quiz-pages"> (hooks/quiz_pages.py).
//
// The quizzes on the page on screen count as the reader leaves them (checked, reset, half answered), not
// as last saved: their forms are the newest state, and saving them happens after the page has changed.

import { SITE_ROOT } from "./engine-client.js";
import { restoreProgress } from "./progress-store.js";

const KIND_NAMES = { sort: "sorting exercise", assessment: "self-assessment", checkpoint: "checkpoint" };

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

/** "done", "started" or "not started" for each quiz of `quizPages`. */
function quizStates(quizPages, progress) {
  const states = new Map();
  for (const { quiz, hash } of quizPages) {
    const form = document.querySelector(`form.quiz[data-quiz="${CSS.escape(quiz)}"]`);
    const saved = Object.hasOwn(progress, quiz) && progress[quiz].hash === hash ? progress[quiz] : null;
    const done = form ? "checked" in form.dataset : Boolean(saved?.checked);
    const started = form ? form.querySelector("input:checked") !== null : Object.keys(saved?.answers ?? {}).length > 0;
    states.set(quiz, done ? "done" : started ? "started" : "not started");
  }
  return states;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function markDoneChapters(quizPages, states) {
  for (const mark of document.querySelectorAll(".progress-mark")) mark.remove();
  for (const { quiz, kind, page } of quizPages) {
    if (kind !== "checkpoint" || states.get(quiz) !== "done") continue;
    for (const link of document.querySelectorAll("a.md-nav__link[href]")) {
      if (link.href.split("#")[0] !== pageURL(page)) continue;
      const mark = element("span", "progress-mark");
      mark.append(element("span", "progress-mark__icon", "✓"), element("span", "progress-mark__text", "checkpoint done"));
      mark.firstChild.setAttribute("aria-hidden", "true");
      (link.querySelector(".md-ellipsis") ?? link).append(mark);
    }
  }
}

function summary(quizPages, states) {
  const checkpoints = quizPages.filter((entry) => entry.kind === "checkpoint");
  const done = checkpoints.filter((entry) => states.get(entry.quiz) === "done").length;
  const parts = [`${done} of ${checkpoints.length} checkpoints done`];
  for (const { quiz, kind } of quizPages) {
    if (kind !== "checkpoint" && kind !== "assessment") parts.push(`${KIND_NAMES[kind] ?? kind} ${states.get(quiz)}`);
  }
  return `Your progress: ${parts.join(", ")}.`;
}

function showSummaryAboveAssessment(quizPages, states) {
  const assessment = document.querySelector('form.quiz[data-quiz-kind="assessment"]');
  if (!assessment) return;
  const paragraph = document.querySelector(".progress-summary") ?? element("p", "progress-summary");
  paragraph.textContent = summary(quizPages, states);
  if (!paragraph.isConnected) assessment.before(paragraph);
}

function offerToContinue(quizPages, states) {
  document.querySelector(".progress-continue")?.remove();
  const onCover = new URL(location.href).pathname === SITE_ROOT.pathname;
  const anyProgress = [...states.values()].some((state) => state !== "not started");
  const next = quizPages.find(({ quiz }) => states.get(quiz) !== "done");
  if (!onCover || !anyProgress || !next) return;
  const link = element("a", "md-button md-button--primary progress-continue", `Continue where you left off: ${next.title}`);
  link.href = pageURL(next.page);
  document.querySelector("article h1")?.after(link);
}

async function showProgress() {
  const pages = quizPages();
  if (!pages.length) return;
  let progress;
  try {
    ({ progress } = await restoreProgress());
  } catch {
    return; // the engine is down: the quizzes say so; the overview simply stays away
  }
  const states = quizStates(pages, progress);
  markDoneChapters(pages, states);
  showSummaryAboveAssessment(pages, states);
  offerToContinue(pages, states);
}

// The page's own quizzes change the overview as the reader checks or resets them.
const quizChanges = new MutationObserver(() => showProgress());

function onPage() {
  quizChanges.disconnect();
  for (const form of document.querySelectorAll("form.quiz")) {
    quizChanges.observe(form, { attributes: true, attributeFilter: ["data-checked"] });
  }
  showProgress();
}

if (window.document$) window.document$.subscribe(onPage);
else onPage();
