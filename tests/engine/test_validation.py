"""Content validation: each malformed snippet and a fragment of the message it must give.

To add a case, append (TOML text, expected fragment) to CASES. A case may be a dict
of several files. Messages name file, quiz, question and field.
"""

from __future__ import annotations

import pytest

from quiz_py.loading import ContentError, link_errors, load_catalog_texts

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
        f'[[questions.items]]\nid = "i{n}"\ntext = "T"\ncategory = "{c}"\nreason = "R"\nlink = "chapters/a.md#x"\n'
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


def band(band_id: str, management: str, leadership: str, link: str = "chapters/a.md#x") -> str:
    return (
        f'[[bands]]\nid = "{band_id}"\ntitle = "T"\nmeaning = "M"\nrarity = "R"\n'
        f'ranges = {{ management = {management}, leadership = {leadership} }}\n'
        f'links = [{{ link = "{link}", text = "T" }}]\n'
    )


CASES: list[tuple[str | dict[str, str], str]] = [
    # Syntax and structure
    ('id = "t"\ntitle = "T\n', f"{SOURCE}: TOML syntax error: Illegal character"),
    ('id = "t"\nkind = "checkpoint"\n\ntitle = = "T"\n', "(at line 4, column"),
    (CHECKPOINT.replace('title = "T"', "title = 3") + SINGLE + 'correct = "a"\n' + OPTIONS,
     "quiz 't', field 'title': expected a string, got an integer"),
    (CHECKPOINT + SINGLE.replace('explanation = "E"\n', "") + 'correct = "a"\n' + OPTIONS,
     "quiz 't', question 'q1': missing required field 'explanation'"),
    (CHECKPOINT + SINGLE.replace('prompt = "P"', 'prompt = "  "') + 'correct = "a"\n' + OPTIONS,
     "question 'q1', field 'prompt': must not be empty"),
    (CHECKPOINT + SINGLE.replace("explanation", "explaination") + 'correct = "a"\n' + OPTIONS,
     "question 'q1', field 'explaination': unknown field (did you mean 'explanation'?)"),
    (CHECKPOINT.replace('title = "T"', 'titel = "T"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     "field 'titel': unknown field (did you mean 'title'?)"),
    (CHECKPOINT.replace('"checkpoint"', '"exam"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     "field 'kind': 'exam' is not a quiz kind (checkpoint, sort, assessment)"),
    (CHECKPOINT.replace('id = "t"', 'id = "Check Point"') + SINGLE + 'correct = "a"\n' + OPTIONS,
     "field 'id': 'Check Point' is not a valid id"),
    ({SOURCE: VALID_CHECKPOINT, "quizzes/u.toml": VALID_CHECKPOINT},
     f"quizzes/u.toml: quiz 't': duplicate quiz id, also in {SOURCE}"),
    (VALID_CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS,
     "quiz 't', field 'questions': duplicate question id 'q1'"),
    (VALID_CHECKPOINT + 4 * (SINGLE.replace('"q1"', '"q2"') + 'correct = "a"\n' + OPTIONS),
     "field 'questions': has 5 questions; expected between 1 and 3"),
    (CHECKPOINT + SINGLE.replace('"single"', '"scale"'),
     "field 'kind': a checkpoint quiz takes single, multiple, true_false questions, not 'scale'"),
    # Choice questions
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('id = "b"', 'id = "a"'),
     "question 'q1', field 'options': duplicate option id 'a'"),
    (CHECKPOINT + SINGLE + 'correct = "e"\n' + OPTIONS,
     f"{SOURCE}: quiz 't', question 'q1', field 'correct': 'e' is not one of the options (a, b)"),
    (CHECKPOINT + SINGLE + 'correct = ["a", "b"]\n' + OPTIONS,
     "field 'correct': a single-choice question has exactly one correct option, got 2"),
    (CHECKPOINT + SINGLE.replace('"single"', '"multiple"') + "correct = []\n" + OPTIONS,
     "field 'correct': a multiple-select question needs at least one correct option"),
    (CHECKPOINT + SINGLE + 'correct = "a"\n[[questions.options]]\nid = "a"\ntext = "A"\n',
     "question 'q1', field 'options': has 1 option; expected between 2 and 6"),
    (CHECKPOINT + SINGLE + 'correct = "a"\n' + OPTIONS.replace('text = "B"', 'txt = "B"'),
     "question 'q1', option 'b': missing required field 'text'"),
    (CHECKPOINT + SINGLE.replace('"single"', '"true_false"') + 'correct = "yes"\n',
     "question 'q1', field 'correct': expected a boolean, got a string"),
    # Sort questions
    (SORT + sort_items("manager", "leader", "leader", "boss"),
     "question 'q1', item 'i3', field 'category': 'boss' is not one of the categories (manager, leader)"),
    (SORT + sort_items("manager", "leader"), "field 'items': has 2 items; expected between 4 and 12"),
    (SORT + sort_items(*["manager", "leader"] * 7), "field 'items': has 14 items; expected between 4 and 12"),
    (SORT + sort_items("manager", "manager", "manager", "manager"),
     "field 'categories': category 'leader' has no items"),
    # Assessment
    (ASSESSMENT + STATEMENTS.replace('dimension = "management"\n', "") + band("all", "[1, 5]", "[1, 5]"),
     "question 'm': missing required field 'dimension'"),
    (ASSESSMENT + STATEMENTS.replace('"management"\n[[q', '"charisma"\n[[q') + band("all", "[1, 5]", "[1, 5]"),
     "question 'm', field 'dimension': 'charisma' is not one of the dimensions (management, leadership)"),
    (ASSESSMENT + STATEMENTS + band("low", "[1, 2]", "[1, 5]") + band("high", "[4, 5]", "[1, 5]"),
     "field 'bands': bands do not cover the range: no band for management 3, leadership 1"),
    (ASSESSMENT + STATEMENTS + band("low", "[1, 3]", "[1, 5]") + band("high", "[3, 5]", "[1, 5]"),
     "field 'bands': bands overlap: management 3, leadership 1 is in low, high"),
    (ASSESSMENT + STATEMENTS + band("all", "[0, 5]", "[1, 5]"),
     "band 'all', field 'ranges.management': [0, 5] is out of range: scores run from 1 to 5"),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]") + band("all", "[1, 5]", "[1, 5]"),
     "field 'bands': duplicate band id 'all'"),
    (ASSESSMENT.replace('prediction_prompt = "Which?"\n', "") + STATEMENTS + band("all", "[1, 5]", "[1, 5]"),
     "quiz 'w': missing required field 'prediction_prompt'"),
    # Links
    (CHECKPOINT + SINGLE.replace("chapters/a.md#x", "chapters/b.md#x") + 'correct = "a"\n' + OPTIONS,
     "question 'q1', field 'link': 'chapters/b.md#x' links to an unknown page 'chapters/b.md' (did you mean 'chapters/a.md'?)"),
    (CHECKPOINT + SINGLE.replace("chapters/a.md#x", "chapters/a.md#pasage") + 'correct = "a"\n' + OPTIONS,
     "links to an unknown anchor '#pasage' on chapters/a.md (did you mean '#passage'?)"),
    (CHECKPOINT + SINGLE.replace("chapters/a.md#x", "chapters/a.md") + 'correct = "a"\n' + OPTIONS,
     "field 'link': 'chapters/a.md' must name a page and a passage anchor"),
    (ASSESSMENT + STATEMENTS + band("all", "[1, 5]", "[1, 5]", link="about.md#x"),
     "band 'all', link #1, field 'link': 'about.md#x' links to an unknown page"),
]


def problems(files: str | dict[str, str]) -> list[str]:
    texts = {SOURCE: files} if isinstance(files, str) else files
    try:
        catalog = load_catalog_texts(texts)
    except ContentError as error:
        return error.messages
    return link_errors(catalog, PAGES)


@pytest.mark.parametrize(("files", "expected"), CASES, ids=[expected[:60] for _, expected in CASES])
def test_malformed_content_is_reported(files: str | dict[str, str], expected: str) -> None:
    messages = problems(files)
    assert any(expected in message for message in messages), "\n".join(messages)


@pytest.mark.parametrize(
    "files", [VALID_CHECKPOINT, SORT + sort_items("manager", "leader", "manager", "leader"),
              ASSESSMENT + STATEMENTS + band("low", "[1, 2]", "[1, 5]") + band("high", "[3, 5]", "[1, 5]")]
)
def test_valid_content_has_no_problems(files: str) -> None:
    assert problems(files) == []


def test_every_problem_is_collected_not_just_the_first() -> None:
    broken = CHECKPOINT.replace('title = "T"', "title = 3") + SINGLE + 'correct = "e"\n' + OPTIONS.replace("text", "txt")
    messages = problems({SOURCE: broken, "quizzes/v.toml": "id = "})
    assert len(messages) >= 5
    assert {m.split(":")[0] for m in messages} == {SOURCE, "quizzes/v.toml"}


def test_marker_problems_name_the_quiz() -> None:
    from quiz_py.render import replace_markers

    html, found = replace_markers("<p>a</p><!-- quiz: nope --><!-- quiz: t --><!-- quiz: t -->", {"t": "<form/>"}.get)
    assert found == ["marker names an unknown quiz 'nope'", "quiz 't' is placed twice (its element ids would clash)"]
    assert html.count("<form/>") == 2
