"""Where tables start in TOML text (quiz_py.toml_lines): each snippet beside the headers it holds, as
(line, names). Headers only count outside strings, comments and values; keys in them may be quoted."""

from __future__ import annotations

import tomllib

import pytest

from quiz_py.toml_lines import table_headers

CASES: list[tuple[str, list[tuple[int, tuple[str, ...]]]]] = [
    # Plain headers, spaced or not, with a comment after
    ("[quiz]\n[[questions]]\n[[ questions . options ]] # [x]\n",
     [(1, ("quiz",)), (2, ("questions",)), (3, ("questions", "options"))]),
    # Quoted keys: basic (escapes decoded), literal, a dot inside quotes is part of the name
    ('[["questions"]]\n["quiz"."x"]\n[\'a\'."b.c"]\n["q\\u0075iz"]\n[ "" ]\n',
     [(1, ("questions",)), (2, ("quiz", "x")), (3, ("a", "b.c")), (4, ("quiz",)), (5, ("",))]),
    # Quotes in comments and in ordinary strings open nothing
    ('# a """ in a comment\n[[questions]]\n', [(2, ("questions",))]),
    ("x = \"'''\"\n[[questions]]\n", [(2, ("questions",))]),
    ("x = '\"\"\"' # '''\n[[questions]]\n", [(2, ("questions",))]),
    ('x = "a \\" [b]"\n[c]\n', [(2, ("c",))]),
    # Multi-line strings: what looks like a header inside is text
    ('x = """\n[[questions]]\n"""\n[b]\n', [(4, ("b",))]),
    ("x = '''\n[[questions]]\n'''\n[b]\n", [(4, ("b",))]),
    # An escaped quote does not close a basic one; a backslash does nothing in a literal one
    ('x = """a\\"""\n[q]\n"""\n[b]\n', [(4, ("b",))]),
    ("x = '''a\\'''\n[b]\n", [(2, ("b",))]),
    # An escaped backslash right before the closing quote: the quote closes
    ('x = "\\\\"\n[c]\n', [(2, ("c",))]),
    # A lone quote inside a multi-line string is text
    ('x = """a"b"""\n[c]\n', [(2, ("c",))]),
    # Up to two quotes right before the closing ones are content; an empty multi-line string
    ('x = """""quoted"""""\n[b]\n', [(2, ("b",))]),
    ('x = """a""""\n[b]\n', [(2, ("b",))]),
    # A multi-line string closing the text
    ('[a]\nx = """b"""', [(1, ("a",))]),
    ("x = ''''''\n[b]\n", [(2, ("b",))]),
    # A line-ending backslash, and a multi-line string on its value's line
    ('x = """\\\n  [c]\n  """\n[b]\n', [(4, ("b",))]),
    # Values that span lines or hold brackets: an array's rows are no headers, nor an inline table's brackets
    ("x = [\n  [1, 2],\n  [3, 4], # ]\n]\n[b]\n", [(5, ("b",))]),
    ('x = { a = "[", b = [1] }\n[b]\n', [(2, ("b",))]),
    ('x = "#"\n[b]\n', [(2, ("b",))]),
    # Keys of key/value lines, quoted or dotted, are not headers
    ('"[a]" = 1\na."[b]" = 2\n[c]\n', [(3, ("c",))]),
    # Windows line ends
    ('x = 1\r\n[b]\r\n[[c]]\r\n', [(2, ("b",)), (3, ("c",))]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:30] for text, _ in CASES])
def test_headers_are_found_where_toml_has_them(text: str, expected: list[tuple[int, tuple[str, ...]]]) -> None:
    tomllib.loads(text)  # each snippet is TOML
    assert [(header.line, header.names) for header in table_headers(text)] == expected
