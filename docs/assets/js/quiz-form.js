// One quiz form in the page: answers read from and written to its inputs, and the engine's `grade`
// results shown in it (the self-assessment's result: assessment-result.js). The engine decides what
// may be shown (commit first, reveal after trying); this module shows exactly that, each mark once.
// Text is always set as text. Saved or shared values are only ever compared with the inputs' values.

import { SITE_ROOT } from "./engine-client.js";

export function questions(form) {
  return [...form.querySelectorAll(".quiz__question")];
}

function checkedValue(container) {
  return [...container.querySelectorAll("input")].find((input) => input.checked)?.value;
}

function byData(nodes, key, value) {
  return [...nodes].find((node) => node.dataset[key] === value);
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A link to a passage of the essay: engine links are relative to the site root. */
export function passageLink(url, text) {
  const link = element("a", "quiz__passage", text);
  link.href = new URL(url, SITE_ROOT).href;
  return link;
}

/** Answers in the engine's canonical form: qid → option id, [option ids], {item: category} or rating. */
export function readAnswers(form) {
  const answers = {};
  for (const fieldset of questions(form)) {
    const { question, questionKind } = fieldset.dataset;
    if (questionKind === "multiple") {
      const chosen = [...fieldset.querySelectorAll("input")].filter((i) => i.checked).map((i) => i.value);
      if (chosen.length) answers[question] = chosen;
    } else if (questionKind === "sort") {
      const placed = {};
      for (const item of fieldset.querySelectorAll(".quiz__item")) {
        const category = checkedValue(item);
        if (category) placed[item.dataset.item] = category;
      }
      if (Object.keys(placed).length) answers[question] = placed;
    } else {
      const value = checkedValue(fieldset);
      if (value) answers[question] = questionKind === "scale" ? Number(value) : value;
    }
  }
  return answers;
}

export function readPrediction(form) {
  const prediction = form.querySelector("[data-prediction]");
  return (prediction && checkedValue(prediction)) ?? null;
}

/** Tick the inputs that `answers` (and `prediction`) name, untick all others. */
export function writeAnswers(form, answers, prediction = null) {
  const has = (object, key) => object !== null && typeof object === "object" && Object.hasOwn(object, key);
  for (const fieldset of questions(form)) {
    const { question, questionKind } = fieldset.dataset;
    const answer = has(answers, question) ? answers[question] : undefined;
    if (questionKind === "sort") {
      for (const item of fieldset.querySelectorAll(".quiz__item")) {
        const category = has(answer, item.dataset.item) ? answer[item.dataset.item] : undefined;
        for (const input of item.querySelectorAll("input")) input.checked = input.value === category;
      }
    } else {
      for (const input of fieldset.querySelectorAll("input")) {
        input.checked = Array.isArray(answer) ? answer.includes(input.value) : input.value === String(answer);
      }
    }
  }
  for (const input of form.querySelectorAll("[data-prediction] input")) input.checked = input.value === prediction;
}

/** Remove the results shown in `container`: one question, one sort item, or the whole form. */
function clearResultsIn(container) {
  for (const node of [container, ...container.querySelectorAll("[data-result]")]) delete node.dataset.result;
  for (const mark of container.querySelectorAll(".quiz__mark")) mark.remove();
  for (const feedback of container.querySelectorAll(".quiz__feedback, .quiz__item-feedback")) {
    feedback.replaceChildren();
    feedback.hidden = true;
  }
}

/** Remove every result from the form, leaving the answers. */
export function clearResults(form) {
  clearResultsIn(form);
  removeSummaries(form);
}

// The result box, and the status line's part saying what is still unanswered: each sums up the marks.
function removeSummaries(form) {
  for (const summary of form.querySelectorAll(".quiz__result, .quiz__missing")) summary.remove();
}

/**
 * The reader has changed the answer `input` is part of. The marks beside that question (or sort item) no longer
 * describe it and go; the others stay, to help. Their summary goes too when it was of a check (`checked`: the
 * answers have changed since), or of what is unanswered once one of those is answered: its count is no longer true.
 */
export function clearChangedResults(form, input, { checked }) {
  const container = input.closest(".quiz__item, .quiz__question, .quiz__prediction") ?? form;
  const answered = container.dataset.result === "missing";
  clearResultsIn(container);
  if (checked || answered) removeSummaries(form);
}

/** Try again: the summary and the marks of what was right go; what was wrong keeps its marks until it is changed. */
export function clearAllButWrong(form) {
  removeSummaries(form);
  for (const right of form.querySelectorAll('.quiz__question[data-result="right"], .quiz__item[data-result="right"]')) {
    clearResultsIn(right);
  }
}

const MARK_ICONS = { right: "✓", wrong: "✗", missed: "→" };

/** An icon (hidden from screen readers) and words: never colour alone. */
function mark(kind, text) {
  const label = element("span", `quiz__mark quiz__mark--${kind}`);
  const icon = element("span", "quiz__icon", MARK_ICONS[kind]);
  icon.setAttribute("aria-hidden", "true");
  label.append(icon, element("span", "quiz__mark-text", text));
  return label;
}

// Kept for the self-assessment's "not rated yet" line.
export function verdict(isRight, text) {
  const line = element("p", `quiz__verdict quiz__verdict--${isRight ? "right" : "wrong"}`);
  line.append(mark(isRight ? "right" : "wrong", text));
  return line;
}

const CHOICE_MARK_TEXT = {
  right: "Right.",
  wrong: "Not this one.",
  missed: "The right answer.",
};

function showChoiceResult(fieldset, result) {
  const multiple = fieldset.dataset.questionKind === "multiple";
  for (const { option, mark: kind, feedback } of result.marks) {
    const row = [...fieldset.querySelectorAll("input")].find((i) => i.value === option)?.closest(".quiz__option");
    if (!row) continue;
    row.dataset.result = kind;
    const text = kind === "missed" && multiple ? "Also right: you did not tick it." : feedback || CHOICE_MARK_TEXT[kind];
    row.append(mark(kind, text));
  }
}

function showSortResult(fieldset, result) {
  for (const itemResult of result.items) {
    const item = byData(fieldset.querySelectorAll(".quiz__item"), "item", itemResult.id);
    if (!item) continue;
    item.dataset.result = itemResult.correct ? "right" : "wrong";
    const feedback = item.querySelector(".quiz__item-feedback");
    const expected = [...item.querySelectorAll("input")].find((i) => i.value === itemResult.expected);
    const label = itemResult.correct ? "Right." : expected ? `In the essay: ${expected.labels[0].textContent}.` : "Not this one.";
    feedback.append(mark(itemResult.correct ? "right" : "wrong", label));
    if (itemResult.reason) feedback.append(` ${itemResult.reason} `);
    if (itemResult.link) feedback.append(passageLink(itemResult.link, "Read the passage"));
    feedback.hidden = false;
  }
}

/** Show a complete `grade` result in place; returns the summary element, to move focus to. */
export function showGrade(form, result) {
  clearResults(form);
  for (const questionResult of result.questions) {
    const fieldset = byData(questions(form), "question", questionResult.id);
    if (!fieldset) continue;
    fieldset.dataset.result = questionResult.correct ? "right" : "wrong";
    if (fieldset.dataset.questionKind === "sort") showSortResult(fieldset, questionResult);
    else showChoiceResult(fieldset, questionResult);
    const feedback = fieldset.querySelector(".quiz__feedback");
    if (questionResult.scoring) feedback.append(element("p", "quiz__scoring", questionResult.scoring));
    if (questionResult.explanation) feedback.append(element("p", "quiz__explanation", questionResult.explanation));
    if (questionResult.link) feedback.append(passageLink(questionResult.link, "Read the passage in the essay"));
    feedback.hidden = feedback.childElementCount === 0;
  }
  return resultPanel(form, result.summary, [element("p", "quiz__score", result.summary)]);
}

/** Mark what is still unanswered (nothing graded, nothing revealed) and say so in the engine's words, in the status
 * line; returns the first input to answer on screen. */
export function showMissing(form, { missing, message }) {
  clearResults(form);
  form.querySelector(".quiz__status").replaceChildren(element("span", "quiz__missing", message));
  for (const { question, items } of missing) {
    const fieldset = byData(questions(form), "question", question);
    if (!fieldset) continue;
    const targets = items.length
      ? items.map((id) => byData(fieldset.querySelectorAll(".quiz__item"), "item", id)).filter(Boolean)
      : [fieldset];
    for (const target of targets) target.dataset.result = "missing";
  }
  // Document order, not the quiz file's: sorting items are shown shuffled.
  return form.querySelector('[data-result="missing"] input');
}

/** The result box, placed above the status line and the buttons; focusing it announces it. */
export function resultPanel(form, announcement, parts) {
  const panel = element("section", "quiz__result");
  panel.tabIndex = -1;
  panel.setAttribute("aria-label", announcement);
  panel.append(...parts);
  form.querySelector(".quiz__status").before(panel);
  setStatus(form, "");
  return panel;
}

/**
 * Scroll so that `first` down to `last` (a result and the actions that lead on from it) is in view together, or when
 * it does not fit, from `first`'s start; kept clear of the fixed header by the page's scroll padding and the elements'
 * scroll margins. Nothing moves when it is in view already; the scroll is smooth unless the reader asks for less motion.
 */
export function bringIntoView(first, last) {
  const page = getComputedStyle(document.documentElement);
  const top = (parseFloat(page.scrollPaddingTop) || 0) + (parseFloat(getComputedStyle(first).scrollMarginTop) || 0);
  const bottom = innerHeight - (parseFloat(page.scrollPaddingBottom) || 0) - (parseFloat(getComputedStyle(last).scrollMarginBottom) || 0);
  const start = first.getBoundingClientRect().top;
  const end = last.getBoundingClientRect().bottom;
  const by = start < top || end - start > bottom - top ? start - top : Math.max(0, end - bottom);
  if (by === 0) return;
  window.scrollBy({ top: by, behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "instant" : "smooth" });
}

export function setStatus(form, text) {
  form.querySelector(".quiz__status").textContent = text;
}

/** How far the checker's download has come ({received, total} bytes; total null while unknown), as a bar and
 * "1.2 of 5.1 MB" under the status line; null takes it away. The status line says what is happening once; the
 * bar's value changes are not announced, so a screen reader is not read every chunk. */
export function showDownload(form, download) {
  let shown = form.querySelector(".quiz__download");
  if (!download) return shown?.remove();
  if (!shown) {
    shown = element("div", "quiz__download");
    const bar = element("progress");
    bar.setAttribute("aria-label", "Checker download");
    const amount = element("span", "quiz__download-amount");
    amount.setAttribute("aria-hidden", "true"); // the bar says it
    shown.append(bar, amount);
    form.querySelector(".quiz__status").after(shown);
  }
  const [bar, amount] = shown.children;
  const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
  if (download.total === null) {
    bar.removeAttribute("value");
    amount.textContent = "";
  } else {
    bar.max = download.total;
    bar.value = Math.min(download.received, download.total);
    amount.textContent = `${megabytes(bar.value)} of ${megabytes(download.total)} MB`;
  }
}
