// Applies event sequences to the page's form state (docs/assets/js/quiz-state.js), for tests/browser/test_form_states.py.
// stdin: [[event, detail], ...] per case, as a JSON list of cases; stdout: per case, the record after each event (null: refused).
import { readFileSync } from "node:fs";
import { INITIAL, transition } from "../../docs/assets/js/quiz-state.js";

const cases = JSON.parse(readFileSync(0, "utf8"));
const results = cases.map((events) => {
  let record = INITIAL;
  return events.map(([event, detail]) => {
    const next = transition(record, event, detail ?? {});
    if (next) record = next;
    return next;
  });
});
process.stdout.write(JSON.stringify(results));
