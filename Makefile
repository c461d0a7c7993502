# Two commands do all the set-up from a fresh clone: `make serve` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash
# Material prints a banner about its successor on every build; we know (see README).
export NO_MKDOCS_2_WARNING := 1

VENV := .venv
PY := $(VENV)/bin/python

# Find a working Python 3.13 (Pyodide 0.29.5 runs CPython 3.13, and `pyodide py-compile` must match it).
# pyenv installs it without selecting it, so plain `python3.13` may be a shim that fails.
PYTHON313 ?= $(shell for c in python3.13 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13.*/bin/python3.13 2>/dev/null | sort -rV) /usr/local/bin/python3.13 /usr/bin/python3.13; do \
  "$$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1 && { echo "$$c"; break; }; done)

.PHONY: help setup serve build test bench lighthouse screenshots mutate clean

help:
	@echo "make serve   set everything up and serve the site at http://127.0.0.1:8000 (live reload)"
	@echo "make test    set everything up and run the whole test suite"
	@echo "make build   the complete static site in site/"
	@echo "make bench   engine start-up against stock Pyodide (cold, warm, returning, throttled) and bytes downloaded"
	@echo "make lighthouse  Lighthouse scores of every page (installs Lighthouse in bench/lighthouse-tool/ first)"
	@echo "make screenshots  every page, desktop and phone, light and dark, in screenshots/"
	@echo "make mutate  mutation testing of quiz_py against the engine's tests (MODULE=state for one module)"

$(VENV)/.installed: requirements.txt pyproject.toml
	@if [ -z "$(PYTHON313)" ]; then \
	  echo "error: Python 3.13 not found. Install it (e.g. 'pyenv install 3.13' or your system's python3.13)," >&2; \
	  echo "       or point to it: make PYTHON313=/path/to/python3.13 ..." >&2; exit 1; fi
	$(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: Node.js 20+ with npm is needed." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

build: setup
	$(VENV)/bin/mkdocs build --strict

serve: setup
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m bench

# Lighthouse (146 npm packages) only for its own bench, in its own folder: not in `make setup` or CI.
LIGHTHOUSE_DIR := bench/lighthouse-tool
$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	npm ci --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: setup $(LIGHTHOUSE_DIR)/node_modules/.installed
	$(PY) -m bench.lighthouse

screenshots: setup
	$(PY) -m tools.screenshots

mutate: setup
	$(PY) -m tools.mutate $(if $(MODULE),--module $(MODULE))

clean:
	rm -rf site build .pytest_cache
