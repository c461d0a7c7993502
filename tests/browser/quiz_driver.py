"""Taking the quizzes in the browser: where each quiz is, which inputs answer it right or wrong, and waits."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

from quiz_py.assessment import dimension_scores
from quiz_py.loading import load_catalog_files
from quiz_py.model import ChoiceQuestion, Quiz, ScaleQuestion, SortQuestion
from tests.conftest import ROOT

CATALOG = load_catalog_files(sorted((ROOT / "quizzes").glob("*.toml")), root=ROOT)
GRADED_QUIZZES = [quiz for quiz in CATALOG.quizzes if quiz.kind != "assessment"]
ASSESSMENT = next(quiz for quiz in CATALOG.quizzes if quiz.kind == "assessment")
# The engine may take a while on a busy machine; the page promises a verdict within 15 s.
ENGINE_START_TIMEOUT_MS = 30_000


def quiz_path(site_dir: Path, quiz_id: str) -> str:
    """The site-relative URL of the page holding the quiz."""
    marker = f'data-quiz="{quiz_id}"'
    (page,) = [p for p in site_dir.rglob("index.html") if marker in p.read_text(encoding="utf-8")]
    return page.parent.relative_to(site_dir).as_posix() + "/"


def quiz_form(page: Page, quiz_id: str) -> Locator:
    return page.locator(f'form.quiz[data-quiz="{quiz_id}"]')


def open_quiz(page: Page, site_url: str, site_dir: Path, quiz_id: str, **goto_options: str) -> Locator:
    """Goes to the page holding the quiz, on the site served at `site_url`; returns the quiz's form."""
    page.goto(site_url + quiz_path(site_dir, quiz_id), **goto_options)
    return quiz_form(page, quiz_id)


def tick_and_check(page: Page, form: Locator, selectors: list[str]) -> None:
    """Ticks each input, then presses the form's check button, as a reader does."""
    for selector in selectors:
        page.check(selector)
    form.locator(".quiz__check").click()


def wait_for_engine(page: Page, state: str = "ready", timeout: float = ENGINE_START_TIMEOUT_MS) -> None:
    page.locator(f'html[data-quiz-engine="{state}"]').wait_for(state="attached", timeout=timeout)


def input_id(quiz: Quiz, *parts: str) -> str:
    return "#" + "--".join([f"quiz-{quiz.id}", *parts])


def answer_inputs(quiz: Quiz, *, right: bool) -> list[str]:
    """Selectors of the inputs to tick to answer every question right, or every one wrong."""
    chosen = []
    for question in quiz.questions:
        if isinstance(question, ChoiceQuestion):
            options = [o.id for o in question.options if o.correct == right]
            chosen += [input_id(quiz, question.id, o) for o in (options if right else options[:1])]
        elif isinstance(question, SortQuestion):
            for item in question.items:
                category = item.category if right else next(c.id for c in question.categories if c.id != item.category)
                chosen.append(input_id(quiz, question.id, item.id, category))
    return chosen


def total_marks(quiz: Quiz) -> int:
    return sum(len(q.items) if isinstance(q, SortQuestion) else 1 for q in quiz.questions)


def rate_every_statement(page: Page, rating: int) -> None:
    for question in ASSESSMENT.questions:
        assert isinstance(question, ScaleQuestion)
        page.check(input_id(ASSESSMENT, question.id, str(rating)))


def expected_scores(rating: int) -> dict[str, int]:
    """Each dimension's score, by the engine's rules, for every statement rated `rating`."""
    return dimension_scores(ASSESSMENT, {q.id: rating for q in ASSESSMENT.questions})


def expected_band(rating: int) -> str:
    scores = expected_scores(rating)
    return next(band.title for band in ASSESSMENT.bands if band.contains(scores))
