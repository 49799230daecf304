# The two commands: `make run` (set up if needed, then serve) and `make test` (everything CI runs).
PYTHON ?= python3
VENV := .venv
LLL := $(VENV)/bin/lll
HOST ?= 127.0.0.1:8000
DATA_DIR := $(or $(LLL_DATA_DIR),../shared/data)

.PHONY: setup run test lint install install-dev

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# npm ci also runs scripts/vendor-css.mjs (package.json postinstall): vega-embed's and
# vega-tooltip's stylesheets as files, for the strict Content-Security-Policy.
node_modules/.installed: package.json package-lock.json scripts/vendor-css.mjs
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-dev: $(VENV)/.installed-dev node_modules/.installed

# Install, migrate the database (SQLite under var/ unless DATABASE_URL says otherwise),
# load Poland's territorial units, the indicator catalogue, every real data file of the data folder
# (GUS BDL, GUS SDG and Eurostat series, one import batch each; ../shared/data/SOURCES.md) and
# the demo coordination team with its consultations, polls and study visits, the COMORELP
# self-assessment framework with last year's demo round, the occupation classification with the
# demo WRRP opinions and their outcomes (fictional people and records, marked as demo), and create
# the first administrator.
setup: install
	$(LLL) migrate --noinput
	$(LLL) load_territory
	$(LLL) load_indicators
	$(LLL) import shipped --data-dir $(DATA_DIR)
	$(LLL) load_demo_coordination
	$(LLL) load_demo_consultations
	$(LLL) load_comorelp
	$(LLL) load_demo_selfassessment
	$(LLL) load_occupations
	$(LLL) load_demo_vet
	$(LLL) load_demo_activities
	$(LLL) ensure_admin

run: setup
	$(LLL) runserver $(HOST)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy lll tests benchmarks conftest.py

test: install-dev
	bash scripts/test.sh
