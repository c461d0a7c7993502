// Entry point: makes the static quiz forms of each page interactive. The forms work as plain HTML
// before this runs, and answering never waits for the engine: only checking does.
// Material's instant navigation swaps pages without reloading this module, and announces every
// page (the first one included) on `document$`; the engine keeps running across pages, and starts
// only on a page that has a quiz.
//
// A form is in one of four states (form.dataset.state), which decide the buttons on offer:
//   answering  the reader is answering: Check is the one primary action
//   tried      checked, not every answer right: Try again, and Show the answers until all are shown
//   done       passed (or, for the self-assessment, a result): "Next: <page> →"
//   shared     someone else's answers from a share link, read-only: "Take it yourself"

import { ask, engineState, onEngineState, restartWithFreshCatalogue, retryEngine, startEngine } from "./engine-client.js";
import { restoreProgress, saveQuiz } from "./progress-store.js";
import {
  clearResults, clearResultsIn, element, readAnswers, readPrediction, setStatus, showGrade, showMissing, writeAnswers,
} from "./quiz-form.js";
import { showAssessment } from "./assessment-result.js";
import { decodeShared, forgetSharedFragment, shareURL } from "./share-link.js";

const PREPARING = "Preparing the checker… a one-time download. Your answers will be checked in a moment.";
const KEPT = "Your answers are kept on this page, and the essay reads fine without checking.";
const UNAVAILABLE = `Checking isn’t available right now. ${KEPT}`;
const UNSUPPORTED = `Checking isn’t available in this browser: it is too old to run the checker. ${KEPT}`;
const STALE = "This quiz has changed since the page was loaded, so it can’t be checked here. Reload the page to get the current version.";

let pageForms = []; // the quiz forms of the page on screen
let pageStateLoaded = false; // saved progress and share link applied to the page on screen
let restoreNoticeShown = false; // once per tab is enough
let saveNoticeShown = false;
// A page and an answer key from different builds (a partial deploy): once per tab, the engine is started
// again with the key fetched past every cache; if they still differ, the page's quizzes are neither
// checked nor saved ("stale"). "not tried", then "fetching" until the engine is ready, then "fetched".
let freshKey = "not tried";
const touched = new WeakSet(); // forms answered by the reader since the page was shown
const checking = new WeakSet();
const awaitingEngine = new Set(); // forms whose check waits for the engine to start again

onEngineState((state, failure) => {
  showEngineState(state, failure);
  if (state !== "ready") return;
  if (freshKey === "fetching") freshKey = "fetched";
  if (!pageStateLoaded) loadPageState();
  for (const form of awaitingEngine) check(form);
  awaitingEngine.clear();
});

if (window.document$) window.document$.subscribe(showPage);
else showPage();

function showPage() {
  pageForms = [...document.querySelectorAll("form.quiz")];
  awaitingEngine.clear();
  if (!pageForms.length) return;
  pageForms.forEach(enhance);
  startEngine();
  const { state, failure } = engineState();
  showEngineState(state, failure);
  pageStateLoaded = false;
  loadPageState();
}

function enhance(form) {
  if ("enhanced" in form.dataset) return;
  form.dataset.enhanced = "";
  const actions = form.querySelector(".quiz__actions");
  const next = nextPageLink();
  if (next) actions.append(next);
  actions.append(
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
  actions.after(shareOutput);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check(form);
  });
  form.addEventListener("change", (event) => answerChanged(form, event.target));
  setState(form, "answering");
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

/** Which buttons are on offer, and which one is primary, follow the form's state. */
function setState(form, state) {
  form.dataset.state = state;
  const answered = form.querySelector("input:checked") !== null;
  const graded = form.dataset.quizKind !== "assessment";
  const shown = {
    quiz__check: state === "answering" || (state === "done" && !graded),
    quiz__next: state === "done",
    quiz__own: state === "shared",
    quiz__retry: graded && (state === "tried" || state === "done"),
    quiz__reveal: graded && state === "tried" && !("allRevealed" in form.dataset),
    quiz__share: state === "tried" || state === "done",
    quiz__reset: state !== "shared" && answered,
  };
  const primary = { answering: "quiz__check", tried: "quiz__retry", done: "quiz__next", shared: "quiz__own" }[state];
  for (const [className, visible] of Object.entries(shown)) {
    const node = form.querySelector(`.${className}`);
    if (!node) continue;
    node.hidden = !visible;
    node.classList.toggle("md-button--primary", className === primary);
  }
  // Shared answers are someone else's: shown, not editable, never saved as the reader's.
  for (const fieldset of form.querySelectorAll(":scope > fieldset")) fieldset.disabled = state === "shared";
}

function answerChanged(form, input) {
  if (form.dataset.state === "shared") return;
  touched.add(form);
  if ("checked" in form.dataset) {
    // The marks beside this answer no longer describe it; the others still help the reader.
    clearResultsIn(input.closest(".quiz__item, .quiz__question, .quiz__prediction") ?? form);
    form.querySelector(".quiz__result")?.remove();
    delete form.dataset.checked;
  }
  setState(form, "answering");
  remember(form);
}

function showEngineState(state, failure = "") {
  // The failure's own words are for developers; a reader learns only whether their browser is the cause.
  const text = failure.startsWith("this browser") ? UNSUPPORTED : UNAVAILABLE;
  for (const form of pageForms) {
    const notice = form.querySelector(".quiz__engine");
    notice.hidden = state !== "failed";
    notice.querySelector(".quiz__engine-text").textContent = text;
    if (state === "loading" && awaitingEngine.has(form)) setStatus(form, PREPARING);
  }
}

function setBusy(form, busy) {
  const button = form.querySelector(".quiz__check");
  if (busy) button.setAttribute("aria-busy", "true");
  else button.removeAttribute("aria-busy");
  button.dataset.label ??= button.textContent;
  button.textContent = busy ? "Checking…" : button.dataset.label;
}

/**
 * Check the form's answers. `restoring` shows a saved or shared result as it was (same attempt, focus
 * left alone); `again` shows the current attempt once more (after "Show the answers").
 */
async function check(form, { restoring = false, again = false } = {}) {
  if (checking.has(form) || "stale" in form.dataset) return;
  checking.add(form);
  const quiz = form.dataset.quiz;
  const answers = readAnswers(form);
  const assessment = form.dataset.quizKind === "assessment";
  const attempts = Number(form.dataset.attempts ?? 0);
  const attempt = restoring || again ? Math.max(attempts, 1) : attempts + 1;
  setBusy(form, true);
  if (engineState().state !== "ready") setStatus(form, PREPARING);
  try {
    const hash = form.dataset.quizHash; // the engine refuses to grade a quiz other than the one shown
    const result = assessment
      ? await ask("assess", { quiz, hash, answers, prediction: readPrediction(form) })
      : await ask("grade", { quiz, hash, answers, attempt, reveal: "revealed" in form.dataset });
    if (!form.isConnected) return; // the reader has moved to another page
    const shared = form.dataset.state === "shared";
    if (!assessment && !result.complete) {
      const first = showMissing(form, result.missing);
      setStatus(form, result.message);
      if (!restoring) first?.focus();
      return;
    }
    const summary = assessment ? showAssessment(form, result, { shared }) : showGrade(form, result);
    if (assessment && !result.complete) {
      if (!restoring) summary.focus();
      return;
    }
    if (!assessment) {
      form.dataset.attempts = String(attempt);
      form.toggleAttribute("data-all-revealed", result.questions.every((q) => q.revealed));
    }
    if (!shared) setState(form, assessment || result.passed ? "done" : "tried");
    if (!restoring) {
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: "nearest" });
      remember(form);
    }
    return summary;
  } catch (error) {
    if (error.code === "engine_failed") {
      awaitingEngine.add(form);
      setStatus(form, "Your answers will be checked once the checker is available.");
    } else if (error.code === "stale_quiz") {
      if (answerKeyDiffers([form])) awaitingEngine.add(form);
    } else {
      reportUnexpected(error);
      setStatus(form, "These answers could not be checked. Please try again in a moment.");
    }
  } finally {
    checking.delete(form);
    setBusy(form, false);
  }
}

function retry(form) {
  const firstToChange =
    form.querySelector('[data-result="wrong"] input, [data-result="missing"] input') ?? form.querySelector("input");
  clearResults(form);
  setState(form, "answering");
  remember(form);
  setStatus(form, "Change any answer, then check again.");
  firstToChange?.focus();
}

function reveal(form) {
  form.dataset.revealed = "";
  check(form, { again: true });
}

function reset(form) {
  writeAnswers(form, {}, null);
  clearResults(form);
  touched.add(form);
  delete form.dataset.attempts;
  delete form.dataset.revealed;
  delete form.dataset.allRevealed;
  form.querySelector(".quiz__share-output").hidden = true;
  setState(form, "answering");
  if (!("stale" in form.dataset)) saveQuiz(form.dataset.quiz, form.dataset.quizHash, null).catch(saveFailed(form));
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

/** Save the reader's own answers (never a shared result's, nor a stale quiz's) with what they have been shown. */
function remember(form) {
  if (form.dataset.state === "shared" || "stale" in form.dataset) return;
  const entry = { answers: readAnswers(form), checked: "checked" in form.dataset };
  if (form.dataset.quizKind === "assessment") entry.prediction = readPrediction(form);
  else Object.assign(entry, { attempts: Number(form.dataset.attempts ?? 0), revealed: "revealed" in form.dataset });
  saveQuiz(form.dataset.quiz, form.dataset.quizHash, entry).then((stored) => {
    if (stored || saveNoticeShown) return;
    saveNoticeShown = true;
    showNotice(form, "This browser is not keeping saved data, so your answers last only while this page is open.");
  }, saveFailed(form));
}

// A bad request or a bug inside the engine: the detail is for maintainers (the console), the reader gets a
// plain sentence where they are looking.
function reportUnexpected(error) {
  console.warn(`quiz: ${error.code}: ${error.message}`);
}

function saveFailed(form) {
  return (error) => {
    // Not saved while the engine is down, nor into the key of another build: the answers stay on the page.
    if (error.code === "stale_quiz") answerKeyDiffers([form]);
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
    pageStateLoaded = false; // restored again by the fresh engine
    return true;
  }
  for (const form of forms) {
    form.dataset.stale = "";
    setStatus(form, STALE);
  }
  return false;
}

/** {quizId: hash} of the forms, as the page states them: the engine answers only for those versions. */
function pageQuizzes(forms) {
  return Object.fromEntries(forms.map((form) => [form.dataset.quiz, form.dataset.quizHash]));
}

/** Show the reader's own saved state of one form: answers, attempts, and the result if it was checked. */
async function showOwn(form, entry) {
  writeAnswers(form, entry?.answers ?? {}, entry?.prediction ?? null);
  form.dataset.attempts = String(entry?.attempts ?? 0);
  form.toggleAttribute("data-revealed", entry?.revealed === true);
  setState(form, "answering");
  if (entry?.checked) await check(form, { restoring: true });
}

/** Saved answers (unless the reader has started answering), then a shared result in place of them. */
async function loadPageState() {
  const forms = pageForms;
  if (!forms.length) return;
  pageStateLoaded = true;
  try {
    const { quizzes, notice } = await restoreProgress(pageQuizzes(forms));
    if (forms !== pageForms) return; // the reader has moved to another page
    if (notice && !restoreNoticeShown) {
      restoreNoticeShown = true;
      showNotice(forms[0], notice);
    }
    for (const form of forms) {
      const entry = quizzes[form.dataset.quiz];
      if (entry && !touched.has(form)) await showOwn(form, entry);
    }
    await showShared(forms);
  } catch (error) {
    if (error.code === "engine_failed") pageStateLoaded = false; // again once the engine is back
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
    clearResults(form);
    writeAnswers(form, shared.answers, shared.prediction);
    delete form.dataset.revealed;
    form.dataset.attempts = "1";
    setState(form, "shared");
    showNotice(form, "A shared result: someone else’s answers, checked on this page. Your own answers are not changed.");
    const summary = await check(form, { restoring: true });
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
  await showOwn(form, quizzes[form.dataset.quiz]);
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
