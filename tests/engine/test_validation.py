"""Content validation: each malformed snippet beside every message it must give, whole and in order.

To add a case, append (TOML text, [message, ...]) to CASES. A case may be a dict of several
files. Each message is compared exactly, its file:line position included: a message that
says more, less or something else, or one message too many, fails. Messages name file,
line, quiz, question and field. Quotations in curly quotes are checked against the
project's copy of the essay.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from quiz_py.links import link_errors
from quiz_py.loading import ContentError, band_coverage_problems, load_catalog_files, load_catalog_texts, read_quiz
from quiz_py.model import ChoiceQuestion
from quiz_py.quotes import quote_problems

ROOT = Path(__file__).resolve().parents[2]
ESSAY = (ROOT / "docs" / "essay.txt").read_text(encoding="utf-8")
SOURCE = "quizzes/t.toml"
# The pages and anchors links are checked against.
PAGES = {"chapters/a.md": {"x", "passage"}, "index.md": set()}

CHECKPOINT = 'id = "t"\nkind = "checkpoint"\ntitle = "T"\n'
SINGLE = '[[questions]]\nid = "q1"\nkind = "single"\nprompt = "P"\nexplanation = "E"\nlink = "chapters/a.md#x"\n'
OPTIONS = '[[questions.options]]\nid = "a"\ntext = "A"\n[[questions.options]]\nid = "b"\ntext = "B"\n'
VALID_CHECKPOINT = CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS

SORT = (
    'id = "s"\nkind = "sort"\ntitle = "S"\n[[questions]]\nid = "q1"\nkind = "sort"\nprompt = "P"\n'
    'categories = [{id = "manager", label = "Manager"}, {id = "leader", label = "Leader"}]\n'
)


def sort_items(*categories: str) -> str:
    return "".join(
        f'[[questions.items]]\nid = "i{n}"\ntext = "T{n}"\ncategory = "{c}"\nreason = "R"\nlink = "chapters/a.md#x"\n'
        for n, c in enumerate(categories)
    )


ASSESSMENT = (
    'id = "w"\nkind = "assessment"\ntitle = "W"\nprediction_prompt = "Which?"\n'
    '[[dimensions]]\nid = "management"\nlabel = "M"\n[[dimensions]]\nid = "leadership"\nlabel = "L"\n'
)
# One statement per dimension: each scores 1..5.
STATEMENTS = (
    '[[questions]]\nid = "m"\nkind = "scale"\nprompt = "P"\ndimension = "management"\n'
    '[[questions]]\nid = "l"\nkind = "scale"\nprompt = "P"\ndimension = "leadership"\nreverse = true\n'
)


def band(band_id: str, management: str, leadership: str, link: str = "chapters/a.md#x", title: str | None = None) -> str:
    """A band titled `title`, else by its id (two bands may not read the same)."""
    return (
        f'[[bands]]\nid = "{band_id}"\ntitle = "{title or band_id}"\nmeaning = "M"\nrarity = "R"\n'
        f'ranges = {{ management = {management}, leadership = {leadership} }}\n'
        f'links = [{{ link = "{link}", text = "T" }}]\n'
    )


# Each case: the content, then every message it must give, whole, in order. Lines are those where the table at
# fault starts: in CHECKPOINT + SINGLE + OPTIONS the question's [[questions]] is line 4, option 'a''s table 11 and
# option 'b''s 14; in ASSESSMENT + STATEMENTS + bands, statement 'm' is 11, 'l' 16, the first band 22, the
# second 29; in SORT + sort_items, the question is 4 (its categories are inline) and item i<n> is 9 + 6n.
QUOTE_RULE = "words in curly quotes must be the essay's own, verbatim, with \u2026 for omitted words"
ID_RULE = "(lower-case letters, digits and single hyphens, at most 40 characters)"
CASES: list[tuple[str | dict[str, str], list[str]]] = [
    # Syntax and structure
    ('id = "t"\ntitle = "T\n', [f"{SOURCE}: TOML syntax error: Illegal character '\\n' (at line 2, column 11)"]),
    ('id = "t"\nkind = "checkpoint"\n\ntitle = = "T"\n', [f"{SOURCE}: TOML syntax error: Invalid value (at line 4, column 9)"]),
    (CHECKPOINT.replace('title = "T"', "title = 3") + SINGLE + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:1: quiz 't', field 'title': expected a string, got an integer"]),
    (CHECKPOINT + SINGLE.replace('explanation = "E"\n', "") + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1': missing required field 'explanation'"]),
    (CHECKPOINT + SINGLE.replace('prompt = "P"', 'prompt = "  "') + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'prompt': must not be empty"]),
    (CHECKPOINT + SINGLE.replace("explanation", "explaination") + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1': missing required field 'explanation'",
      f"{SOURCE}:4: quiz 't', question 'q1', field 'explaination': unknown field (did you mean 'explanation'?)"]),
    (CHECKPOINT.replace('title = "T"', 'titel = "T"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:1: quiz 't': missing required field 'title'",
      f"{SOURCE}:1: quiz 't', field 'titel': unknown field (did you mean 'title'?)"]),
    (CHECKPOINT.replace('"checkpoint"', '"exam"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:1: quiz 't', field 'kind': 'exam' is not a quiz kind (checkpoint, sort, assessment)"]),
    (CHECKPOINT.replace('id = "t"', 'id = "Check Point"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:1: quiz 'Check Point', field 'id': 'Check Point' is not a valid id {ID_RULE}"]),
    ({SOURCE: VALID_CHECKPOINT, "quizzes/u.toml": VALID_CHECKPOINT},
     [f"quizzes/u.toml:1: quiz 't': duplicate quiz id, also in {SOURCE}"]),
    (VALID_CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:17: quiz 't', field 'questions': duplicate question id 'q1'"]),
    # q1, then four questions q2 of 13 lines each, at lines 17, 30, 43 and 56: a repeated id is said once, at its
    # first repeat.
    (VALID_CHECKPOINT + 4 * (SINGLE.replace('"q1"', '"q2"') + 'correct = "a"\n' + OPTIONS),
     [f"{SOURCE}:1: quiz 't', field 'questions': has 5 questions; expected between 1 and 3",
      f"{SOURCE}:30: quiz 't', field 'questions': duplicate question id 'q2'"]),
    (CHECKPOINT + SINGLE.replace('"single"', '"scale"'),
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'kind': a checkpoint quiz takes single, multiple, true_false questions, not 'scale'"]),
    # Choice questions
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('id = "b"', 'id = "a"'),
     [f"{SOURCE}:14: quiz 't', question 'q1', field 'options': duplicate option id 'a'"]),
    (CHECKPOINT + SINGLE + 'correct = "e"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'correct': 'e' is not one of the options (a, b)"]),
    (CHECKPOINT + SINGLE + 'correct = ["a", "b"]\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'correct': a single-choice question has exactly one correct option, "
      'got 2 (use kind = "multiple" for several)']),
    (CHECKPOINT + SINGLE.replace('"single"', '"multiple"') + "correct = []\n" + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'correct': a multiple-select question needs at least one correct option"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n[[questions.options]]\nid = "a"\ntext = "A"\n',
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'options': has 1 option; expected between 2 and 6"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'txt = "B"'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b': missing required field 'text'",
      f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'txt': unknown field (did you mean 'text'?)"]),
    (CHECKPOINT + SINGLE.replace('"single"', '"true_false"') + 'correct = "yes"\n',
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'correct': expected a boolean, got a string"]),
    # Sort questions
    (SORT + sort_items("manager", "leader", "leader", "boss"),
     [f"{SOURCE}:27: quiz 's', question 'q1', item 'i3', field 'category': 'boss' is not one of the categories (manager, leader)"]),
    (SORT + sort_items("manager", "leader"),
     [f"{SOURCE}:4: quiz 's', question 'q1', field 'items': has 2 items; expected between 4 and 12"]),
    (SORT + sort_items(*["manager", "leader"] * 7),
     [f"{SOURCE}:4: quiz 's', question 'q1', field 'items': has 14 items; expected between 4 and 12"]),
    (SORT + sort_items("manager", "manager", "manager", "manager"),
     [f"{SOURCE}:4: quiz 's', question 'q1', field 'categories': category 'leader' has no items"]),
    # Assessment
    (ASSESSMENT + STATEMENTS.replace('dimension = "management"\n', "") + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:11: quiz 'w', question 'm': missing required field 'dimension'"]),
    (ASSESSMENT + STATEMENTS.replace('"management"\n[[q', '"charisma"\n[[q') + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:11: quiz 'w', question 'm', field 'dimension': 'charisma' is not one of the dimensions (management, leadership)"]),
    # Management 3 (with leadership 1..5) is in no band: 5 scores; an overlap is shown at the later band.
    (ASSESSMENT + STATEMENTS + band("low", "[1, 2]", "[1, 5]") + band("high", "[4, 5]", "[1, 5]"),
     [f"{SOURCE}:22: quiz 'w', field 'bands': bands do not cover the range: no band for management 3, leadership 1 (5 such scores)"]),
    (ASSESSMENT + STATEMENTS + band("low", "[1, 3]", "[1, 5]") + band("high", "[3, 5]", "[1, 5]"),
     [f"{SOURCE}:29: quiz 'w', field 'bands': bands overlap: management 3, leadership 1 is in low, high"]),
    (ASSESSMENT + STATEMENTS + band("all", "[0, 5]", "[1, 5]"),
     [f"{SOURCE}:22: quiz 'w', band 'all', field 'ranges.management': [0, 5] is out of range: scores run from 1 to 5"]),
    # Two bands over the whole space, under one id: each also covers the other's scores.
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]") + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:29: quiz 'w', field 'bands': duplicate band id 'all'",
      f"{SOURCE}:29: quiz 'w', field 'bands': bands overlap: management 1, leadership 1 is in all, all"]),
    (ASSESSMENT.replace('prediction_prompt = "Which?"\n', "") + STATEMENTS + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:1: quiz 'w': missing required field 'prediction_prompt'"]),
    # Links
    (CHECKPOINT + SINGLE.replace("chapters/a.md#x", "chapters/b.md#x") + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'link': 'chapters/b.md#x' links to an unknown page 'chapters/b.md' "
      "(did you mean 'chapters/a.md'?)"]),
    (CHECKPOINT + SINGLE.replace("chapters/a.md#x", "chapters/a.md#pasage") + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'link': 'chapters/a.md#pasage' links to an unknown anchor '#pasage' "
      "on chapters/a.md (did you mean '#passage'?)"]),
    (CHECKPOINT + SINGLE.replace("chapters/a.md#x", "chapters/a.md") + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'link': 'chapters/a.md' must name a page and a passage anchor, "
      "like 'chapters/page.md#anchor'"]),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]", link="about.md#x"),
     [f"{SOURCE}:22: quiz 'w', band 'all', link #1, field 'link': 'about.md#x' links to an unknown page 'about.md'"]),
    # Lines: the header of the table at fault
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'text = ""'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'text': must not be empty"]),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[5, 1]"),
     [f"{SOURCE}:22: quiz 'w', band 'all', field 'ranges.leadership': [5, 1] is reversed: write [1, 5]"]),
    # Texts the result chart lays out: bounded, so they fit it (and its line breaking stays cheap)
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]", title=f"{'Strong ' * 6}ok"),
     [f"{SOURCE}:22: quiz 'w', band 'all', field 'title': has 44 characters; at most 40 fit the result chart"]),
    (ASSESSMENT.replace('label = "M"', f'label = "{"m" * 25}"') + STATEMENTS + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:5: quiz 'w', dimension 'management', field 'label': has 25 characters; at most 24 fit the result chart"]),
    # Ids as the browser matches them: exactly as written
    (CHECKPOINT + SINGLE.replace('"q1"', '"q1 "') + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1 ', field 'id': 'q1 ' has spaces around it; write ids without them"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('id = "b"', 'id = " b"'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option ' b', field 'id': ' b' has spaces around it; write ids without them"]),
    (ASSESSMENT + STATEMENTS + band(" all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:22: quiz 'w', band ' all', field 'id': ' all' has spaces around it; write ids without them"]),
    (CHECKPOINT + SINGLE + 'correct = "a "\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'correct': 'a ' is not one of the options (a, b)"]),
    # Names the form uses itself
    (ASSESSMENT + STATEMENTS.replace('id = "m"', 'id = "prediction"') + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:11: quiz 'w', question 'prediction', field 'id': 'prediction' is a name the quiz form uses itself; choose another id"]),
    # Text that cannot be shown
    (CHECKPOINT + SINGLE.replace('prompt = "P"', 'prompt = "P\\u0007Q\\u001b"') + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'prompt': contains control characters (U+0007, U+001B), which cannot be shown"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'text = "\\u200b\\u2060 "'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'text': has no visible characters"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'text = "\\u3164"'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'text': has no visible characters"]),
    # Characters that cannot be shown safely: noncharacters and unassigned code points, private use, bidi controls
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]", title="T\\uFFFF"),
     [f"{SOURCE}:22: quiz 'w', band 'all', field 'title': contains noncharacters or unassigned code points (U+FFFF), "
      "which no font draws"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'text = "\\u202eB\\u2066C\\u2069"'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'text': contains bidirectional controls "
      "(U+202E, U+2066, U+2069), which reorder the text around them"]),
    (CHECKPOINT + SINGLE.replace('prompt = "P"', 'prompt = "P\\ue000"') + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'prompt': contains private-use characters (U+E000), which have no agreed glyph"]),
    (CHECKPOINT + SINGLE.replace('prompt = "P"', 'prompt = "P\\u0378\\ufdd0"') + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'prompt': contains noncharacters or unassigned code points "
      "(U+0378, U+FDD0), which no font draws"]),
    # Options a reader cannot tell apart: the same text, spacing, case and Unicode composition aside
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'text = " a "'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'text': reads the same as option 'a'"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('"A"', '"Caf\u00e9 au  lait"').replace('"B"', '"Cafe\u0301 au lait"'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'text': reads the same as option 'a'"]),
    (ASSESSMENT + STATEMENTS + band("low", "[1, 2]", "[1, 5]") + band("high", "[3, 5]", "[1, 5]", title=" LOW"),
     [f"{SOURCE}:29: quiz 'w', band 'high', field 'title': reads the same as band 'low'"]),
    # Quotations of the essay
    (CHECKPOINT + SINGLE.replace('"E"', '"The essay: \u201cPlanning, controlling and organizing\u2026\u201d"') + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'explanation': \u201cPlanning, controlling and organizing\u2026\u201d "
      f"is not in the essay: {QUOTE_RULE}"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'text = "\u201cManagers are leaders\u201d"'),
     [f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'text': \u201cManagers are leaders\u201d is not in the essay: "
      f"{QUOTE_RULE}"]),
    # “Good managers often fail” is the essay's; the closing quote after "as leaders" opens nothing.
    (CHECKPOINT.replace('title = "T"', 'title = "\u201cGood managers often fail\u201d as leaders\u201d"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:1: quiz 't', field 'title': unbalanced curly quotes: every \u201c needs its \u201d"]),
    # The essay has "managers" and "management", never "manage" as a word of its own.
    (CHECKPOINT + SINGLE.replace('"E"', '"Leaders don\'t \u201cmanage\u201d the metrics"') + 'correct = "a"\n' + OPTIONS,
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'explanation': \u201cmanage\u201d is not in the essay: {QUOTE_RULE}"]),
]


def problems(files: str | dict[str, str]) -> list[str]:
    texts = {SOURCE: files} if isinstance(files, str) else files
    try:
        catalog = load_catalog_texts(texts, essay=ESSAY)
    except ContentError as error:
        return error.messages
    return link_errors(catalog, PAGES, texts)


@pytest.mark.parametrize(("files", "expected"), CASES, ids=[expected[0].split(": ", 1)[1][:60] for _, expected in CASES])
def test_malformed_content_is_reported(files: str | dict[str, str], expected: list[str]) -> None:
    assert problems(files) == expected


@pytest.mark.parametrize(
    "files", [VALID_CHECKPOINT, SORT + sort_items("manager", "leader", "manager", "leader"),
              ASSESSMENT + STATEMENTS + band("low", "[1, 2]", "[1, 5]") + band("high", "[3, 5]", "[1, 5]")]
)
def test_valid_content_has_no_problems(files: str) -> None:
    assert problems(files) == []


def test_every_problem_is_collected_not_just_the_first() -> None:
    broken = CHECKPOINT.replace('title = "T"', "title = 3") + SINGLE + 'correct = "e"\n' + OPTIONS.replace("text", "txt")
    assert problems({SOURCE: broken, "quizzes/v.toml": "id = "}) == [
        f"{SOURCE}:1: quiz 't', field 'title': expected a string, got an integer",
        f"{SOURCE}:11: quiz 't', question 'q1', option 'a': missing required field 'text'",
        f"{SOURCE}:11: quiz 't', question 'q1', option 'a', field 'txt': unknown field (did you mean 'text'?)",
        f"{SOURCE}:14: quiz 't', question 'q1', option 'b': missing required field 'text'",
        f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'txt': unknown field (did you mean 'text'?)",
        # With no readable options, whether 'e' is one of them is not judged.
        "quizzes/v.toml: TOML syntax error: Invalid value (at end of document)",
    ]


QUOTING = CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS


@pytest.mark.parametrize(
    "explanation",
    [
        # Verbatim, whitespace aside
        "\u201cLeadership and management are not the same thing.\u201d",
        "It says \u201cmanaging is   easier than\nleading\u201d, then explains.",
        # An ellipsis stands for omitted words, in order
        "\u201cPlanning, leading, controlling, and organizing \u2026 simpler than leading\u201d",
        "\u201cManagers are supposed to focus on metrics... A manager\u2019s success is based on reaching established goals.\u201d",
        # Straight quotes are not quotations of the essay
        'A "manager first" profile',
    ],
)
def test_quotations_of_the_essay_are_accepted(explanation: str) -> None:
    toml_string = explanation.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    assert problems(QUOTING.replace('explanation = "E"', f'explanation = "{toml_string}"')) == []


def test_a_quotation_of_the_essays_first_words_is_found() -> None:
    assert quote_problems("\u201cAlpha beta\u201d", "Alpha beta gamma.") == []


def test_quoted_words_out_of_order_are_refused() -> None:
    explanation = "\u201csimpler than leading \u2026 Planning, leading\u201d"
    assert problems(QUOTING.replace('"E"', f'"{explanation}"')) == [
        f"{SOURCE}:4: quiz 't', question 'q1', field 'explanation': {explanation} is not in the essay: {QUOTE_RULE}"]


# Each mistake is one root cause: exactly one message, saying what is wrong.
ONE_MESSAGE: list[tuple[str, str]] = [
    (CHECKPOINT.replace('"checkpoint"', '"exam"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     f"{SOURCE}:1: quiz 't', field 'kind': 'exam' is not a quiz kind (checkpoint, sort, assessment)"),
    (CHECKPOINT + SINGLE.replace('"single"', '"singel"') + 'correct = "a"\n' + OPTIONS,
     f"{SOURCE}:4: quiz 't', question 'q1', field 'kind': 'singel' is not a question kind (single, multiple, true_false, sort, scale)"),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[5, 1]"),
     f"{SOURCE}:22: quiz 'w', band 'all', field 'ranges.leadership': [5, 1] is reversed: write [1, 5]"),
    (ASSESSMENT + STATEMENTS.replace('"management"\n[[q', '"charisma"\n[[q') + band("all", "[1, 5]", "[1, 5]"),
     f"{SOURCE}:11: quiz 'w', question 'm', field 'dimension': 'charisma' is not one of the dimensions (management, leadership)"),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('id = "b"', 'id = "B"'),
     f"{SOURCE}:14: quiz 't', question 'q1', option 'B', field 'id': 'B' is not a valid id {ID_RULE}"),
]


@pytest.mark.parametrize(("files", "expected"), ONE_MESSAGE, ids=[e.split(": ", 1)[1][:60] for _, e in ONE_MESSAGE])
def test_one_root_cause_gives_one_message(files: str, expected: str) -> None:
    assert problems(files) == [expected]


def test_a_single_choice_with_a_list_of_answers_reports_every_problem() -> None:
    messages = problems(CHECKPOINT + SINGLE + 'correct = ["a", "e", 3]\n' + OPTIONS.replace('text = "B"', "txt = 1"))
    assert messages == [
        f"{SOURCE}:14: quiz 't', question 'q1', option 'b': missing required field 'text'",
        f"{SOURCE}:14: quiz 't', question 'q1', option 'b', field 'txt': unknown field (did you mean 'text'?)",
        f"{SOURCE}:4: quiz 't', question 'q1', field 'correct': a single-choice question has exactly one correct option, "
        'got 3 (use kind = "multiple" for several)',
        f"{SOURCE}:4: quiz 't', question 'q1', field 'correct': 3 is not an option id (expected a string, got an integer)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ASSESSMENT + STATEMENTS + band("low", "[1, 2]", "[1, 5]") + band("high", "[3, 5]", "[1, 5]").replace('title = "high"', "title = 1"),
         [f"{SOURCE}:29: quiz 'w', band 'high', field 'title': expected a string, got an integer"]),
        # Every band is valid on its own: the problem is between them.
        (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]") + band("all", "[1, 5]", "[1, 5]"),
         [f"{SOURCE}:29: quiz 'w', field 'bands': duplicate band id 'all'",
          f"{SOURCE}:29: quiz 'w', field 'bands': bands overlap: management 1, leadership 1 is in all, all"]),
    ],
)
def test_a_quiz_with_any_problem_is_not_returned(text: str, expected: list[str]) -> None:
    found: list[str] = []
    assert read_quiz(tomllib.loads(text), SOURCE, found, text=text) is None
    assert found == expected


def last_link_to(target: str, text: str) -> str:
    before, after = text.rsplit("chapters/a.md#x", 1)
    return before + target + after


# Issue 15: every content error names the line where the table at fault starts. The quiz's own fields are
# the root table's, line 1; a problem between tables (a repeated id, an overlap) is shown at the later table.
LINES: list[tuple[str | dict[str, str], list[str]]] = [
    (CHECKPOINT.replace('title = "T"', "title = 3") + SINGLE + 'correct = "a"\n' + OPTIONS,
     ["quizzes/t.toml:1: quiz 't', field 'title': expected a string, got an integer"]),
    ({SOURCE: VALID_CHECKPOINT, "quizzes/u.toml": VALID_CHECKPOINT},
     ["quizzes/u.toml:1: quiz 't': duplicate quiz id, also in quizzes/t.toml"]),
    (VALID_CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS,
     ["quizzes/t.toml:17: quiz 't', field 'questions': duplicate question id 'q1'"]),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('id = "b"', 'id = "a"'),
     ["quizzes/t.toml:14: quiz 't', question 'q1', field 'options': duplicate option id 'a'"]),
    (ASSESSMENT + STATEMENTS + band("low", "[1, 2]", "[1, 5]") + band("high", "[4, 5]", "[1, 5]"),
     ["quizzes/t.toml:22: quiz 'w', field 'bands': bands do not cover the range: no band for management 3, leadership 1 (5 such scores)"]),
    (ASSESSMENT + STATEMENTS + band("low", "[1, 3]", "[1, 5]") + band("high", "[3, 5]", "[1, 5]"),
     ["quizzes/t.toml:29: quiz 'w', field 'bands': bands overlap: management 3, leadership 1 is in low, high"]),
    (ASSESSMENT + STATEMENTS.replace('"leadership"\nreverse', '"management"\nreverse') + band("all", "[2, 10]", "[1, 5]"),
     ["quizzes/t.toml:8: quiz 'w', field 'dimensions': dimension 'leadership' has no statements"]),
    (SORT.split("categories =")[0] + '[[questions.categories]]\nid = "manager"\nlabel = "M"\n'
     '[[questions.categories]]\nid = "leader"\nlabel = "L"\n' + sort_items("manager", "manager", "manager", "manager"),
     ["quizzes/t.toml:11: quiz 's', question 'q1', field 'categories': category 'leader' has no items"]),
    # Links: the question's, the item's, the band's table (its links are inline)
    (CHECKPOINT + SINGLE.replace("chapters/a.md#x", "chapters/b.md#x") + 'correct = "a"\n' + OPTIONS,
     ["quizzes/t.toml:4: quiz 't', question 'q1', field 'link': 'chapters/b.md#x' links to an unknown page "
      "'chapters/b.md' (did you mean 'chapters/a.md'?)"]),
    (SORT + last_link_to("chapters/a.md#y", sort_items("manager", "leader", "manager", "leader")),
     ["quizzes/t.toml:27: quiz 's', question 'q1', item 'i3', field 'link': 'chapters/a.md#y' links to an unknown "
      "anchor '#y' on chapters/a.md"]),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]", link="about.md#x"),
     ["quizzes/t.toml:22: quiz 'w', band 'all', link #1, field 'link': 'about.md#x' links to an unknown page 'about.md'"]),
    # A band's links written as tables: the line of the link's own table
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]").replace(
        'links = [{ link = "chapters/a.md#x", text = "T" }]\n',
        '[[bands.links]]\nlink = "chapters/a.md#x"\ntext = "T"\n[[bands.links]]\nlink = "about.md#x"\ntext = "T"\n'),
     ["quizzes/t.toml:31: quiz 'w', band 'all', link #2, field 'link': 'about.md#x' links to an unknown page 'about.md'"]),
    # An inline link's line is its band's, though a later band's links are tables
    (ASSESSMENT + STATEMENTS + band("a", "[1, 2]", "[1, 5]", link="about.md#x") + band("b", "[3, 4]", "[1, 5]").replace(
        'links = [{ link = "chapters/a.md#x", text = "T" }]\n', '[[bands.links]]\nlink = "chapters/a.md#x"\ntext = "T"\n')
     + band("c", "[5, 5]", "[1, 5]"),
     ["quizzes/t.toml:22: quiz 'w', band 'a', link #1, field 'link': 'about.md#x' links to an unknown page 'about.md'"]),
    (ASSESSMENT + STATEMENTS + band("a", "[1, 2]", "[1, 5]") + band("b", "[3, 4]", "[1, 5]", link="about.md#x")
     + band("c", "[5, 5]", "[1, 5]").replace(
        'links = [{ link = "chapters/a.md#x", text = "T" }]\n', '[[bands.links]]\nlink = "chapters/a.md#x"\ntext = "T"\n'),
     ["quizzes/t.toml:29: quiz 'w', band 'b', link #1, field 'link': 'about.md#x' links to an unknown page 'about.md'"]),
    # Whatever TOML allows around the headers: quotes in a comment or a string, quoted keys in a header
    (CHECKPOINT + '# a docstring-like """ here\n' + SINGLE + 'correct = "e"\n' + OPTIONS,
     ["quizzes/t.toml:5: quiz 't', question 'q1', field 'correct': 'e' is not one of the options (a, b)"]),
    (CHECKPOINT + SINGLE.replace('"E"', '"Three quotes: \'\'\'"').replace("[[questions]]", '[["questions"]]')
     + 'correct = "a"\n' + OPTIONS.replace('[[questions.options]]\nid = "b"', '[[ "questions" . \'options\' ]]\nid = "b"')
     .replace('text = "B"', 'text = ""'),
     ["quizzes/t.toml:14: quiz 't', question 'q1', option 'b', field 'text': must not be empty"]),
    # A table written inline has no line of its own: its parent's, here the root table's
    (CHECKPOINT + 'questions = [{ id = "q1", kind = "true_false", prompt = "P", correct = true, explanation = "E", '
     'link = "chapters/b.md#x" }]\n',
     ["quizzes/t.toml:1: quiz 't', question 'q1', field 'link': 'chapters/b.md#x' links to an unknown page "
      "'chapters/b.md' (did you mean 'chapters/a.md'?)"]),
]


@pytest.mark.parametrize(("files", "expected"), LINES, ids=[e[0].split(": ", 2)[2][:50] for _, e in LINES])
def test_problems_name_the_line_where_their_table_starts(files: str | dict[str, str], expected: list[str]) -> None:
    assert problems(files) == expected


def statements(dimensions: int, per_dimension: int) -> str:
    return "".join(
        f'[[questions]]\nid = "s{d}-{n}"\nkind = "scale"\nprompt = "P"\ndimension = "d{d}"\n'
        for d in range(dimensions) for n in range(per_dimension)
    )


def test_an_assessment_at_the_validators_limits_is_valid() -> None:
    """4 dimensions of 6 statements (24, the most) score 6..30 each; 12 bands split the space:
    d0 in 3 slices (6-13, 14-21, 22-30) x d1 in 2 (6-17, 18-30) x d2 in 2 (6-17, 18-30), d3 whole.
    Checking every score combination would be 25^4 = 390,625 of them."""
    dimensions = "".join(f'[[dimensions]]\nid = "d{d}"\nlabel = "D{d}"\n' for d in range(4))
    bands: list[str] = []
    for a, b, c in [(a, b, c) for a in ("[6, 13]", "[14, 21]", "[22, 30]") for b in ("[6, 17]", "[18, 30]") for c in ("[6, 17]", "[18, 30]")]:
        bands.append(
            f'[[bands]]\nid = "b{len(bands)}"\ntitle = "T{len(bands)}"\nmeaning = "M"\nrarity = "R"\n'
            f"ranges = {{ d0 = {a}, d1 = {b}, d2 = {c}, d3 = [6, 30] }}\n"
            'links = [{ link = "chapters/a.md#x", text = "T" }]\n'
        )
    quiz = ASSESSMENT.split("[[dimensions]]")[0] + dimensions + statements(4, 6) + "".join(bands)
    assert problems(quiz) == []
    # A 13th band, b0 again under another id and title (b0's table is line 137, each band 7 lines: b12's is 221).
    assert problems(quiz + bands[0].replace('"b0"', '"b12"').replace('"T0"', '"T12"')) == [
        f"{SOURCE}:1: quiz 'w', field 'bands': has 13 bands; expected between 1 and 12",
        f"{SOURCE}:221: quiz 'w', field 'bands': bands overlap: d0 6, d1 6, d2 6, d3 6 is in b0, b12",
    ]


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        # (a ranges, b ranges) of each band, over a 1..10^9 square: too big to enumerate.
        ([((1, 10**9), (1, 10**9))], []),
        ([((1, 500), (1, 10**9)), ((501, 10**9), (1, 10**9))], []),
        ([((1, 500), (1, 10**9)), ((502, 10**9), (1, 10**9))],
         [(0, "bands do not cover the range: no band for a 501, b 1 (1000000000 such scores)")]),
        # A square in the middle: 10^18 scores, 100 of them covered.
        ([((10, 19), (10, 19))], [(0, "bands do not cover the range: no band for a 1, b 1 (999999999999999900 such scores)")]),
        # A gap is shown at the first band, an overlap at the later of the two.
        ([((1, 500), (1, 10**9)), ((500, 10**9), (2, 10**9))],
         [(0, "bands do not cover the range: no band for a 501, b 1 (999999500 such scores)"),
          (1, "bands overlap: a 500, b 2 is in b0, b1")]),
        # A band that meets a piece of the space only partly still covers that part: a full cover, no gap.
        ([((1, 1), (1, 1)), ((1, 10**9), (2, 10**9)), ((2, 10**9), (1, 1))], []),
        # A band that misses a piece of the space covers none of it: the gap is a 1, b 2..10^9, no more.
        ([((1, 1), (1, 1)), ((2, 2), (1, 10**9)), ((3, 10**9), (1, 10**9))],
         [(0, "bands do not cover the range: no band for a 1, b 2 (999999999 such scores)")]),
    ],
)
def test_band_coverage_is_computed_from_the_ranges(
    ranges: list[tuple[tuple[int, int], tuple[int, int]]], expected: list[tuple[int, str]]
) -> None:
    from quiz_py.model import Band

    bands = [Band(f"b{n}", "T", "M", "R", (("a", a), ("b", b)), ()) for n, (a, b) in enumerate(ranges)]
    assert band_coverage_problems(bands, {"a": (1, 10**9), "b": (1, 10**9)}) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xef\xbb\xbf" + VALID_CHECKPOINT.encode(), "quizzes/t.toml: starts with a byte order mark (BOM): save it as UTF-8 without BOM"),
        (VALID_CHECKPOINT.replace("T", "T\u00e9").encode("latin-1"), "quizzes/t.toml:3: is not UTF-8 (byte 0xe9): save it as UTF-8"),
        (VALID_CHECKPOINT.encode("utf-16"), "quizzes/t.toml: is UTF-16 or another encoding with NUL bytes: save it as UTF-8"),
        (VALID_CHECKPOINT.encode("utf-16-le"), "quizzes/t.toml: is UTF-16 or another encoding with NUL bytes: save it as UTF-8"),
        (b"x = " + b"[" * 5000 + b"]" * 5000, "quizzes/t.toml: nested too deeply to read: quiz files need only a few levels of tables"),
        ("directory", "quizzes/t.toml: is a directory, not a quiz file"),
        ("dangling link", "quizzes/t.toml: is a link to a file that does not exist"),
    ],
)
def test_unreadable_files_give_one_line_naming_the_file(tmp_path: Path, content: bytes | str, expected: str) -> None:
    path = tmp_path / "quizzes" / "t.toml"
    path.parent.mkdir()
    if content == "directory":
        path.mkdir()
    elif content == "dangling link":
        path.symlink_to(tmp_path / "missing.toml")
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    (tmp_path / "quizzes" / "u.toml").write_text(VALID_CHECKPOINT.replace('"t"', '"u"'), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_catalog_files((tmp_path / "quizzes").glob("*.toml"), root=tmp_path)
    assert raised.value.messages == [expected]


def test_texts_are_trimmed_then_measured_and_a_blank_optional_one_is_left_out() -> None:
    forty = "Strong " * 5 + "teams"
    assert len(forty) == 40
    assessment = load_catalog_texts({SOURCE: ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]", title=f"  {forty}  ")},
                                    essay=ESSAY).quizzes[0]
    assert [b.title for b in assessment.bands] == [forty]
    assert problems(ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]", title=f" {forty}! ")) == [
        f"{SOURCE}:22: quiz 'w', band 'all', field 'title': has 41 characters; at most 40 fit the result chart"]
    checkpoint = load_catalog_texts({SOURCE: VALID_CHECKPOINT.replace('text = "A"\n', 'text = "  A "\nfeedback = "   "\n')},
                                    essay=ESSAY).quizzes[0]
    first = checkpoint.questions[0]
    assert isinstance(first, ChoiceQuestion) and [(o.text, o.feedback) for o in first.options] == [("A", ""), ("B", "")]


@pytest.mark.parametrize(("text", "expected"), [
    (VALID_CHECKPOINT.replace('id = "b"\n', ""), [f"{SOURCE}:14: quiz 't', question 'q1', option #2: missing required field 'id'"]),
    (VALID_CHECKPOINT.replace('id = "q1"\n', ""), [f"{SOURCE}:4: quiz 't', question #1: missing required field 'id'"]),
])
def test_a_table_without_its_id_is_named_by_its_place(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (VALID_CHECKPOINT.replace('"q1"', f'"{"q" * 40}"'), []),
    (VALID_CHECKPOINT.replace('"q1"', f'"{"q" * 41}"'),
     [f"{SOURCE}:4: quiz 't', question '{"q" * 41}', field 'id': '{"q" * 41}' is not a valid id (lower-case letters, digits and "
      "single hyphens, at most 40 characters)"]),
    (ASSESSMENT + STATEMENTS.replace("reverse = true", 'reverse = "yes"') + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:16: quiz 'w', question 'l', field 'reverse': expected a boolean, got a string"]),
])
def test_ids_and_flags_at_their_edges(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


TRUE_FALSE = CHECKPOINT + (
    '[[questions]]\nid = "q1"\nkind = "true_false"\nprompt = "P"\ncorrect = true\nexplanation = "E"\n'
    'link = "chapters/a.md#x"\n[questions.feedback]\ntrue = "Yes"\n'
)


@pytest.mark.parametrize(("text", "expected"), [
    (TRUE_FALSE, []),
    (TRUE_FALSE + 'maybe = "M"\n',
     [f"{SOURCE}:11: quiz 't', question 'q1', feedback, field 'maybe': unknown field (known fields: false, true)"]),
    (TRUE_FALSE.replace("correct = true\n", ""), [f"{SOURCE}:4: quiz 't', question 'q1': missing required field 'correct'"]),
])
def test_a_true_false_question_needs_its_answer_and_knows_its_feedback_keys(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (VALID_CHECKPOINT.replace('correct = "a"\n', ""), [f"{SOURCE}:4: quiz 't', question 'q1': missing required field 'correct'"]),
    (CHECKPOINT, [f"{SOURCE}:1: quiz 't': missing required field 'questions'"]),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]").replace("ranges = { management = [1, 5], leadership = [1, 5] }\n", ""),
     [f"{SOURCE}:22: quiz 'w', band 'all': missing required field 'ranges'"]),
])
def test_a_missing_required_field_is_reported(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (CHECKPOINT + 'questions = ["q1"]\n', [f"{SOURCE}:1: quiz 't', field 'questions': question #1 must be a table, got a string"]),
    (VALID_CHECKPOINT.replace('id = "b"', "id = 3"),
     [f"{SOURCE}:14: quiz 't', question 'q1', option #2, field 'id': expected a string, got an integer"]),
    (VALID_CHECKPOINT.replace('id = "t"', "id = 3"), [f"{SOURCE}:1: field 'id': expected a string, got an integer"]),
    (TRUE_FALSE.replace('[questions.feedback]\ntrue = "Yes"\n', 'feedback = "Yes"\n'),
     [f"{SOURCE}:4: quiz 't', question 'q1', field 'feedback': expected a table, got a string"]),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5, 9]", "[1, 5]"),
     [f"{SOURCE}:22: quiz 'w', band 'all', field 'ranges.management': expected [low, high], two integers"]),
])
def test_a_value_of_the_wrong_shape_is_reported_and_its_table_named_by_its_place(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (SORT.replace('{id = "leader"', '{id = "manager"') + sort_items("manager", "manager", "manager", "manager"),
     [f"{SOURCE}:4: quiz 's', question 'q1', field 'categories': duplicate category id 'manager'"]),
    (SORT.replace('label = "Leader"', 'label = " manager"') + sort_items("manager", "leader", "manager", "leader"),
     [f"{SOURCE}:4: quiz 's', question 'q1', category 'leader', field 'label': reads the same as category 'manager'"]),
    (SORT + sort_items("manager", "leader", "manager", "leader").replace('id = "i1"', 'id = "i0"'),
     [f"{SOURCE}:15: quiz 's', question 'q1', field 'items': duplicate item id 'i0'"]),
    (ASSESSMENT.replace('id = "leadership"', 'id = "management"') + STATEMENTS.replace('"leadership"', '"management"')
     + band("all", "[2, 10]", "[1, 5]").replace(", leadership = [1, 5]", ""),
     [f"{SOURCE}:8: quiz 'w', field 'dimensions': duplicate dimension id 'management'"]),
])
def test_a_repeated_or_look_alike_entry_is_reported(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


# What depends on a broken part is not judged: the item categories without valid categories, the ranges without
# valid statements, a dimension's statements while one of them is broken.
@pytest.mark.parametrize(("text", "expected"), [
    (SORT.replace('{id = "manager"', '{id = "Manager"') + sort_items("manager", "leader", "manager", "leader"),
     [f"{SOURCE}:4: quiz 's', question 'q1', category 'Manager', field 'id': 'Manager' is not a valid id "
      "(lower-case letters, digits and single hyphens, at most 40 characters)"]),
    (SORT + sort_items("manager", "leader", "manager", "leader").replace('text = "T1"', 'text = ""'),
     [f"{SOURCE}:15: quiz 's', question 'q1', item 'i1', field 'text': must not be empty"]),
    (ASSESSMENT + STATEMENTS.replace("reverse = true", 'reverse = "yes"') + band("all", "[0, 5]", "[1, 5]"),
     [f"{SOURCE}:16: quiz 'w', question 'l', field 'reverse': expected a boolean, got a string"]),
    (ASSESSMENT + STATEMENTS.replace('dimension = "management"\n', "") + band("all", "[1, 5]", "[1, 5]"),
     [f"{SOURCE}:11: quiz 'w', question 'm': missing required field 'dimension'"]),
])
def test_a_broken_part_is_reported_alone(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_no_quiz_files_is_a_problem() -> None:
    with pytest.raises(ContentError) as raised:
        load_catalog_texts({})
    assert raised.value.messages == ["no quiz files found"]
