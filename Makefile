# Quick start: `make run` (set up, build the demo project, open the app) and `make test`
# (everything CI checks). Both create .venv and install what they need on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo/demo.qwb

.PHONY: install run demo test lint typecheck layers unit bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,nlp]"
	touch $(STAMP)

install: $(STAMP)

$(DEMO): $(STAMP)
	$(BIN)/workbench demo demo

demo: $(DEMO)

run: $(DEMO)
	$(BIN)/workbench-gui $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: lint typecheck layers unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) demo build *.egg-info
