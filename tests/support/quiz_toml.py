"""Quiz files written by tests: an assessment with any number of dimensions, to load with quiz_py.loading."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

# A label per dimension, so messages and charts can be told apart.
DIMENSION_LABELS = ("Planning", "Listening", "Deciding", "Coaching")
# Two statements per dimension (an assessment has at least two): each dimension scores 2..10; the first
# two dimensions are split into low and high bands.
STATEMENTS_PER_DIMENSION = 2
SPLITS = {0: ((2, 5), (6, 10)), 1: ((2, 7), (8, 10))}
WHOLE = ((2, 10),)


def band_id(*halves: str) -> str:
    """The id `assessment_toml` gives the band of these halves ("low"/"high") of the split dimensions."""
    return "-".join(halves) or "all"


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and controls escaped, everything else as it is."""
    return '"' + "".join(f"\\u{ord(c):04x}" if c < " " or c in '"\\\x7f' else c for c in text) + '"'


def assessment_toml(dimensions: int, titles: Mapping[str, str] = {}, labels: Sequence[str] = DIMENSION_LABELS) -> str:
    """An assessment with `dimensions` dimensions of two statements each (`s<dimension>-<n>`); its bands split
    the first dimension at 6 and the second at 8 into "low" and "high" (ids from `band_id`), each titled
    `titles[id]`, else its id; dimension `d<n>` is labelled `labels[n]`."""
    text = (
        'id = "gen"\nkind = "assessment"\ntitle = "Generated"\nprediction_prompt = "Which?"\n'
        + "".join(f'[[dimensions]]\nid = "d{d}"\nlabel = {toml_string(labels[d])}\n' for d in range(dimensions))
        + "".join(
            f'[[questions]]\nid = "s{d}-{n}"\nkind = "scale"\nprompt = "P{d}-{n}"\ndimension = "d{d}"\n'
            for d in range(dimensions) for n in range(STATEMENTS_PER_DIMENSION)
        )
    )
    per_dimension = [SPLITS.get(d, WHOLE) for d in range(dimensions)]
    for ranges in itertools.product(*per_dimension):
        halves = [("low", "high")[ranges[d] == SPLITS[d][1]] for d in SPLITS if d < dimensions]
        identifier = band_id(*halves)
        inline = ", ".join(f"d{d} = [{low}, {high}]" for d, (low, high) in enumerate(ranges))
        text += (
            f'[[bands]]\nid = "{identifier}"\ntitle = {toml_string(titles.get(identifier, identifier))}\nmeaning = "M"\nrarity = "R"\n'
            f"ranges = {{ {inline} }}\nlinks = [{{ link = \"chapters/a.md#x\", text = \"T\" }}]\n"
        )
    return text
