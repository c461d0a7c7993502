"""Build-time HTML: the structure the browser code relies on, escaping, no answer key."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Sequence
from html.parser import HTMLParser

import pytest

from quiz_py.catalog import quiz_hash
from quiz_py.loading import load_catalog_texts
from quiz_py.model import Catalog, Category, Quiz, SortItem, SortQuestion
from quiz_py.render import display_order, render_quiz

Get = Callable[[str], Quiz]


class Elements(HTMLParser):
    """Every start tag as (tag, attributes), plus the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, **attrs: str | None) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def rendered(quiz: Quiz) -> Elements:
    return Elements(render_quiz(quiz, quiz_hash(quiz)))


@pytest.mark.parametrize(
    ("quiz_id", "kind", "button"),
    [("checkpoint-1", "checkpoint", "Check answers"), ("manager-or-leader", "sort", "Check answers"),
     ("which-are-you", "assessment", "See my result")],
)
def test_form_attributes(quiz: Get, quiz_id: str, kind: str, button: str) -> None:
    page = rendered(quiz(quiz_id))
    (form,) = page.having("form")
    assert form == {
        "class": "quiz", "data-quiz": quiz_id, "data-quiz-kind": kind, "data-quiz-hash": quiz_hash(quiz(quiz_id)),
        "aria-labelledby": f"quiz-{quiz_id}-title", "method": "dialog", "novalidate": None,
    }
    assert page.having("h2", id=f"quiz-{quiz_id}-title", **{"class": "quiz__title"})
    assert page.having("div", role="status", aria_live="polite")
    assert button in page.text


def test_choice_questions(quiz: Get) -> None:
    page = rendered(quiz("checkpoint-2"))
    assert [a["data-question-kind"] for a in page.having("fieldset", **{"class": "quiz__question"})] == ["multiple", "single"]
    assert [a["value"] for a in page.having("input", name="checkpoint-2:q1", type="checkbox")] == [
        "goals", "budget", "time-cards", "big-picture"]
    assert len(page.having("input", name="checkpoint-2:q2", type="radio")) == 3
    (feedback,) = page.having("div", data_feedback_for="q1", **{"class": "quiz__feedback"})
    assert "hidden" in feedback


def test_true_false_and_labels_point_at_their_inputs(quiz: Get) -> None:
    page = rendered(quiz("checkpoint-1"))
    assert [a["value"] for a in page.having("input", name="checkpoint-1:q2")] == ["true", "false"]
    input_ids = {a["id"] for a in page.having("input")}
    assert {a["for"] for a in page.having("label")} == input_ids


def test_sort_items_are_compact_rows_of_native_radios(quiz: Get) -> None:
    page = rendered(quiz("manager-or-leader"))
    items = page.having("div", role="radiogroup", **{"class": "quiz__item"})
    assert len(items) == 12
    (metrics,) = [a for a in items if a["data-item"] == "metrics"]
    assert page.having("span", id=metrics["aria-labelledby"], **{"class": "quiz__item-text"})
    assert [a["value"] for a in page.having("input", name="manager-or-leader:q1:metrics", type="radio")] == ["manager", "leader"]


# The order the twelve items of manager-or-leader.toml are shown in: fixed by the quiz, so every build
# shows the same page. In the file they strictly alternate manager, leader, manager, leader...
SORT_ORDER = [
    "big-picture", "budget", "efficiency", "time-cards", "value-of-success", "buy-in",
    "cutting-costs", "metrics", "connecting", "established-goals", "vision", "motivation",
]


def test_sort_items_are_shown_in_an_order_that_hides_the_pattern(quiz: Get) -> None:
    sort = quiz("manager-or-leader")
    shown = [a["data-item"] for a in rendered(sort).having("div", role="radiogroup")]
    assert shown == SORT_ORDER
    category = {item.id: item.category for question in sort.questions for item in getattr(question, "items", ())}
    categories = [category[item] for item in shown]
    assert any(a == b for a, b in zip(categories, categories[1:])), "strictly alternating"
    assert longest_run(categories) <= 3


def orders_shown(item_categories: str, quizzes: int = 60) -> list[str]:
    """The order `display_order` gives a sort question whose items have these categories ("m"/"l" each),
    as categories, in `quizzes` quizzes of different ids (so different seeds)."""
    items = tuple(SortItem(f"i{n}", "T", c, "R", "") for n, c in enumerate(item_categories))
    question = SortQuestion("q1", "P", (Category("m", "M"), Category("l", "L")), items)
    return ["".join(item.category for item in display_order(Quiz(f"s{n}", "sort", "S", (question,)), question))
            for n in range(quizzes)]


def longest_run(categories: Sequence[str]) -> int:
    """The most items of one category in a row (`categories` as a list of ids, or a string of one-letter ids)."""
    return max(len(list(run)) for _, run in itertools.groupby(categories))


def test_no_order_shown_alternates_strictly() -> None:
    assert [order for order in orders_shown("mmll") + orders_shown("mmmmllll") if order in ("mlml", "lmlm", "mlmlmlml", "lmlmlmlm")] == []


def test_an_order_shown_has_runs_of_up_to_three_and_no_longer() -> None:
    orders = orders_shown("mmmmllll")
    assert {longest_run(order) for order in orders} == {2, 3}
    # The first run is counted as any other: an order may open with three of a kind.
    assert {len(list(next(itertools.groupby(order))[1])) for order in orders} == {1, 2, 3}


def test_form_chrome_is_kept_out_of_search_and_prompts_are_not(quiz: Get) -> None:
    page = rendered(quiz("which-are-you"))
    excluded = {a.get("class") for _, a in page.tags if "data-search-exclude" in a}
    assert excluded == {"quiz__option", "quiz__status", "quiz__actions"}
    assert not [a for t, a in page.tags if t in ("legend", "h2", "p") and "data-search-exclude" in a]
    sort_page = rendered(quiz("manager-or-leader"))
    assert len(sort_page.having("span", data_search_exclude=None, **{"class": "quiz__segments"})) == 12


def test_assessment_prediction_and_scale(quiz: Get) -> None:
    page = rendered(quiz("which-are-you"))
    (prediction,) = page.having("fieldset", **{"class": "quiz__prediction"})
    assert "data-prediction" in prediction
    assert [a["value"] for a in page.having("input", name="which-are-you:prediction")] == [
        "strong-in-both", "manager-first", "leader-first", "still-growing"]
    assert [a["value"] for a in page.having("input", name="which-are-you:targets")] == ["1", "2", "3", "4", "5"]
    assert "Strongly disagree" in page.text and "Strongly agree" in page.text
    assert len(page.having("fieldset", data_question_kind="scale")) == 12


def test_ids_are_unique_across_all_quizzes(catalog: Catalog) -> None:
    ids = [a["id"] for quiz in catalog.quizzes for _, a in rendered(quiz).tags if a.get("id")]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_no_answer_key_or_feedback_in_the_html(catalog: Catalog) -> None:
    for quiz in catalog.quizzes:
        html = render_quiz(quiz, quiz_hash(quiz))
        assert "correct" not in html
        for question in quiz.questions:
            for secret in (getattr(question, "explanation", ""), *(o.feedback for o in getattr(question, "options", ()))):
                assert not secret or secret not in html
            for item in getattr(question, "items", ()):
                assert item.reason not in html
        for band in quiz.bands:
            assert band.meaning not in html


def test_content_text_is_escaped() -> None:
    hostile = json.dumps("<script>alert(1)</script> & \"quotes\"")  # a valid TOML basic string too
    text = (
        f'id = "x"\nkind = "checkpoint"\ntitle = {hostile}\nintro = {hostile}\n[[questions]]\nid = "q1"\nkind = "single"\n'
        f'prompt = {hostile}\ncorrect = "a"\nexplanation = "E"\nlink = "a.md#b"\n'
        f'[[questions.options]]\nid = "a"\ntext = {hostile}\n[[questions.options]]\nid = "b"\ntext = "B"\n'
    )
    quiz = load_catalog_texts({"x.toml": text}).quizzes[0]
    html = render_quiz(quiz, quiz_hash(quiz))
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;") == 4
    assert [t for t, _ in Elements(html).tags].count("script") == 0
