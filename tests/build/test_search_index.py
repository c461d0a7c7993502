"""Search finds the quizzes' prompts, never their form chrome: option labels, the five-point scale's words,
the guess's band names, status lines and buttons stay out of Material's index (`data-search-exclude`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Text a reader sees only as part of a form's controls.
CHROME = ["Strongly disagree", "Neither agree nor disagree", "Check answers", "See my result", "Still growing"]
# Prompts, which a reader may well search for.
PROMPTS = [
    "Is each behaviour part of the manager’s job or the leader’s, as the essay describes them?",
    "Which do you think you are?",
]


@pytest.fixture(scope="module")
def indexed_text(site_dir: Path) -> str:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return "\n".join(doc["text"] for doc in index["docs"] if "#quiz-" in doc["location"] or doc["location"].endswith("/"))


@pytest.mark.parametrize("text", CHROME)
def test_form_chrome_is_not_indexed(indexed_text: str, text: str) -> None:
    assert text not in indexed_text


@pytest.mark.parametrize("text", PROMPTS)
def test_prompts_are_indexed(indexed_text: str, text: str) -> None:
    assert text in indexed_text
