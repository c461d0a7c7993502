"""The catalogue file the build writes for the browser, refused at build time if the
browser's engine would refuse it.

The browser sends ``{"op": "load", "catalog": <this file>}`` to `quiz_py.api.handle`,
which refuses requests over `quiz_py.api.MAX_REQUEST_CHARS` characters or nested deeper
than `quiz_py.safejson.MAX_DEPTH`, then reads the catalogue with
`catalog.catalog_from_build`. `catalog_json` runs that same parser and reader on the
request the browser will send, so the build and the browser cannot disagree.
"""

from __future__ import annotations

import json

from .api import MAX_REQUEST_CHARS
from .catalog import CatalogError, catalog_from_build, catalog_to_data, quiz_hash, quiz_to_data
from .loading import ContentError
from .model import Catalog
from .safejson import JsonLimitError, parse


def _compact(data: object) -> str:
    """JSON as the browser's JSON.stringify writes it: no spaces, non-ASCII as is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def catalog_json(catalog: Catalog) -> str:
    """The text of assets/engine/catalog.json; raises ContentError saying which limit it breaks."""
    text = _compact(catalog_to_data(catalog))
    request = f'{{"op":"load","catalog":{text}}}'
    if len(request) > MAX_REQUEST_CHARS:
        largest = max(catalog.quizzes, key=lambda quiz: len(_compact(quiz_to_data(quiz))))
        raise ContentError([
            f"the quiz catalogue is {len(request):,} characters, over the {MAX_REQUEST_CHARS:,} the browser's "
            f"engine accepts in one request: shorten the quizzes (the largest is quiz '{largest.id}' in "
            f"{largest.source}, {len(_compact(quiz_to_data(largest))):,} characters)"
        ])
    try:
        loaded = catalog_from_build(parse(request, MAX_REQUEST_CHARS)["catalog"])
    except (JsonLimitError, CatalogError) as error:
        raise ContentError([f"the browser's engine would refuse the quiz catalogue: {error}"]) from None
    if [quiz_hash(q) for q in loaded.quizzes] != [quiz_hash(q) for q in catalog.quizzes]:
        raise ContentError(["the quiz catalogue reads back differently in the browser (a bug in quiz_py.catalog)"])
    return text
