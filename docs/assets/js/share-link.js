// Share links: a quiz's answers in the URL fragment, encoded and checked by the engine, which alone
// knows their form (quiz_py/share.py). Opening one shows that result, recomputed on this page.

import { ask } from "./engine-client.js";

/** {quiz, answers, prediction}, or null for an ordinary fragment; rejects with EngineError "bad_share" for a malformed link. */
export function decodeShared(fragment) {
  return ask("share_decode", { fragment });
}

/** The address of this page showing these answers. */
export async function shareURL(quiz, answers, prediction) {
  const { fragment } = await ask("share_encode", { quiz, answers, prediction });
  const url = new URL(location.href);
  url.hash = fragment;
  return url.href;
}

/** Drop the share link from the address, so reloading shows the reader's own answers. */
export function forgetSharedFragment() {
  history.replaceState(history.state, "", location.pathname + location.search);
}
