# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PLAN_DB ?= data/plan.duckdb
export PLAN_DB

.PHONY: run test build bench backtest browser clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(PLAN_DB): | $(VENV)/.installed
	$(PY) -m store build

## Set up and start the dashboard on the built-in TBC plan (http://localhost:8501).
run: $(VENV)/.installed $(PLAN_DB)
	$(PY) -m streamlit run app.py

## Set up and run the whole test suite (unit, query, page and browser tests).
test: $(VENV)/.installed browser
	$(PY) -m pytest

## Rebuild the database from data/source/ (refuses to drop recorded progress without FORCE=1).
build: $(VENV)/.installed
	$(PY) -m store build $(if $(FORCE),--force)

## Benchmark synthetic plans 1, 100 and 1000 times the TBC plan against the speed targets (~10 min).
bench: $(VENV)/.installed
	$(PY) -m bench.run

## Replay the built-in and synthetic plans review by review: how often the real finish fell in the 80% range.
backtest: $(VENV)/.installed
	$(PY) -m bench.backtest

## Headless Chromium from Debian (never a downloaded browser) and axe-core for the browser tests.
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }
	@test -f node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund

clean:
	rm -rf $(VENV) node_modules .pytest_cache
