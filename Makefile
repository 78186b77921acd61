# Two commands do all the set-up on a fresh machine:
#   make run    create .venv if needed, install tutor and what the app needs, start the app
#   make test   create .venv if needed, install tutor with its test tools, run every test
# `make run` installs no test tools: the `dev` extra builds llama.cpp from source (minutes),
# which only the tests need. After `make test`, `make run` installs nothing more.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HASH   := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
APP    := $(VENV)/.installed-app-$(HASH)
DEV    := $(VENV)/.installed-dev-$(HASH)

.PHONY: run test lint clean terminal-tools

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# tutor (editable) and its runtime dependencies only.
$(APP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@rm -f $(VENV)/.installed-app-* && touch $(APP)

# ... and the test and lint tools (the dev extra); it covers the app's needs too.
$(DEV): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $(DEV) $(APP)

run: $(APP)
	$(BIN)/tutor

# The end-to-end tests drive the app in a real terminal (tmux); the practice runner's strict
# isolation is tested with bubblewrap (bwrap) as well as with unshare; the runner's Go is
# tested by compiling and running real Go (golang-go: Debian's Go; about 15 s to install, 81 MB
# downloaded) — without it those tests skip and nothing would say whether Go still works.
terminal-tools:
	@missing=""; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	command -v go >/dev/null 2>&1 || missing="$$missing golang-go"; \
	[ -z "$$missing" ] || { \
	  echo "installing$$missing for the tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $$missing >/dev/null; }; }

test: $(DEV) terminal-tools
	$(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff check tutor tests bench
	$(BIN)/ruff format --check tutor tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
