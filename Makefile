# The course's two commands: `make lab` opens the course, `make test` runs every test.
# Both create the local virtual environment .venv on first use (Python 3.11+ needed).

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
SANITIZE = --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

# 1. unit, property and browser tests, with every notebook and every exercise solution
#    run by nbval in strict mode; 2. the student versions of the exercises in lax mode.
test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks exercises/solutions --nbval $(SANITIZE)
	$(BIN)/python -m pytest exercises --nbval-lax --ignore=exercises/solutions --ignore=exercises/source -p no:cacheprovider
