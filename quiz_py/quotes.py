"""Quotations of the essay inside quiz content.

Any text between curly double quotes (“…”) in a quiz is a quotation of the essay, and
must be the essay's words verbatim, apart from whitespace: an ellipsis (… or ...)
inside the quotes may stand for omitted words, so “Managers … hit goals” matches when
"Managers" and "hit goals" appear in the essay in that order. Straight quotes ("…")
are not checked: use them for words that are not the essay's.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\u201c", "\u201d"
_QUOTATION = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
_ELLIPSIS = re.compile(r"\u2026|\.\.\.")
_WHITESPACE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _in_essay(quotation: str, essay: str) -> bool:
    """Each part between ellipses appears in the essay as whole words, in order."""
    position = 0
    for part in (_squeeze(p) for p in _ELLIPSIS.split(quotation)):
        if not part:
            continue
        found = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)").search(essay, position)
        if found is None:
            return False
        position = found.end()
    return True


def quote_problems(text: str, essay: str) -> list[str]:
    """What is wrong with the quotations in `text`, one line each; none when all are the essay's."""
    problems = []
    if _QUOTATION.sub("", text).count(OPEN) or _QUOTATION.sub("", text).count(CLOSE):
        problems.append(f"unbalanced curly quotes: every {OPEN} needs its {CLOSE}")
    squeezed_essay = _squeeze(essay)
    for quotation in _QUOTATION.findall(text):
        if not _squeeze(_ELLIPSIS.sub(" ", quotation)):
            problems.append(f"empty quotation {OPEN}{quotation}{CLOSE}")
        elif not _in_essay(quotation, squeezed_essay):
            problems.append(
                f"{OPEN}{_squeeze(quotation)}{CLOSE} is not in the essay: words in curly quotes must be the "
                "essay's own, verbatim, with … for omitted words"
            )
    return problems
