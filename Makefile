# Quick start: `make run` (set up, build the demo project, open the app) and `make test`
# (everything CI checks). Both create .venv and install what they need on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo/demo.qwb

.PHONY: install run demo test lint typecheck layers unit bench screenshots clean qt-system-libs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,nlp]"
	touch $(STAMP)

install: $(STAMP)

$(DEMO): $(STAMP)
	$(BIN)/workbench demo demo

demo: $(DEMO)

# Qt's X11 plugin needs a few xcb libraries that minimal Debian and Ubuntu installs lack
# (libxcb-cursor0 since Qt 6.5). Install them only when the plugin says they are missing.
QXCB := $(VENV)/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so
XCB_PACKAGES := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
qt-system-libs: $(STAMP)
	@if [ "$$(uname)" = Linux ] && command -v apt-get >/dev/null && \
	    ldd $(QXCB) 2>/dev/null | grep -q "not found"; then \
	  echo "Installing the X11 libraries Qt needs to open windows: $(XCB_PACKAGES)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q $(XCB_PACKAGES); \
	  else sudo apt-get install -y -q $(XCB_PACKAGES); fi; \
	fi

run: $(DEMO) qt-system-libs
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

# Pictures for the README, rendered offscreen from the demo project.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) demo build *.egg-info
