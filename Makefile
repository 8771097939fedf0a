# Every target bootstraps .venv (and the system packages it needs) on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint schema bench sandbox system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	@scripts/ensure-system-deps.sh

run: $(STAMP)
	$(BIN)/vendorgraph serve

sandbox: $(STAMP)
	$(BIN)/vendorgraph sandbox

lint: $(STAMP)
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/vendorgraph schema > schema/schema.graphql

test: $(STAMP) system-deps lint
	$(BIN)/pytest -q

bench: $(STAMP) system-deps
	$(BIN)/vendorgraph bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
