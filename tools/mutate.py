"""Mutation testing of the engine: does some test fail when quiz_py's code is changed?

Each mutant changes one expression of one module (a comparison, a number, a boolean, `and`/`or`, a `not`, a `+`/`-`,
a trimming or case call); the engine's tests run against it in a copy of the repository and should fail ("killed").
A mutant no test notices ("survived") is a missing test, or an equivalent change explained in
tools/mutate_survivors.md. The mutants come from the source alone, in source order, so every run tries the same ones.

    python -m tools.mutate                 every module, two at a time
    python -m tools.mutate --module state  one module
    python -m tools.mutate --list          the mutants, without running anything
    python -m tools.mutate --mutant state:12 --output   one mutant, with the tests' output
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "quiz_py"
# The engine's behaviour tests; the type check is left out, as a mutant that type-checks badly but behaves the same
# is no finding.
TESTS = ["tests/engine", "--ignore=tests/engine/test_types.py", "-x", "-q", "-p", "no:cacheprovider"]

_SWAPPED_COMPARISONS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
_SWAPPED_ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {ast.Add: ast.Sub, ast.Sub: ast.Add}
_TEXT_CALLS = {"strip", "lstrip", "rstrip", "lower", "casefold"}


@dataclass(frozen=True)
class Mutant:
    module: str  # file name inside quiz_py, e.g. "state.py"
    index: int  # its place among the module's mutants, from 1
    line: int
    end_line: int
    what: str  # e.g. "< -> <="
    start: int  # byte offsets of the replaced expression in the module's source
    end: int
    replacement: str

    @property
    def id(self) -> str:
        return f"{self.module.removesuffix('.py')}:{self.index}"

    def apply(self, source: bytes) -> bytes:
        return source[:self.start] + self.replacement.encode() + source[self.end:]


def _annotation_nodes(tree: ast.Module) -> set[int]:
    """The ids of every node inside a type annotation or a type alias, where a change alters no behaviour."""
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            roots.append(node.returns)
        elif isinstance(node, ast.arg) and node.annotation is not None:
            roots.append(node.annotation)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        elif isinstance(node, ast.TypeAlias):
            roots.append(node.value)
    return {id(inner) for root in roots for inner in ast.walk(root)}


def _changes(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    """(description, replacement) for each way this node is mutated."""
    if isinstance(node, ast.Compare):
        for position, op in enumerate(node.ops):
            swapped = _SWAPPED_COMPARISONS[type(op)]()
            ops = [*node.ops[:position], swapped, *node.ops[position + 1:]]
            yield (f"{ast.unparse(ast.Compare(ast.Name('a'), [op], [ast.Name('b')]))[2:-2]} -> "
                   f"{ast.unparse(ast.Compare(ast.Name('a'), [swapped], [ast.Name('b')]))[2:-2]}"), \
                ast.Compare(node.left, ops, node.comparators)
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        yield f"{node.value} -> {not node.value}", ast.Constant(not node.value)
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        yield f"{node.value} -> {node.value + 1}", ast.Constant(node.value + 1)
    elif isinstance(node, ast.BoolOp):
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield f"{'and -> or' if isinstance(node.op, ast.And) else 'or -> and'}", ast.BoolOp(other, node.values)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not x -> x", node.operand
    elif isinstance(node, ast.BinOp) and type(node.op) in _SWAPPED_ARITHMETIC:
        swapped_op = _SWAPPED_ARITHMETIC[type(node.op)]()
        yield ("+ -> -" if isinstance(node.op, ast.Add) else "- -> +"), ast.BinOp(node.left, swapped_op, node.right)
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TEXT_CALLS
          and not node.args and not node.keywords):
        yield f".{node.func.attr}() dropped", node.func.value


def mutants_of(module: str, source: bytes) -> list[Mutant]:
    """Every mutant of one module, in source order."""
    tree = ast.parse(source)
    skipped = _annotation_nodes(tree)
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    found: list[tuple[int, int, str, str]] = []
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.expr):
            continue
        assert node.end_lineno is not None and node.end_col_offset is not None
        # ast's column offsets count UTF-8 bytes, as these offsets do.
        start = line_starts[node.lineno - 1] + node.col_offset
        end = line_starts[node.end_lineno - 1] + node.end_col_offset
        for what, replacement in _changes(node):
            found.append((start, end, what, f"({ast.unparse(replacement)})"))
    found.sort(key=lambda change: (change[0], -change[1], change[2]))
    return [Mutant(module, index, source.count(b"\n", 0, start) + 1, source.count(b"\n", 0, end) + 1, what, start, end,
                   replacement)
            for index, (start, end, what, replacement) in enumerate(found, start=1)]


def all_mutants(modules: list[str] | None) -> list[Mutant]:
    names = sorted(path.name for path in (ROOT / PACKAGE).glob("*.py"))
    chosen = [name for name in names if modules is None or name.removesuffix(".py") in modules]
    unknown = set(modules or []) - {name.removesuffix(".py") for name in names}
    if unknown:
        raise SystemExit(f"error: no module {', '.join(sorted(unknown))} in {PACKAGE}/")
    return [mutant for name in chosen for mutant in mutants_of(name, (ROOT / PACKAGE / name).read_bytes())]


def _copy_of_repository(into: Path) -> Path:
    """The repository's files (tracked, or new and not ignored), where the tests run against a mutated quiz_py (pytest puts the copy first on sys.path)."""
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in tracked.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    return into


def _environment(copy: Path) -> dict[str, str]:
    # No bytecode: a mutant the same size as the original, written within the same second, would otherwise run the
    # original's cached bytecode.
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(copy)}


def _run_tests(copy: Path, tests: list[str], timeout: float, record_lines: Path | None = None) -> tuple[str, str]:
    """("passed" | "failed" | "timeout", the tests' output) for `tests` (node ids; [] for the whole suite)."""
    environment = _environment(copy)
    plugin: list[str] = []
    if record_lines is not None:
        environment["QUIZ_PY_TEST_LINES"] = str(record_lines)
        plugin = ["-p", "tools.test_lines"]
    selection = tests or TESTS[:2]
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", *selection, *TESTS[2:], *plugin], cwd=copy,
                             env=environment, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return ("passed" if run.returncode == 0 else "failed"), run.stdout + run.stderr


def _check_copy_is_tested(copy: Path) -> None:
    """The tests must import quiz_py from the copy, or every mutant would survive."""
    where = subprocess.run([sys.executable, "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"], cwd=copy,
                           env=_environment(copy), check=True, capture_output=True, text=True).stdout.strip()
    if not Path(where).is_relative_to(copy):
        raise SystemExit(f"error: the tests would import {where}, not the copy in {copy}")


type TestLines = dict[str, dict[str, list[str]]]


def _reaching(mutant: Mutant, lines: TestLines) -> list[str] | None:
    """The tests that run the mutated lines; None when the lines also run at import, where every test reaches them."""
    module = lines.get(mutant.module, {})
    tests = {test for line in range(mutant.line, mutant.end_line + 1) for test in module.get(str(line), [])}
    return None if "" in tests else sorted(tests)


def run(mutants: list[Mutant], jobs: int, show_output: bool) -> list[Mutant]:
    """Run each mutant; print one line each and the score; return the survivors.

    A mutant meets the tests that reach its lines first; only one that survives them meets the whole suite (a
    session fixture's work is recorded against the first test that used it, so the reaching tests are a guess)."""
    with tempfile.TemporaryDirectory(prefix="mutate-") as scratch:
        copies: queue.Queue[Path] = queue.Queue()
        for number in range(jobs):
            copy = _copy_of_repository(Path(scratch) / f"copy-{number}")
            copies.put(copy)
        _check_copy_is_tested(copy)
        started = time.monotonic()
        record = Path(scratch) / "test-lines.json"
        outcome, output = _run_tests(copy, [], timeout=3600, record_lines=record)
        if outcome != "passed":
            raise SystemExit(f"error: the tests fail without any mutant:\n{output}")
        lines: TestLines = json.loads(record.read_text())
        # A mutant that loops forever is caught by the clock.
        timeout = max(60.0, 5 * (time.monotonic() - started))

        def try_one(mutant: Mutant) -> tuple[Mutant, str, str]:
            reaching = _reaching(mutant, lines)
            if reaching == []:
                return mutant, "unreached", ""
            copy = copies.get()
            path = copy / PACKAGE / mutant.module
            original = path.read_bytes()
            try:
                path.write_bytes(mutant.apply(original))
                outcome, output = _run_tests(copy, reaching or [], timeout)
                if outcome == "passed" and reaching:
                    outcome, output = _run_tests(copy, [], timeout)
                return mutant, outcome, output
            finally:
                path.write_bytes(original)
                copies.put(copy)

        survivors: list[Mutant] = []
        verdicts = {"passed": "survived", "unreached": "survived (no test runs it)", "failed": "killed",
                    "timeout": "killed (timeout)"}
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for mutant, outcome, output in pool.map(try_one, mutants):
                print(f"{mutant.id:<14} {mutant.module}:{mutant.line:<5} {mutant.what:<22} {verdicts[outcome]}",
                      flush=True)
                if show_output:
                    print(output)
                if outcome in ("passed", "unreached"):
                    survivors.append(mutant)
    killed = len(mutants) - len(survivors)
    print(f"\nkilled {killed} of {len(mutants)} ({100 * killed / max(1, len(mutants)):.1f}%)"
          f" in {time.monotonic() - started:.0f} s with {jobs} at a time")
    for mutant in survivors:
        print(f"survived: {mutant.id} {PACKAGE}/{mutant.module}:{mutant.line} {mutant.what}")
    return survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mutate", description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="only this module of quiz_py (repeatable), e.g. state")
    parser.add_argument("--mutant", action="append", help="only this mutant (repeatable), e.g. state:12")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--output", action="store_true", help="show the tests' output for each mutant")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tried at once (default 2)")
    options = parser.parse_args(argv)
    mutants = all_mutants(options.module)
    if options.mutant:
        mutants = [mutant for mutant in mutants if mutant.id in options.mutant]
        if len(mutants) != len(options.mutant):
            raise SystemExit(f"error: no such mutant among {', '.join(options.mutant)}")
    if options.list:
        for mutant in mutants:
            print(f"{mutant.id:<14} {mutant.module}:{mutant.line:<5} {mutant.what:<22} {mutant.replacement}")
        print(f"{len(mutants)} mutants")
        return 0
    survivors = run(mutants, options.jobs, show_output=options.output)
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
