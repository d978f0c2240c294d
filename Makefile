# Plan Atlas: `make run` sets up and starts the dashboard; `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
ADDRESS ?= 127.0.0.1
DB := data/build/plan_atlas.duckdb

.PHONY: help run test lint format build extract-002 evaluate bench screenshots clean

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime  ## set up, build the database if it is missing, start the dashboard on 127.0.0.1
	test -f $(DB) || $(BIN)/python -m extract build
	$(BIN)/streamlit run dashboard.py --server.address $(ADDRESS) --server.port $(PORT)

test: $(VENV)/.dev  ## set up, lint and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -p randomly

lint: $(VENV)/.dev  ## ruff only
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev  ## apply ruff formatting and safe fixes
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

build: $(VENV)/.runtime  ## (re)build data/build/plan_atlas.duckdb
	$(BIN)/python -m extract build

evaluate: $(VENV)/.runtime  ## precision / recall / F1 on tests/golden
	$(BIN)/python -m extract evaluate

bench: $(VENV)/.dev  ## benchmarks; figures go to bench/RESULTS.md
	$(BIN)/python -m extract bench

screenshots: $(VENV)/.dev  ## photograph every page in both languages at 1400/1920 px; README pictures in docs/screenshots
	$(BIN)/python -m pytest -q -p no:randomly tests/test_browser.py -k fits_the_window
	mkdir -p docs/screenshots
	for f in tests/artifacts/layout/*_1400.png; do cp "$$f" "docs/screenshots/$$(basename $$f _1400.png).png"; done

clean:  ## delete build outputs (data/build/) only
	rm -rf data/build
