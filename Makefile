# The two commands of README.md. Each builds .venv from pyproject.toml on first use (and again
# when pyproject.toml changes); pyenv's .python-version selects Python 3.12. pip's own byte-
# compiling runs on one core; compileall does the same on every core (55 s instead of 67 s here).
# It is needed: with PYTHONDONTWRITEBYTECODE set (as on our machines) nothing is compiled later.
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
	-$(VENV)/bin/python -m compileall -q -j 0 $(VENV)/lib > /dev/null 2>&1
	touch $(STAMP)
