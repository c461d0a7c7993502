// Entry point: makes the static quiz forms of each page interactive. The forms work as plain HTML
// before this runs, and answering never waits for the engine: only checking does.
// Material's instant navigation swaps pages without reloading this module, and announces every
// page (the first one included) on `document$`; the engine keeps running across pages.

import { ask, engineState, onEngineState, restartEngine, startEngine } from "./engine-client.js";
import { restoreProgress, saveQuiz } from "./progress-store.js";
import {
  clearResults, element, readAnswers, readPrediction, setStatus, showGrade, writeAnswers,
} from "./quiz-form.js";
import { showAssessment } from "./assessment-result.js";
import { decodeShared, forgetSharedFragment, sharedFragment, shareURL } from "./share-link.js";

startEngine();

let pageForms = []; // the quiz forms of the page on screen
let pageStateLoaded = false; // saved progress and share link applied to the page on screen
let restoreNoticeShown = false; // once per tab is enough
const touched = new WeakSet(); // forms answered by the reader since the page was shown
const checking = new WeakSet();
const awaitingEngine = new Set(); // forms whose check waits for the engine to start again

onEngineState((state, failure) => {
  showEngineState(state, failure);
  if (state !== "ready") return;
  if (!pageStateLoaded) loadPageState();
  for (const form of awaitingEngine) check(form);
  awaitingEngine.clear();
});

if (window.document$) window.document$.subscribe(showPage);
else showPage();

function showPage() {
  pageForms = [...document.querySelectorAll("form.quiz")];
  awaitingEngine.clear();
  pageForms.forEach(enhance);
  const { state, failure } = engineState();
  showEngineState(state, failure);
  pageStateLoaded = false;
  loadPageState();
}

function enhance(form) {
  if ("enhanced" in form.dataset) return;
  form.dataset.enhanced = "";
  form.querySelector(".quiz__actions").append(
    button("Try again", "quiz__retry", () => retry(form)),
    button("Share result", "quiz__share", () => share(form)),
    button("Reset", "quiz__reset", () => reset(form)),
  );
  const engineNotice = element("div", "quiz__engine");
  engineNotice.hidden = true;
  engineNotice.append(element("p", "quiz__engine-text"), button("Start the quiz engine again", "quiz__engine-retry", restartEngine));
  const shareOutput = element("p", "quiz__share-output");
  shareOutput.hidden = true;
  form.querySelector(".quiz__status").after(engineNotice, shareOutput);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check(form);
  });
  form.addEventListener("change", () => {
    touched.add(form);
    remember(form);
  });
}

function showEngineState(state, failure) {
  for (const form of pageForms) {
    const notice = form.querySelector(".quiz__engine");
    notice.hidden = state !== "failed";
    if (state === "failed") {
      notice.querySelector(".quiz__engine-text").textContent =
        `The quiz engine could not start (${failure}). Your answers are kept on this page, and the essay reads ` +
        "fine without it. You can try again.";
      setStatus(form, "The quiz engine could not start.");
    } else if (state === "loading" && awaitingEngine.has(form)) {
      setStatus(form, "Getting the quiz engine ready… your answers will be checked in a moment.");
    }
  }
}

/** Check the form's answers; `restoring` shows a saved or shared result without moving focus. */
async function check(form, { restoring = false } = {}) {
  if (checking.has(form)) return;
  checking.add(form);
  const quiz = form.dataset.quiz;
  const answers = readAnswers(form);
  const assessment = form.dataset.quizKind === "assessment";
  if (engineState().state !== "ready") setStatus(form, "Getting the quiz engine ready… your answers will be checked in a moment.");
  try {
    const result = assessment
      ? await ask("assess", { quiz, answers, prediction: readPrediction(form) })
      : await ask("grade", { quiz, answers });
    if (!form.isConnected) return; // the reader has moved to another page
    const summary = assessment ? showAssessment(form, result) : showGrade(form, result);
    if (!restoring) {
      summary.focus();
      remember(form);
    }
  } catch (error) {
    if (error.code === "engine_failed") {
      awaitingEngine.add(form);
      setStatus(form, "The quiz engine could not start; your answers will be checked once it runs.");
    } else setStatus(form, `These answers could not be checked: ${error.message}`);
  } finally {
    checking.delete(form);
  }
}

function retry(form) {
  const firstToChange =
    form.querySelector('[data-result="wrong"] input, [data-result="missing"] input') ?? form.querySelector("input");
  clearResults(form);
  remember(form);
  setStatus(form, "Change any answer, then check again.");
  firstToChange?.focus();
}

function reset(form) {
  writeAnswers(form, {}, null);
  clearResults(form);
  touched.add(form);
  form.querySelector(".quiz__share-output").hidden = true;
  form.querySelector(".quiz__notice")?.remove();
  forgetSharedFragment();
  saveQuiz(form.dataset.quiz, null);
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
      setStatus(form, "Share link ready below the quiz.");
    }
  } catch (error) {
    setStatus(form, `No share link could be made: ${error.message}`);
  }
}

function remember(form) {
  const entry = { hash: form.dataset.quizHash, answers: readAnswers(form), checked: "checked" in form.dataset };
  if (form.dataset.quizKind === "assessment") entry.prediction = readPrediction(form);
  saveQuiz(form.dataset.quiz, entry);
}

/** Saved answers (unless the reader has started answering), then a shared result over them. */
async function loadPageState() {
  const forms = pageForms;
  if (!forms.length) return;
  pageStateLoaded = true;
  try {
    const { progress, notice } = await restoreProgress();
    if (forms !== pageForms) return; // the reader has moved to another page
    if (notice && !restoreNoticeShown) {
      restoreNoticeShown = true;
      showNotice(forms[0], notice);
    }
    for (const form of forms) {
      const entry = Object.hasOwn(progress, form.dataset.quiz) ? progress[form.dataset.quiz] : null;
      if (!entry || entry.hash !== form.dataset.quizHash || touched.has(form)) continue;
      writeAnswers(form, entry.answers, entry.prediction ?? null);
      if (entry.checked) await check(form, { restoring: true });
    }
    await showShared(forms);
  } catch (error) {
    if (error.code === "engine_failed") pageStateLoaded = false; // again once the engine is back
    else showNotice(forms[0], `Your saved answers could not be restored: ${error.message}`);
  }
}

async function showShared(forms) {
  const fragment = sharedFragment();
  if (!fragment) return;
  try {
    const shared = await decodeShared(fragment);
    const form = forms.find((f) => f.dataset.quiz === shared.quiz);
    if (!form) return; // a link to a quiz on another page: the page itself is what was asked for
    writeAnswers(form, shared.answers, shared.prediction);
    showNotice(form, "You are looking at answers from a shared link. Reset clears them.");
    await check(form, { restoring: true });
    form.scrollIntoView({ block: "start" });
  } catch (error) {
    if (error.code !== "bad_share") throw error;
    showNotice(forms[0], `This share link could not be opened: ${error.message}. Showing your own answers.`);
  }
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
