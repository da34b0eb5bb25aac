# The course's two commands: `make lab` opens the course, `make test` runs every test.
# Both create the local virtual environment .venv on first use (Python 3.11+ needed).

# The folder holding this Makefile, so that `make -f <repo>/Makefile -C <elsewhere> lab`
# (what the browser tests do) still finds the course's settings and environment.
REPO    := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))
PYTHON  ?= python3
VENV    ?= $(REPO)/.venv
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed
SANITIZE = --nbval-sanitize-with tests/nbval_sanitize.cfg
# Extra JupyterLab options (the browser tests add a port, a token and --no-browser).
LAB_ARGS ?=
# Jupyter refuses to run as root (containers, CI) unless told that this is intended.
ROOT_ARG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test setup

setup: $(STAMP)

$(STAMP): $(REPO)/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '$(REPO)[test]'
	touch $(STAMP)

# JupyterLab on the start notebook, serving this folder, with the course's own settings
# from jupyter-config/ (no news prompt, no update check, no extension manager).
lab: $(STAMP)
	JUPYTER_CONFIG_PATH="$(REPO)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ROOT_ARG) $(LAB_ARGS) notebooks/00_start_here.ipynb

# 1. unit, property and browser tests, with every lesson and every exercise solution run
#    by nbval in strict mode; 2. the student versions of the exercises and the workbook
#    (stored without outputs: they show whichever article is chosen) in lax mode.
test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks exercises/solutions --nbval $(SANITIZE) --ignore=notebooks/workbook
	$(BIN)/python -m pytest exercises notebooks/workbook --nbval-lax --ignore=exercises/solutions --ignore=exercises/source -p no:cacheprovider
