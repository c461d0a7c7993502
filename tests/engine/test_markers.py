"""Quiz markers in a page's HTML: what is replaced, and what is a problem naming why."""

from __future__ import annotations

import pytest

from quiz_py.markers import place_quizzes

NEAR_MISS = "looks like a quiz marker but is not one: write <!-- quiz: <id> -->"


@pytest.mark.parametrize(
    ("html", "expected_html", "placed", "problems"),
    [
        ("<p>a</p>\n<!-- quiz: t -->", "<p>a</p>\n<form/>", ["t"], []),
        ("<!--quiz:t-->", "<form/>", ["t"], []),
        ("<!-- a note about the quiz below -->", "<!-- a note about the quiz below -->", [], []),
        ("<!-- Quiz: t -->", "<!-- Quiz: t -->", [], [f"'<!-- Quiz: t -->' {NEAR_MISS}"]),
        ("<!-- QUIZ: t -->", "<!-- QUIZ: t -->", [], [f"'<!-- QUIZ: t -->' {NEAR_MISS}"]),
        ("<!-- qiuz: t -->", "<!-- qiuz: t -->", [], [f"'<!-- qiuz: t -->' {NEAR_MISS}"]),
        ("<!-- quiz: t now -->", "<!-- quiz: t now -->", [], [f"'<!-- quiz: t now -->' {NEAR_MISS}"]),
        ("<!-- quiz: -->", "<!-- quiz: -->", [], [f"'<!-- quiz: -->' {NEAR_MISS}"]),
        ("<!-- quiz: nope -->", "<!-- quiz: nope -->", [], ["marker names an unknown quiz 'nope'"]),
        ("<!-- quiz: t --><!-- quiz: t -->", "<form/><form/>", ["t", "t"],
         ["quiz 't' is placed twice (its element ids would clash)"]),
        ('<a title="<!-- quiz: t -->">x</a>', '<a title="<!-- quiz: t -->">x</a>', [],
         ["quiz marker '<!-- quiz: t -->' is inside an HTML tag or script, where no quiz can go"]),
        ("<p>&lt;!-- quiz: t --&gt;</p>", "<p>&lt;!-- quiz: t --&gt;</p>", [], []),
    ],
)
def test_markers(html: str, expected_html: str, placed: list[str], problems: list[str]) -> None:
    assert place_quizzes(html, {"t": "<form/>"}.get) == (expected_html, placed, problems)
