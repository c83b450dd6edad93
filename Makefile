# The two commands of README.md. Each builds .venv from pyproject.toml on first use (and again
# when pyproject.toml changes); pyenv's .python-version selects Python 3.12. --no-compile: the
# modules actually imported are byte-compiled on first use, not all of them now (half the time).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test

run: $(STAMP)
	$(VENV)/bin/k3d $(ARGS)

test: $(STAMP)
	$(VENV)/bin/python -m pytest $(ARGS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --no-compile -e '.[dev]'
	touch $(STAMP)
