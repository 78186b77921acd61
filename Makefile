# Two commands do all the set-up on a fresh machine:
#   make run    create .venv if needed, install tutor into it, start the app
#   make test   create .venv if needed, install tutor with its test tools, run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench clean terminal-tools

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/tutor

# The end-to-end tests drive the app in a real terminal (tmux); the practice runner's strict
# isolation is tested with bubblewrap (bwrap) as well as with unshare.
terminal-tools:
	@missing=""; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	[ -z "$$missing" ] || { \
	  echo "installing$$missing for the tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $$missing >/dev/null; }; }

test: $(STAMP) terminal-tools
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check tutor tests bench
	$(BIN)/ruff format --check tutor tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
