// Each quiz form's state: one record, changed only by `transition(record, event)`. No DOM here: the page
// (quiz-page.js) dispatches events and draws the record it gets back, so no combination of flags can
// describe a form that is, say, checking and answering at once.
//
// A record: {state, attempts, revealed, allRevealed, checked, touched, run, purpose}
//   state        one of the states below
//   attempts     complete checks of the reader's own answers (the engine's rules tell a first from a later one)
//   revealed     the reader asked to see the answers
//   allRevealed  the result on screen shows every answer
//   checked      the result on screen belongs to the answers on screen (saved as `checked`)
//   touched      the reader has changed an answer since the page was shown (saved answers merge under it)
//   run          counts checks: a result from an earlier run is refused, whatever it says
//   purpose      why the pending check runs: "reader" (counts as an attempt), "reveal" or "restore" (neither)
//
// States, and the events that leave them (any event not listed is refused: `transition` returns null):
//
//   state      event           next       what it means
//   answering  edit            answering  the reader changes an answer
//              check           checking   the reader presses Check (or a saved result is shown again)
//              reset           answering  every answer cleared
//              restored        answering  saved attempts and reveal merged in (answers stay as on screen)
//              open_shared     shared     a share link's answers replace the form's
//              stale           stale      the quiz is not the version the checker holds
//   checking   edit            checking   the pending check grades what is on screen when it is graded
//              restored        checking   saved attempts and reveal merged in before it is graded
//              wait            waiting    the checker is unavailable: the check waits for it
//              graded          tried      not every answer right (done when all are; done for a self-assessment)
//              incomplete      answering  something is unanswered: nothing graded
//              check_failed    answering  the check could not be made
//              reset           answering
//              stale           stale
//   waiting    edit            waiting
//              check           checking   the reader presses Check again
//              restored        waiting
//              resume          checking   the checker is back
//              reset           answering
//              stale           stale
//   tried      edit            answering  the marks beside a changed answer go, the others stay
//              retry           answering  "Try again": what was wrong keeps its marks until it is changed
//              reveal          checking   "Show the answers": the same attempt, shown in full
//              reset           answering
//              open_shared     shared
//              stale           stale
//   done       edit            answering
//              check           checking   a self-assessment is checked again (a graded quiz offers Try again)
//              retry           answering
//              reset           answering
//              open_shared     shared
//              stale           stale
//   shared     graded          shared     the shared answers' result is shown
//              own             answering  "Take it yourself": the reader's own answers
//              stale           stale
//   stale      reset           stale      answers cleared; nothing is checked or saved

export const INITIAL = Object.freeze({
  state: "answering", attempts: 0, revealed: false, allRevealed: false, checked: false, touched: false, run: 0, purpose: null,
});

const NEXT = {
  answering: { edit: "answering", check: "checking", reset: "answering", restored: "answering", open_shared: "shared", stale: "stale" },
  checking: { edit: "checking", restored: "checking", wait: "waiting", graded: "tried", incomplete: "answering", check_failed: "answering", reset: "answering", stale: "stale" },
  waiting: { edit: "waiting", check: "checking", restored: "waiting", resume: "checking", reset: "answering", stale: "stale" },
  tried: { edit: "answering", retry: "answering", reveal: "checking", reset: "answering", open_shared: "shared", stale: "stale" },
  done: { edit: "answering", check: "checking", retry: "answering", reset: "answering", open_shared: "shared", stale: "stale" },
  shared: { graded: "shared", own: "answering", stale: "stale" },
  stale: { reset: "stale" },
};

export const STATES = Object.freeze(Object.keys(NEXT));

/**
 * The record after `event`, or null when the event does not apply in this state (a result for an earlier
 * run included). `detail` by event: check {purpose}; graded {run, passed, allRevealed, assessment};
 * restored and own {attempts, revealed} (as saved, either may be missing).
 */
export function transition(record, event, detail = {}) {
  const state = NEXT[record.state]?.[event];
  if (!state) return null;
  const next = { ...record, state };
  switch (event) {
    case "edit":
      return { ...next, checked: false, touched: true };
    case "check":
      return { ...next, run: record.run + 1, purpose: detail.purpose ?? "reader" };
    case "reveal":
      return { ...next, run: record.run + 1, purpose: "reveal", revealed: true };
    case "resume":
      return { ...next, run: record.run + 1 };
    case "graded":
      return graded(record, next, detail);
    case "incomplete":
    case "check_failed":
      return { ...next, checked: false, purpose: null };
    case "retry":
      return { ...next, checked: false };
    case "reset":
      return { ...INITIAL, state, touched: true, run: record.run + 1 };
    case "restored":
      return { ...next, attempts: detail.attempts ?? 0, revealed: detail.revealed === true };
    case "open_shared":
      return { ...INITIAL, state, attempts: 1, run: record.run + 1, purpose: "restore" };
    case "own":
      return { ...INITIAL, run: record.run + 1, attempts: detail.attempts ?? 0, revealed: detail.revealed === true };
    default:
      return next;
  }
}

function graded(record, next, { run, passed, allRevealed, assessment }) {
  if (run !== record.run) return null; // a check the reader has since superseded
  const shared = record.state === "shared";
  const counted = !shared && record.purpose === "reader" && !assessment;
  return {
    ...next,
    state: shared ? "shared" : assessment || passed ? "done" : "tried",
    attempts: counted ? record.attempts + 1 : record.attempts,
    allRevealed: allRevealed === true,
    checked: true,
    purpose: null,
  };
}

/** The attempt a pending check asks the engine to grade: the next one for the reader's own check, else the last. */
export function attemptToGrade(record) {
  return record.purpose === "reader" ? record.attempts + 1 : Math.max(record.attempts, 1);
}

/** Which buttons the form offers in `record`, and which one is primary. */
export function actions(record, { assessment, answered }) {
  const { state } = record;
  const graded = !assessment;
  const shown = {
    quiz__check: state === "answering" || state === "checking" || state === "waiting" || (state === "done" && !graded),
    quiz__next: state === "done",
    quiz__own: state === "shared",
    quiz__retry: graded && (state === "tried" || state === "done"),
    quiz__reveal: graded && state === "tried" && !record.allRevealed,
    quiz__share: state === "tried" || state === "done",
    quiz__reset: state !== "shared" && answered,
  };
  const primary = { answering: "quiz__check", checking: "quiz__check", waiting: "quiz__check", tried: "quiz__retry", done: "quiz__next", shared: "quiz__own" }[state] ?? null;
  return { shown, primary };
}
