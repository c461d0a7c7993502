"""tools/mutate.py: which mutants a source gives, in source order, and that each applies to the source."""

from __future__ import annotations

from tools.mutate import mutants_of

SOURCE = '''\
LIMIT: int = 3


def fits(text: str, strict: bool = True) -> Literal[1] | bool:
    """Docstrings stay as they are."""
    return not strict or len(text.strip()) <= LIMIT - 1
'''


def test_every_mutant_of_a_source_in_source_order_with_annotations_left_alone() -> None:
    mutants = mutants_of("limits.py", SOURCE.encode())
    assert [(m.id, m.line, m.what, m.apply(SOURCE.encode()).decode().splitlines()[m.line - 1]) for m in mutants] == [
        ("limits:1", 1, "3 -> 4", "LIMIT: int = (4)"),
        ("limits:2", 4, "True -> False", "def fits(text: str, strict: bool = (False)) -> Literal[1] | bool:"),
        ("limits:3", 6, "or -> and", "    return (not strict and len(text.strip()) <= LIMIT - 1)"),
        ("limits:4", 6, "not x -> x", "    return (strict) or len(text.strip()) <= LIMIT - 1"),
        ("limits:5", 6, "<= -> <", "    return not strict or (len(text.strip()) < LIMIT - 1)"),
        ("limits:6", 6, ".strip() dropped", "    return not strict or len((text)) <= LIMIT - 1"),
        ("limits:7", 6, "- -> +", "    return not strict or len(text.strip()) <= (LIMIT + 1)"),
        ("limits:8", 6, "1 -> 2", "    return not strict or len(text.strip()) <= LIMIT - (2)"),
    ]
