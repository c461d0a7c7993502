// One quiz form in the page: answers read from and written to its inputs, and the engine's results
// shown in it (the self-assessment's result: assessment-result.js). Text is always set as text. Saved or
// shared values are only ever compared with the inputs' values.

import { SITE_ROOT } from "./engine-client.js";

export function questions(form) {
  return [...form.querySelectorAll(".quiz__question")];
}

function checkedValue(container) {
  return [...container.querySelectorAll("input")].find((input) => input.checked)?.value;
}

function labelOf(input) {
  return input.labels[0]?.textContent.trim() ?? input.value;
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

/** Remove every result from the form, leaving the answers. */
export function clearResults(form) {
  for (const fieldset of form.querySelectorAll("[data-result]")) delete fieldset.dataset.result;
  for (const mark of form.querySelectorAll(".quiz__mark")) mark.remove();
  for (const feedback of form.querySelectorAll(".quiz__feedback")) {
    feedback.replaceChildren();
    feedback.hidden = true;
  }
  form.querySelector(".quiz__result")?.remove();
  delete form.dataset.checked;
}

function mark(container, kind, text) {
  const label = element("span", `quiz__mark quiz__mark--${kind}`);
  label.append(element("span", "quiz__icon", kind === "right" ? "✓" : "✗"), ` ${text}`);
  label.firstChild.setAttribute("aria-hidden", "true");
  container.append(label);
}

export function verdict(isRight, text) {
  const line = element("p", `quiz__verdict quiz__verdict--${isRight ? "right" : "wrong"}`);
  mark(line, isRight ? "right" : "wrong", text);
  return line;
}

function showChoiceFeedback(fieldset, feedback, result) {
  const { questionKind } = fieldset.dataset;
  const expectedText = questionKind === "multiple" ? "Correct: one of the right answers" : "Correct answer";
  feedback.append(verdict(result.correct, result.correct ? "Right." : result.answered ? "Not quite." : "Not answered."));
  for (const input of fieldset.querySelectorAll("input")) {
    const option = input.closest(".quiz__option");
    if (result.expected.includes(input.value)) mark(option, "right", input.checked ? "Correct" : expectedText);
    else if (input.checked) mark(option, "wrong", "Not this one");
  }
  if (result.feedback.length) {
    const list = element("ul", "quiz__option-feedback");
    for (const { option, text } of result.feedback) {
      const input = [...fieldset.querySelectorAll("input")].find((i) => i.value === option);
      const entry = element("li");
      entry.append(element("strong", "", input ? labelOf(input) : option), ` ${text}`);
      list.append(entry);
    }
    feedback.append(list);
  }
}

function showSortFeedback(fieldset, feedback, result) {
  feedback.append(verdict(result.correct, `${result.score} of ${result.total} sorted as the essay does.`));
  const list = element("ul", "quiz__item-feedback");
  for (const itemResult of result.items) {
    const item = [...fieldset.querySelectorAll(".quiz__item")].find((f) => f.dataset.item === itemResult.id);
    if (!item) continue;
    const inputs = [...item.querySelectorAll("input")];
    const expected = inputs.find((i) => i.value === itemResult.expected);
    const itemText = item.querySelector("legend").textContent.trim();
    const outcome = itemResult.correct ? "right" : "wrong";
    item.dataset.result = outcome;
    mark(item.querySelector("legend"), outcome, itemResult.correct ? "Right" : "Not quite");
    const entry = element("li");
    mark(entry, outcome, itemResult.correct ? "Right:" : "Not quite:");
    entry.append(
      ` ${itemText} is `,
      element("strong", "", expected ? labelOf(expected) : itemResult.expected),
      `. ${itemResult.reason} `,
    );
    if (itemResult.link) entry.append(passageLink(itemResult.link, "Read the passage"));
    list.append(entry);
  }
  feedback.append(list);
}

/** Show a `grade` result; returns the summary element, to move focus to. */
export function showGrade(form, result) {
  clearResults(form);
  for (const questionResult of result.questions) {
    const fieldset = questions(form).find((f) => f.dataset.question === questionResult.id);
    if (!fieldset) continue;
    const feedback = fieldset.querySelector(".quiz__feedback");
    fieldset.dataset.result = questionResult.correct ? "right" : "wrong";
    if (fieldset.dataset.questionKind === "sort") showSortFeedback(fieldset, feedback, questionResult);
    else showChoiceFeedback(fieldset, feedback, questionResult);
    if (questionResult.explanation) feedback.append(element("p", "quiz__explanation", questionResult.explanation));
    if (questionResult.link) feedback.append(passageLink(questionResult.link, "Read the passage in the essay"));
    feedback.hidden = false;
  }
  const summary = `You got ${result.score} of ${result.total} right.`;
  form.dataset.checked = "";
  return resultPanel(form, summary, [element("p", "quiz__score", summary)]);
}

export function resultPanel(form, announcement, parts) {
  const panel = element("section", "quiz__result");
  panel.tabIndex = -1;
  panel.setAttribute("aria-label", "Result");
  panel.append(...parts);
  form.querySelector(".quiz__actions").before(panel);
  setStatus(form, announcement);
  return panel;
}

export function setStatus(form, text) {
  form.querySelector(".quiz__status").textContent = text;
}
