# zongjie — two commands do all the set-up (README.md):
#   make run    a local venv, the embedded SQLite database under $ZONGJIE_HOME, demo data, http://127.0.0.1:8000
#   make test   the whole test suite (SQLite, then PostgreSQL when reachable); says at the end what it skipped
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export ZONGJIE_HOME ?= $(CURDIR)/var
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test venv dev lint format screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install --quiet -e .

dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

run: venv
	$(BIN)/zongjie demo

test: dev
	$(BIN)/python -m zongjie.testing.run

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

screenshots: dev
	ZONGJIE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/web tests/imports -m browser

bench: dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache
