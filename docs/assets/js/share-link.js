// Share links: a quiz's answers in the URL fragment, encoded and checked by the engine
// (`share=<quiz>.<payload>`). Opening one shows that result, recomputed on this page.

import { ask } from "./engine-client.js";

const SHARE_PREFIX = "share=";

/** The share fragment of the current address (without "#"), or null when it is an ordinary one. */
export function sharedFragment() {
  const fragment = location.hash.slice(1);
  return fragment.startsWith(SHARE_PREFIX) ? fragment : null;
}

/** {quiz, answers, prediction}; rejects with EngineError "bad_share" for a malformed link. */
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

/** Drop a share fragment from the address, so reloading shows the reader's own answers. */
export function forgetSharedFragment() {
  if (sharedFragment() !== null) history.replaceState(history.state, "", location.pathname + location.search);
}
