from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from api_cases import site_catalog, site_catalog_data
from quiz_py import api
from quiz_py.model import Catalog, Quiz


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return site_catalog()


@pytest.fixture
def quiz(catalog: Catalog) -> Callable[[str], Quiz]:
    def get(quiz_id: str) -> Quiz:
        found = catalog.quiz(quiz_id)
        assert found is not None
        return found

    return get


type Call = Callable[[dict[str, Any]], dict[str, Any]]


@pytest.fixture
def call() -> Iterator[Call]:
    """api.handle with the real catalog loaded, taking and returning Python objects."""

    def send(request: dict[str, Any]) -> dict[str, Any]:
        response: dict[str, Any] = json.loads(api.handle(json.dumps(request)))
        return response

    assert send({"op": "load", "catalog": site_catalog_data()})["ok"]
    yield send
    api._catalog = None
