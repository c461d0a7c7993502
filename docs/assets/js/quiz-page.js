// Entry point: makes the static quiz forms of each page interactive. The forms work as plain HTML
// before this runs, and answering never waits for the engine: only checking does. Saved answers are
// drawn from localStorage at once (progress-store.js), before the engine has started; the engine's
// restore then adds what only it may judge (attempts, reveals, the result), under anything the reader
// has changed meanwhile.
// Material's instant navigation swaps pages without reloading this module, and announces every
// page (the first one included) on `document$`; the engine keeps running across pages, and starts
// only on a page that has a quiz.
//
// Each form has one record (quiz-state.js: its states, events and transitions are listed there), changed
// only by `dispatch`, which also draws it: the buttons on offer, <form data-state>, busy, read-only.
// A check reads the answers when the engine grades them, and a result for answers no longer on screen,
// or for a check the reader has since superseded, is never shown.

import {
  ask, engineState, onEngineDownload, onEngineState, restartWithFreshCatalogue, retryEngine, startEngine, startEngineAhead,
} from "./engine-client.js";
import { forgetUnsaved, keepUnsaved, restoreProgress, saveQuiz, savedAnswers } from "./progress-store.js";
import {
  bringIntoView, clearAllButWrong, clearChangedResults, clearResults, element, readAnswers, readPrediction, setStatus,
  showDownload, showGrade, showMissing, writeAnswers,
} from "./quiz-form.js";
import { showAssessment } from "./assessment-result.js";
import { decodeShared, forgetSharedFragment, shareURL } from "./share-link.js";
import { actions, attemptToGrade, INITIAL, transition } from "./quiz-state.js";

const PREPARING = "Preparing the checker… a one-time download. Your answers will be checked in a moment.";
const WAITING = "Your answers will be checked once the checker is available.";
const KEPT = "Your answers are kept on this page, and the essay reads fine without checking.";
const UNAVAILABLE = `Checking isn’t available right now. ${KEPT}`;
const UNSUPPORTED = `Checking isn’t available in this browser: it is too old to run the checker. ${KEPT}`;
const STALE = "This quiz has changed since the page was loaded, so it can’t be checked here. Reload the page to get the current version.";

const records = new WeakMap(); // form → its record (quiz-state.js)
// Forms whose check is with the engine client: it answers it, or sends it again to a restarted worker.
const asked = new WeakSet();
let pageForms = []; // the quiz forms of the page on screen
let pageStateLoading = false; // the engine's restore asked for the page on screen
let pageRestored = false; // ... and applied: saves wait for it, so they merge with what was saved
let restoreNoticeShown = false; // once per tab is enough
let saveNoticeShown = false;
// A page and an answer key from different builds (a partial deploy): once per tab, the engine is started
// again with the key fetched past every cache; if they still differ, the page's quizzes are neither
// checked nor saved ("stale"). "not tried", then "fetching" until the engine is ready, then "fetched".
let freshKey = "not tried";

onEngineState(async (state, failure) => {
  showEngineState(state, failure);
  if (state !== "ready") return;
  if (freshKey === "fetching") freshKey = "fetched";
  if (!pageStateLoading) await loadPageState();
  for (const form of pageForms) {
    const { state: formState } = records.get(form);
    if (formState === "waiting") dispatch(form, "resume");
    if (records.get(form).state === "checking" && !asked.has(form)) runCheck(form);
  }
});

// The page is going away (a reload, a move to a newer build: new-build.js) with changes not saved yet, because
// the engine was down or still starting: this tab's next page shows them again, and saves them.
window.addEventListener("pagehide", () => {
  if (engineState().state === "ready" && pageRestored) return; // every change has been saved
  const unsaved = {};
  for (const form of pageForms) {
    const { state, touched } = records.get(form);
    if (!touched || state === "shared" || state === "stale") continue;
    unsaved[form.dataset.quiz] = { hash: form.dataset.quizHash, answers: readAnswers(form), prediction: readPrediction(form) };
  }
  if (Object.keys(unsaved).length) keepUnsaved(unsaved);
});

if (window.document$) window.document$.subscribe(showPage);
else showPage();

function showPage() {
  pageForms = [...document.querySelectorAll("form.quiz")];
  if (!pageForms.length) return;
  pageForms.forEach(enhance);
  startEngineAhead();
  const { state, failure } = engineState();
  showEngineState(state, failure);
  pageStateLoading = false;
  pageRestored = false;
  if (state === "ready") loadPageState();
}

function enhance(form) {
  if (records.has(form)) return;
  const actionBar = form.querySelector(".quiz__actions");
  const next = nextPageLink();
  if (next) actionBar.append(next);
  actionBar.append(
    button("Take it yourself", "quiz__own", () => takeItYourself(form)),
    button("Try again", "quiz__retry", () => retry(form)),
    button("Show the answers", "quiz__reveal", () => reveal(form)),
    button("Share result", "quiz__share", () => share(form)),
    button("Reset", "quiz__reset", () => reset(form)),
  );
  const engineNotice = element("div", "quiz__engine");
  engineNotice.hidden = true;
  engineNotice.append(element("p", "quiz__engine-text", UNAVAILABLE), button("Try loading the checker again", "quiz__engine-retry", retryEngine));
  const shareOutput = element("p", "quiz__share-output");
  shareOutput.hidden = true;
  form.querySelector(".quiz__status").after(engineNotice);
  actionBar.after(shareOutput);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check(form);
  });
  form.addEventListener("change", (event) => answerChanged(form, event.target));
  const saved = savedAnswers(form.dataset.quiz, form.dataset.quizHash);
  if (saved) writeAnswers(form, saved.answers, saved.prediction);
  records.set(form, INITIAL);
  draw(form, INITIAL);
  if (saved?.unsaved) dispatch(form, "edit"); // the reader's own change, still to be saved
}

/** "Next: <title> →", from Material's footer link to the next page, if there is one. */
function nextPageLink() {
  const footer = document.querySelector("a.md-footer__link--next");
  if (!footer) return null;
  const title = footer.querySelector(".md-ellipsis")?.textContent.trim() ?? footer.textContent.trim();
  const link = element("a", "md-button quiz__next", `Next: ${title} →`);
  link.href = footer.href;
  return link;
}

/** The one place a form's record changes: returns the new record, or null when `event` does not apply now. */
function dispatch(form, event, detail) {
  const next = transition(records.get(form), event, detail);
  if (next) {
    records.set(form, next);
    draw(form, next);
  }
  return next;
}

/** The form as its record says: buttons on offer and the primary one, busy while checking, read-only when shared. */
function draw(form, record) {
  form.dataset.state = record.state;
  form.toggleAttribute("data-checked", record.checked);
  form.toggleAttribute("data-all-revealed", record.allRevealed);
  const answered = form.querySelector("input:checked") !== null;
  const { shown, primary } = actions(record, { assessment: form.dataset.quizKind === "assessment", answered });
  for (const [className, visible] of Object.entries(shown)) {
    const node = form.querySelector(`.${className}`);
    if (!node) continue;
    node.hidden = !visible;
    node.classList.toggle("md-button--primary", className === primary);
  }
  const checkButton = form.querySelector(".quiz__check");
  checkButton.dataset.label ??= checkButton.textContent;
  const busy = record.state === "checking";
  if (busy) checkButton.setAttribute("aria-busy", "true");
  else checkButton.removeAttribute("aria-busy");
  checkButton.textContent = busy ? "Checking…" : checkButton.dataset.label;
  // Shared answers are someone else's: shown, not editable, never saved as the reader's.
  for (const fieldset of form.querySelectorAll(":scope > fieldset")) fieldset.disabled = record.state === "shared";
}

function answerChanged(form, input) {
  const { checked } = records.get(form);
  if (!dispatch(form, "edit")) return;
  clearChangedResults(form, input, { checked });
  remember(form);
}

function showEngineState(state, failure = "") {
  // The failure's own words are for developers; a reader learns only whether their browser is the cause.
  const text = failure.startsWith("this browser") ? UNSUPPORTED : UNAVAILABLE;
  for (const form of pageForms) {
    const notice = form.querySelector(".quiz__engine");
    notice.hidden = state !== "failed";
    notice.querySelector(".quiz__engine-text").textContent = text;
    const formState = records.get(form).state;
    if (state === "failed" && formState === "checking") waitForChecker(form);
    else if (state === "loading" && isWaitingForChecker(formState)) showPreparing(form);
    if (state !== "loading") showDownload(form, null);
  }
}

const isWaitingForChecker = (formState) => formState === "checking" || formState === "waiting";

// Where the reader waits, the Check button: what is happening, and how far the download has come.
function showPreparing(form) {
  setStatus(form, PREPARING);
  showDownload(form, engineState().download);
}

onEngineDownload((download) => {
  for (const form of pageForms) {
    if (isWaitingForChecker(records.get(form).state)) showDownload(form, download);
  }
});

/** The reader presses Check. */
function check(form) {
  if (dispatch(form, "check", { purpose: "reader" })) runCheck(form);
}

/**
 * Grade the form's pending check (state checking, or shared) once the engine is ready; until then it waits
 * (onEngineState runs it). Returns the element that shows the result, if one is shown.
 */
async function runCheck(form) {
  const { state: engine } = engineState();
  if (engine !== "ready") {
    if (engine === "failed") waitForChecker(form);
    else {
      startEngine(); // not started yet if the browser asks to save data (startEngineAhead)
      showPreparing(form);
    }
    return null;
  }
  const record = records.get(form);
  const { quiz, quizHash: hash, quizKind } = form.dataset; // the engine refuses to grade a quiz other than the one shown
  const assessment = quizKind === "assessment";
  const answers = readAnswers(form);
  const prediction = readPrediction(form);
  let result;
  asked.add(form);
  try {
    result = assessment
      ? await ask("assess", { quiz, hash, answers, prediction })
      : await ask("grade", { quiz, hash, answers, attempt: attemptToGrade(record), reveal: record.revealed });
  } catch (error) {
    if (form.isConnected && records.get(form).run === record.run) checkFailed(form, error);
    return null;
  } finally {
    asked.delete(form);
  }
  const now = records.get(form);
  if (!form.isConnected || now.run !== record.run) return null; // another page, or a check since superseded
  if (JSON.stringify([answers, prediction]) !== JSON.stringify([readAnswers(form), readPrediction(form)])) {
    return runCheck(form); // changed while it was graded: grade what is on screen now
  }
  const shared = now.state === "shared";
  const quiet = now.purpose === "restore"; // a saved or shared result shown as it was: focus and scroll left alone
  if (!result.complete) {
    const first = assessment ? null : showMissing(form, result);
    const summary = assessment ? showAssessment(form, result, { shared }) : null;
    dispatch(form, "incomplete");
    if (!quiet) (summary ?? first)?.focus();
    return summary;
  }
  const summary = assessment ? showAssessment(form, result, { shared }) : showGrade(form, result);
  dispatch(form, "graded", {
    run: record.run, passed: result.passed, assessment, allRevealed: !assessment && result.questions.every((q) => q.revealed),
  });
  if (!quiet) {
    summary.focus({ preventScroll: true });
    // The next step in view: the result and the buttons under it (the self-assessment's card is what to read next).
    bringIntoView(summary, assessment ? summary : form.querySelector(".quiz__actions"));
    remember(form);
  }
  return summary;
}

/** The checker is down: a pending check waits for it, and says so. */
function waitForChecker(form) {
  if (dispatch(form, "wait")) setStatus(form, WAITING);
}

function checkFailed(form, error) {
  if (error.code === "engine_failed") waitForChecker(form);
  else if (error.code === "stale_quiz") {
    if (!answerKeyDiffers([form])) dispatch(form, "stale"); // else still checking: again once the fresh engine is ready
  } else {
    reportUnexpected(error);
    dispatch(form, "check_failed");
    setStatus(form, "These answers could not be checked. Please try again in a moment.");
  }
}

function retry(form) {
  const firstToChange =
    form.querySelector('[data-result="wrong"] input, [data-result="missing"] input') ?? form.querySelector("input");
  if (!dispatch(form, "retry")) return;
  clearAllButWrong(form);
  remember(form);
  setStatus(form, "Change any answer, then check again.");
  firstToChange?.focus();
}

function reveal(form) {
  if (dispatch(form, "reveal")) runCheck(form);
}

function reset(form) {
  const record = dispatch(form, "reset");
  if (!record) return;
  writeAnswers(form, {}, null);
  clearResults(form);
  draw(form, record); // no answers now: no Reset on offer
  form.querySelector(".quiz__share-output").hidden = true;
  if (record.state !== "stale") {
    forgetUnsaved(form.dataset.quiz);
    saveQuiz(form.dataset.quiz, form.dataset.quizHash, null).catch(saveFailed(form));
  }
  setStatus(form, "Answers cleared.");
  form.querySelector("input")?.focus();
}

async function share(form) {
  const output = form.querySelector(".quiz__share-output");
  try {
    const url = await shareURL(form.dataset.quiz, readAnswers(form), readPrediction(form));
    const link = element("a", "quiz__share-link", "Link to this result");
    link.href = url;
    output.replaceChildren("Share this result: ", link);
    output.hidden = false;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(form, "Share link copied.");
    } catch {
      setStatus(form, "Share link ready below the buttons.");
    }
  } catch (error) {
    reportUnexpected(error);
    setStatus(form, "No share link could be made. Please try again in a moment.");
  }
}

/** Save the reader's own answers (never a shared result's, nor a stale quiz's) with what they have been shown.
 * Until the engine's restore is applied, nothing is saved: the changes are saved then, merged with it. */
function remember(form) {
  const record = records.get(form);
  if (record.state === "shared" || record.state === "stale" || !pageRestored) return;
  const { quiz, quizHash: hash } = form.dataset;
  const entry = { answers: readAnswers(form), checked: record.checked };
  if (form.dataset.quizKind === "assessment") entry.prediction = readPrediction(form);
  else Object.assign(entry, { attempts: record.attempts, revealed: record.revealed });
  saveQuiz(quiz, hash, entry).then((stored) => {
    if (stored) forgetUnsaved(quiz);
    else noticeOnce(form, "This browser is not keeping saved data, so your answers last only while this page is open.");
  }, saveFailed(form));
}

function noticeOnce(form, text) {
  if (saveNoticeShown) return;
  saveNoticeShown = true;
  showNotice(form, text);
}

// A bad request or a bug inside the engine: the detail is for maintainers (the console), the reader gets a
// plain sentence where they are looking.
function reportUnexpected(error) {
  console.warn(`quiz: ${error.code}: ${error.message}`);
}

function saveFailed(form) {
  return (error) => {
    // Not saved while the engine is down, nor into the key of another build, nor over progress a newer
    // build saved (the engine's message says so): the answers stay on the page.
    if (error.code === "stale_quiz") answerKeyDiffers([form]);
    else if (error.code === "newer_progress") noticeOnce(form, error.message);
    else if (error.code !== "engine_failed") {
      reportUnexpected(error);
      setStatus(form, "Your answers could not be saved on this device.");
    }
  };
}

/**
 * A quiz of the page is not the version the engine holds. The first time in this tab, the engine starts
 * again with its answer key fetched afresh: returns true, the caller tries again once it is ready. After
 * that, the forms say so and are neither checked nor saved: returns false.
 */
function answerKeyDiffers(forms) {
  if (freshKey !== "fetched") {
    if (freshKey === "not tried") restartWithFreshCatalogue();
    freshKey = "fetching";
    pageStateLoading = false; // restored again by the fresh engine
    pageRestored = false;
    return true;
  }
  for (const form of forms) {
    dispatch(form, "stale");
    setStatus(form, STALE);
  }
  return false;
}

/** {quizId: hash} of the forms, as the page states them: the engine answers only for those versions. */
function pageQuizzes(forms) {
  return Object.fromEntries(forms.map((form) => [form.dataset.quiz, form.dataset.quizHash]));
}

/** Show the reader's own saved entry (`via`: "restored" in a form they have not touched, "own" after a shared
 * result): answers, attempts and reveals, then the result if it was checked. */
function showOwn(form, entry, via = "restored") {
  writeAnswers(form, entry?.answers ?? {}, entry?.prediction ?? null);
  dispatch(form, via, { attempts: entry?.attempts, revealed: entry?.revealed });
  if (entry?.checked && dispatch(form, "check", { purpose: "restore" })) return runCheck(form);
  return null;
}

/**
 * The engine's restore of the page's forms: the whole saved entry where the reader has not touched the form;
 * where they have, only attempts and reveals, under their answers, which are saved then. Then a shared result.
 */
async function loadPageState() {
  const forms = pageForms;
  if (!forms.length) return;
  pageStateLoading = true;
  try {
    const { quizzes, notice } = await restoreProgress(pageQuizzes(forms));
    if (forms !== pageForms) return; // the reader has moved to another page
    if (notice && !restoreNoticeShown) {
      restoreNoticeShown = true;
      showNotice(forms[0], notice);
    }
    pageRestored = true;
    const restoring = [];
    for (const form of forms) {
      const entry = quizzes[form.dataset.quiz];
      const { state, touched } = records.get(form);
      if (touched || state !== "answering") {
        dispatch(form, "restored", { attempts: entry?.attempts, revealed: entry?.revealed });
        if (touched) remember(form);
      } else if (entry) restoring.push(showOwn(form, entry));
    }
    await Promise.all(restoring);
    await showShared(forms);
  } catch (error) {
    if (error.code === "engine_failed") pageStateLoading = false; // again once the engine is back
    else if (error.code === "stale_quiz") answerKeyDiffers(forms);
    else {
      reportUnexpected(error);
      showNotice(forms[0], "Your saved answers could not be restored; they are still stored on this device.");
    }
  }
}

async function showShared(forms) {
  const fragment = location.hash.slice(1);
  if (!fragment) return;
  try {
    const shared = await decodeShared(fragment); // null: an ordinary fragment, no share link
    const form = forms.find((f) => f.dataset.quiz === shared?.quiz);
    if (!form) return; // a link to a quiz on another page: the page itself is what was asked for
    if (!dispatch(form, "open_shared")) return; // the reader is checking their own answers: theirs come first
    clearResults(form);
    writeAnswers(form, shared.answers, shared.prediction);
    showNotice(form, "A shared result: someone else’s answers, checked on this page. Your own answers are not changed.");
    const summary = await runCheck(form);
    (form.dataset.quizKind === "assessment" && summary ? summary : form).scrollIntoView({ block: "start" });
  } catch (error) {
    if (error.code !== "bad_share") throw error;
    showNotice(forms[0], `This share link could not be opened: ${error.message}. Showing your own answers.`);
  }
}

/** Leave a shared result for the reader's own answers (empty if they have none). */
async function takeItYourself(form) {
  forgetSharedFragment();
  form.querySelector(".quiz__notice")?.remove();
  clearResults(form);
  const { quizzes } = await restoreProgress(pageQuizzes([form]));
  await showOwn(form, quizzes[form.dataset.quiz], "own");
  form.scrollIntoView({ block: "start" });
  form.querySelector("input")?.focus({ preventScroll: true });
}

/** A quiet note at the top of the quiz: not announced, not focused. */
function showNotice(form, text) {
  form.querySelector(".quiz__notice")?.remove();
  form.querySelector(".quiz__title").after(element("p", "quiz__notice", text));
}

function button(text, className, onClick) {
  const node = element("button", `md-button ${className}`, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}
