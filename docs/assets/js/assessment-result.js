// The self-assessment's result, drawn from the engine's `assess` response. Text is always set as text;
// the only markup inserted is the engine's own chart, cleaned first.

import { clearResults, element, passageLink, questions, resultPanel, verdict } from "./quiz-form.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Show an `assess` result; returns the element to move focus to. */
export function showAssessment(form, result) {
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
  const { band, prediction, dimensions, chart, rarity } = result;
  const parts = [element("h3", "quiz__band", band.title), element("p", "quiz__meaning", band.meaning)];
  if (prediction) {
    parts.push(element("p", "quiz__prediction-result", prediction.held
      ? `You predicted “${prediction.title}”, and your answers agree.`
      : `You predicted “${prediction.title}”; your answers place you elsewhere.`));
  }
  const scores = element("ul", "quiz__dimensions");
  for (const d of dimensions) scores.append(element("li", "", `${d.label}: ${d.score} (possible range ${d.min} to ${d.max})`));
  parts.push(scores);
  const figure = element("figure", "quiz__chart");
  const svg = engineChart(chart.svg);
  if (svg) figure.append(svg);
  figure.append(element("figcaption", "quiz__chart-text", chart.text));
  parts.push(figure);
  if (rarity) parts.push(element("p", "quiz__rarity", rarity));
  if (band.links.length) {
    const links = element("ul", "quiz__links");
    for (const { url, text } of band.links) {
      const entry = element("li");
      entry.append(passageLink(url, text));
      links.append(entry);
    }
    parts.push(element("p", "quiz__links-intro", "Read more in the essay:"), links);
  }
  form.dataset.checked = "";
  return resultPanel(form, `Your result: ${band.title}.`, parts);
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
