"""The reader's core paths in Firefox ESR and WebKitGTK, as tests/browser/ takes them in Chromium: a quiz checked
by the engine (booted from its snapshot, or normally without it), the answers kept over a reload, the plain message
where WebAssembly is off, and a chapter read on a phone. Run one engine alone: `pytest -m firefox` or `-m webkit`."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz_py.model import Quiz
from tests.support.engines import Reader, launch, site_without
from tests.support.quiz_driver import (
    GRADED_QUIZZES, STORAGE_KEY, answer_inputs, input_id, passed_line, quiz_path,
)
from tests.support.site import PHONE, nav_pages
from tools.static_host import StaticHost

CHECKPOINT_1 = next(q for q in GRADED_QUIZZES if q.id == "checkpoint-1")  # chapter 1's
SCORE = f'form.quiz[data-quiz="{CHECKPOINT_1.id}"] .quiz__score'
PASSED = passed_line(CHECKPOINT_1)


def open_checkpoint(reader: Reader, host: StaticHost, site_dir: Path, quiz: Quiz = CHECKPOINT_1) -> str:
    """Opens the quiz's page; returns the form's selector."""
    reader.goto(host.url + quiz_path(site_dir, quiz.id))
    return f'form.quiz[data-quiz="{quiz.id}"]'


def tick_and_check(reader: Reader, form: str, selectors: list[str]) -> None:
    for selector in selectors:
        reader.click(selector)
    reader.click(f"{form} .quiz__check")


def engine_boot(reader: Reader, host: StaticHost) -> str:
    """How the page's engine booted ("snapshot" or "normal"), as engine-client.js tells once it is ready."""
    boot: str = reader.evaluate("return (await import(args[0])).engineState().boot", host.url + "assets/js/engine-client.js")
    return boot


def checked(reader: Reader, selectors: list[str]) -> list[bool]:
    ticks: list[bool] = reader.evaluate("return args[0].map((s) => document.querySelector(s).checked)", selectors)
    return ticks


def test_a_wrong_then_a_right_answer_get_the_engines_feedback_after_a_snapshot_boot(
    reader: Reader, host: StaticHost, site_dir: Path,
) -> None:
    form = open_checkpoint(reader, host, site_dir)
    wrong = [input_id(CHECKPOINT_1, "q1", "a"), input_id(CHECKPOINT_1, "q2", "true")]
    tick_and_check(reader, form, wrong)
    reader.wait_for_text(SCORE, "0 of 2 questions right. Have another go at what is not right yet.")
    assert reader.evaluate("return document.querySelectorAll(args[0]).length", f"{form} .quiz__mark--wrong") == 2

    reader.click(f"{form} .quiz__retry")
    tick_and_check(reader, form, answer_inputs(CHECKPOINT_1, right=True))
    reader.wait_for_text(SCORE, PASSED)
    assert engine_boot(reader, host) == "snapshot"
    # Everything the page fetched came from its own origin.
    fetched: list[str] = reader.evaluate("return performance.getEntriesByType('resource').map((e) => e.name)")
    assert fetched and [url for url in fetched if not url.startswith(host.url)] == []


def test_without_the_snapshot_the_engine_boots_normally_and_checks(
    reader: Reader, site_dir: Path, tmp_path: Path,
) -> None:
    """The host has no snapshot.bin.br (it answers 404): the worker falls back to the normal boot."""
    with StaticHost(site_without(site_dir, tmp_path / "site", "assets/engine/pyodide-*/snapshot.bin.br")) as host:
        form = open_checkpoint(reader, host, site_dir)
        tick_and_check(reader, form, answer_inputs(CHECKPOINT_1, right=True))
        reader.wait_for_text(SCORE, PASSED)
        assert engine_boot(reader, host) == "normal"


def test_a_reload_finds_the_saved_answers_and_result(reader: Reader, host: StaticHost, site_dir: Path) -> None:
    form = open_checkpoint(reader, host, site_dir)
    chosen = answer_inputs(CHECKPOINT_1, right=True)
    tick_and_check(reader, form, chosen)
    reader.wait_for_text(SCORE, PASSED)
    reader.wait_for(
        "return JSON.parse(localStorage.getItem(args[0]))?.quizzes?.[args[1]]?.checked === true",
        STORAGE_KEY, CHECKPOINT_1.id, what="the checked answers to be saved")

    reader.reload()
    reader.wait_for_text(SCORE, PASSED)
    assert checked(reader, chosen) == [True] * len(chosen)


@pytest.mark.parametrize("engine", [pytest.param("firefox", marks=pytest.mark.firefox),
                                    pytest.param("webkit", marks=pytest.mark.webkit)])
def test_without_webassembly_the_reader_is_told_plainly_and_keeps_the_answers(
    engine: str, site_dir: Path,
) -> None:
    with launch(engine, webassembly=False) as browser, StaticHost(site_dir) as host:
        reader = browser.open(1280, 800)
        assert reader.evaluate("return typeof WebAssembly") == "undefined"
        form = open_checkpoint(reader, host, site_dir)
        chosen = answer_inputs(CHECKPOINT_1, right=True)
        tick_and_check(reader, form, chosen)
        notice = f"{form} .quiz__engine"
        reader.wait_for("const n = document.querySelector(args[0]); return n && !n.hidden && n.offsetHeight > 0",
                        notice, timeout=15, what="the engine's notice (promised within 15 s)")
        assert "Checking isn’t available in this browser" in (reader.text(notice) or "")
        assert reader.evaluate("return document.documentElement.dataset.quizEngine") == "failed"
        assert checked(reader, chosen) == [True] * len(chosen)
        assert reader.problems() == []


def widths(reader: Reader) -> tuple[int, str | None]:
    """The page's width, and what sticks out past the screen's edge if anything does. Firefox's scrollbar takes
    its 12 px of the page (Chromium's and WebKit's here take none), so the edge is the root's client width."""
    found: tuple[int, str | None] = tuple(reader.evaluate("""
      const root = document.documentElement;
      const over = root.scrollWidth > root.clientWidth &&
        [...document.body.querySelectorAll("*")].find((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5);
      return [innerWidth, root.scrollWidth > root.clientWidth ? (over?.outerHTML.slice(0, 120) ?? "?") : null];
    """))
    return found


def test_no_chapter_overflows_a_phones_screen_even_with_a_quiz_checked(
    phone_reader: Reader, host: StaticHost, site_dir: Path,
) -> None:
    reader = phone_reader
    chapters = [url for url in nav_pages() if url.startswith("chapters/")]
    assert len(chapters) == 3
    for chapter in chapters:
        reader.goto(host.url + chapter)
        assert widths(reader) == (PHONE["width"], None), chapter
    # The checked quiz, its feedback and marks beside each option, is the widest thing a chapter shows.
    form = open_checkpoint(reader, host, site_dir)
    tick_and_check(reader, form, [input_id(CHECKPOINT_1, "q1", "a"), input_id(CHECKPOINT_1, "q2", "true")])
    reader.wait_for_text(SCORE, "0 of 2 questions right. Have another go at what is not right yet.")
    assert widths(reader) == (PHONE["width"], None)
