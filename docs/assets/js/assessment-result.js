// The self-assessment's result, drawn from the engine's `assess` response: a reveal card (the guess
// against the answers, what that band means, links into the essay), the chart, and why each score is
// what it is. Every word comes from the engine. Text is always set as text; the only markup inserted
// is the engine's own chart, cleaned first.

import { clearResults, element, passageLink, questions, resultPanel, verdict } from "./quiz-form.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Show an `assess` result; `shared` words it for someone opening another reader's share link.
 * Returns the element to move focus to and scroll into view: the reveal card, short enough for a phone's screen.
 */
export function showAssessment(form, result, { shared = false } = {}) {
  clearResults(form);
  if (!result.complete) {
    for (const fieldset of questions(form)) {
      if (!result.missing.includes(fieldset.dataset.question)) continue;
      fieldset.dataset.result = "missing";
      const feedback = fieldset.querySelector(".quiz__feedback");
      feedback.append(verdict(false, "Not rated yet."));
      feedback.hidden = false;
    }
    const left = result.missing.length;
    const summary = `Rate every statement first: ${left} ${left === 1 ? "is" : "are"} still open.`;
    return resultPanel(form, summary, [element("p", "quiz__score", summary)]);
  }
  const { band, comparison, dimensions, chart, rarity } = result;
  const card = revealCard(form, band, comparison[shared ? "shared" : "own"]);
  const announcement = `${shared ? "A shared result" : "Your result"}: ${band.title}.`;
  resultPanel(form, announcement, [card, chartFigure(chart), element("p", "quiz__rarity", rarity), whyTheseScores(dimensions)]);
  return card;
}

function revealCard(form, band, voice) {
  const card = element("div", "quiz-reveal");
  card.tabIndex = -1;
  card.setAttribute("role", "group");
  const title = element("h3", "quiz-reveal__title", `${voice.answers_say} `);
  title.id = `quiz-${form.dataset.quiz}--reveal-title`;
  title.append(element("span", "quiz__band", band.title));
  card.setAttribute("aria-labelledby", title.id);
  card.append(element("p", "quiz__prediction-result quiz-reveal__guess", voice.guess), title);
  if (voice.gap) card.append(element("p", "quiz-reveal__gap", voice.gap));
  card.append(element("p", "quiz__meaning", band.meaning));
  if (band.links.length) {
    const links = element("p", "quiz__links", "Read more in the essay: ");
    band.links.forEach(({ url, text }, index) => links.append(index ? " · " : "", passageLink(url, text)));
    card.append(links);
  }
  return card;
}

function chartFigure(chart) {
  const figure = element("figure", "quiz__chart");
  const svg = engineChart(chart.svg);
  if (svg) figure.append(svg);
  // The chart's text alternative is its own <title> and <desc>; the caption is the visible key.
  figure.append(element("figcaption", "quiz__chart-key", chart.caption));
  return figure;
}

// Each score is stated here and only here, with the statements that cost it the most points.
function whyTheseScores(dimensions) {
  const section = element("section", "quiz-why");
  section.append(element("h4", "quiz-why__title", "Why these scores"));
  for (const dimension of dimensions) {
    section.append(element("p", "quiz-why__score", dimension.summary), element("p", "quiz-why__intro", dimension.pulled_down_intro));
    if (!dimension.pulled_down.length) continue;
    const list = element("ul", "quiz-why__statements");
    for (const statement of dimension.pulled_down) {
      const entry = element("li");
      if (statement.reverse) entry.dataset.reverse = "";
      entry.append(element("q", "quiz-why__statement", statement.text), " ", element("span", "quiz-why__note", statement.note));
      list.append(entry);
    }
    section.append(list);
  }
  return section;
}

// The chart comes from our own engine; it is still parsed as SVG (never as HTML) and stripped of
// anything that could run or load, so a bug upstream cannot become a script on the page.
function engineChart(svgText) {
  const parsed = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  if (parsed.namespaceURI !== SVG_NS || parsed.localName !== "svg") return null;
  for (const node of [parsed, ...parsed.querySelectorAll("*")]) {
    if (node.namespaceURI !== SVG_NS || ["script", "foreignObject", "a", "use", "image"].includes(node.localName)) {
      node.remove();
      continue;
    }
    for (const { name } of [...node.attributes]) {
      if (name.toLowerCase().startsWith("on") || name.toLowerCase().endsWith("href")) node.removeAttribute(name);
    }
  }
  return document.importNode(parsed, true);
}
