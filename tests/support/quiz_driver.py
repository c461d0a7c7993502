"""Taking the quizzes in the browser: where each quiz is, which inputs answer it right or wrong, and waits."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

from quiz_py.loading import load_catalog_files
from quiz_py.model import ChoiceQuestion, Quiz, ScaleQuestion, SortQuestion
from tests.support.site import ROOT

CATALOG = load_catalog_files(sorted((ROOT / "quizzes").glob("*.toml")), root=ROOT)
GRADED_QUIZZES = [quiz for quiz in CATALOG.quizzes if quiz.kind != "assessment"]
ASSESSMENT = next(quiz for quiz in CATALOG.quizzes if quiz.kind == "assessment")
# The engine may take a while on a busy machine; the page promises a verdict within 15 s.
ENGINE_START_TIMEOUT_MS = 30_000
# Where the site served at the root of its origin keeps progress: scoped by the site's path, as Material
# scopes its own keys (a site under /essay/ uses "/essay/.quiz-progress").
STORAGE_KEY = "/.quiz-progress"
# What a quiz says when the page and the answer key come from different builds, even after a fresh fetch.
STALE_QUIZ_TEXT = ("This quiz has changed since the page was loaded, so it can’t be checked here. "
                   "Reload the page to get the current version.")


def quiz_path(site_dir: Path, quiz_id: str) -> str:
    """The site-relative URL of the page holding the quiz."""
    marker = f'data-quiz="{quiz_id}"'
    (page,) = [p for p in site_dir.rglob("index.html") if marker in p.read_text(encoding="utf-8")]
    return page.parent.relative_to(site_dir).as_posix() + "/"


def quiz_form(page: Page, quiz_id: str) -> Locator:
    return page.locator(f'form.quiz[data-quiz="{quiz_id}"]')


def open_quiz(page: Page, site_url: str, site_dir: Path, quiz_id: str) -> Locator:
    """Goes to the page holding the quiz, on the site served at `site_url`; returns the quiz's form."""
    page.goto(site_url + quiz_path(site_dir, quiz_id))
    return quiz_form(page, quiz_id)


def tick(page: Page, selector: str) -> None:
    """Ticks one input as a reader does: a sorting segment's radio is drawn by its label, so tap that."""
    if page.locator(f".quiz__segments {selector}").count():
        page.locator(f'label[for="{selector.removeprefix("#")}"]').click()
    else:
        page.check(selector)


def tick_and_check(page: Page, form: Locator, selectors: list[str]) -> None:
    """Ticks each input, then presses the form's check button, as a reader does."""
    for selector in selectors:
        tick(page, selector)
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


def passed_line(quiz: Quiz) -> str:
    """The score line of a quiz answered all right: a checkpoint counts its questions, the sorting exercise its items."""
    if quiz.kind == "sort":
        items = sum(len(q.items) for q in quiz.questions if isinstance(q, SortQuestion))
        return f"{items} of {items} sorted right. Passed."
    return f"{len(quiz.questions)} of {len(quiz.questions)} questions right. Passed."


def rate_every_statement(page: Page, rating: int) -> None:
    for question in ASSESSMENT.questions:
        assert isinstance(question, ScaleQuestion)
        page.check(input_id(ASSESSMENT, question.id, str(rating)))


def rate_by_dimension(page: Page, ratings: dict[str, tuple[int, int]]) -> None:
    """Rates each dimension's plain statements with the first rating, its reverse-scored ones with the second."""
    for question in ASSESSMENT.questions:
        assert isinstance(question, ScaleQuestion)
        plain, reverse = ratings[question.dimension]
        page.check(input_id(ASSESSMENT, question.id, str(reverse if question.reverse else plain)))


# Every statement rated r: each dimension has four plain and two reverse-scored statements, so it scores
# 4r + 2(6 - r) = 2r + 12 on both, worked out by hand; strong begins at 22.
BAND_WHEN_ALL_RATED = {1: "Still growing", 3: "Still growing", 4: "Still growing", 5: "Strong in both"}


def expected_band(rating: int) -> str:
    return BAND_WHEN_ALL_RATED[rating]


def stored_progress(page: Page) -> str | None:
    """The progress text the site at the root keeps in this page's storage, as stored."""
    text: str | None = page.evaluate(f"() => localStorage.getItem('{STORAGE_KEY}')")
    return text


def wait_for_saved(page: Page, quiz_id: str, *, checked: bool = True) -> None:
    """Until the quiz's entry is saved: as checked, or (checked=False) at all."""
    entry = f"JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{quiz_id}']"
    page.wait_for_function(f"() => {entry}?.checked === true" if checked else f"() => {entry} !== undefined")


def wait_for_forgotten(page: Page, quiz_id: str) -> None:
    """Until the quiz has no saved entry (after Reset)."""
    page.wait_for_function(f"() => !JSON.parse(localStorage.getItem('{STORAGE_KEY}'))?.quizzes?.['{quiz_id}']")
