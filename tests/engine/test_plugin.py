"""The essay's MkDocs plugin on a throwaway site, quizzes only (no engine, service worker or policy): quizzes
rendered, content errors fail the build with the messages and no traceback."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHAPTER = "# Chapter\n\nA passage.\n{: #passage }\n\n<!-- quiz: check -->\n"
QUIZ = """id = "check"
kind = "checkpoint"
title = "Check <you>"
[[questions]]
id = "q1"
kind = "true_false"
prompt = "True?"
correct = true
explanation = "Because."
link = "chapter.md#passage"
"""


def write_site(tmp_path: Path, quiz: str = QUIZ, chapter: str = CHAPTER) -> None:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "docs" / "chapter.md").write_text(chapter)
    (tmp_path / "docs" / "essay.txt").write_text("Good managers often fail as leaders.\n")
    (tmp_path / "quizzes").mkdir(exist_ok=True)
    (tmp_path / "quizzes" / "check.toml").write_text(quiz)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nmarkdown_extensions: [attr_list]\n"
        "plugins:\n  - essay:\n      engine: false\n      offline: false\n      security: false\n"
    )


def build(tmp_path: Path, quiz: str = QUIZ, chapter: str = CHAPTER) -> subprocess.CompletedProcess[str]:
    write_site(tmp_path, quiz, chapter)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", tmp_path / "mkdocs.yml"],
        capture_output=True, text=True, cwd=tmp_path,
    )


def test_quiz_is_rendered_and_catalog_written(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "chapter" / "index.html").read_text()
    assert '<form class="quiz" data-quiz="check" data-quiz-kind="checkpoint"' in html
    assert "Check &lt;you&gt;" in html and "quiz: check" not in html
    catalog = json.loads((tmp_path / "site" / "assets" / "engine" / "catalog.json").read_text())
    assert catalog["quizzes"][0]["questions"][0]["link"] == "chapter/#passage"
    assert catalog["version"] == 2 and len(catalog["hash"]) == 16


def test_every_page_says_which_page_holds_which_quiz(tmp_path: Path) -> None:
    assert build(tmp_path).returncode == 0
    for page in ("index.html", "chapter/index.html"):
        meta = re.search(r'<meta name="quiz-pages" content="([^"]*)">', (tmp_path / "site" / page).read_text())
        assert meta is not None, page
        (entry,) = json.loads(html.unescape(meta.group(1)))
        assert re.fullmatch("[0-9a-f]{16}", entry.pop("hash"))
        assert entry == {"quiz": "check", "kind": "checkpoint", "page": "chapter/", "title": "Chapter"}


def test_a_quiz_on_two_pages_fails_the_build(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other\n\n<!-- quiz: check -->\n")
    result = build(tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "quizzes/check.toml:1: quiz 'check' is placed on 2 pages (chapter.md, other.md); a quiz goes on one page" in result.stderr


def test_a_file_that_is_not_utf8_fails_the_build_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "latin.toml").write_bytes('title = "Caf\u00e9"\n'.encode("latin-1"))
    result = build(tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "quizzes/latin.toml:1: is not UTF-8 (byte 0xe9): save it as UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("quiz", "chapter", "message"),
    [
        (QUIZ.replace("correct = true", 'correct = "yes"'), CHAPTER,
         "quizzes/check.toml:4: quiz 'check', question 'q1', field 'correct': expected a boolean, got a string"),
        (QUIZ.replace("#passage", "#pasage"), CHAPTER,
         "quizzes/check.toml:4: quiz 'check', question 'q1', field 'link': 'chapter.md#pasage' links to an unknown "
         "anchor '#pasage' on chapter.md (did you mean '#passage'?)"),
        (QUIZ.replace("chapter.md", "chapters/one.md"), CHAPTER,
         "quizzes/check.toml:4: quiz 'check', question 'q1', field 'link': 'chapters/one.md#passage' links to an "
         "unknown page 'chapters/one.md'"),
        (QUIZ, CHAPTER + "<!-- quiz: chek -->\n", "chapter.md: marker names an unknown quiz 'chek'"),
        ("id = [", CHAPTER, "quizzes/check.toml: TOML syntax error"),
        (QUIZ, CHAPTER + "<!-- Quiz: check -->\n",
         "chapter.md: '<!-- Quiz: check -->' looks like a quiz marker but is not one: write <!-- quiz: <id> -->"),
        (QUIZ, CHAPTER + "<!-- quiz: check now -->\n", "chapter.md: '<!-- quiz: check now -->' looks like a quiz marker"),
        (QUIZ, CHAPTER.replace("<!-- quiz: check -->", "<!-- quizz: check -->"), "chapter.md: '<!-- quizz: check -->' looks like"),
        (QUIZ, CHAPTER.replace("<!-- quiz: check -->", ""),
         "quizzes/check.toml:1: quiz 'check' is on no page: put <!-- quiz: check --> where it belongs"),
        (QUIZ, CHAPTER.replace("<!-- quiz: check -->", '<div title="<!-- quiz: check -->">A div.</div>'),
         "chapter.md: quiz marker '<!-- quiz: check -->' is inside an HTML tag or script, where no quiz can go"),
        (QUIZ.replace('explanation = "Because."', 'explanation = "\u201cGood managers always fail\u201d"'), CHAPTER,
         "quizzes/check.toml:4: quiz 'check', question 'q1', field 'explanation': \u201cGood managers always fail\u201d is not in the essay"),
        (QUIZ.replace('prompt = "True?"', f'prompt = "{"x" * 300_000}"'), CHAPTER,
         "the quiz catalogue is 300,"),
    ],
)
def test_content_errors_fail_the_build_with_clear_messages(tmp_path: Path, quiz: str, chapter: str, message: str) -> None:
    result = build(tmp_path, quiz, chapter)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# Two rebuilds as `mkdocs serve` runs them (mkdocs.commands.serve: the config loaded afresh for each, the plugin
# kept, on_startup once), with quiz_py taken from a copy that is edited between them.
SERVE_TWICE = """
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

site, copy = Path(sys.argv[1]), Path(sys.argv[2])
sys.dont_write_bytecode = True
sys.path.insert(0, str(copy))
render = copy / "quiz_py" / "render.py"
load_config(str(site / "mkdocs.yml")).plugins.on_startup(command="serve", dirty=False)
for _ in range(2):
    build(load_config(str(site / "mkdocs.yml")))
    print((site / "site" / "chapter" / "index.html").read_text().count("quiz--edited"))
    render.write_text(render.read_text().replace('<form class="quiz"', '<form class="quiz quiz--edited"'))
import quiz_py
print(quiz_py.__file__)
"""


def test_under_serve_each_rebuild_renders_with_quiz_py_as_it_is_on_disk(tmp_path: Path) -> None:
    """Issue 14: an edit to quiz_py shows on the next rebuild, with no restart of `mkdocs serve`."""
    write_site(tmp_path)
    shutil.copytree(Path(__file__).resolve().parents[2] / "quiz_py", tmp_path / "copy" / "quiz_py")
    result = subprocess.run(
        [sys.executable, "-c", SERVE_TWICE, tmp_path, tmp_path / "copy"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["0", "1", str(tmp_path / "copy" / "quiz_py" / "__init__.py")]
