# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# DuckDB 1.x, as analysts' tools bundle it: the tests open the database with it (pinned in the file)
VENV_DUCKDB1 := .venv-duckdb1
PLAN_DB ?= data/plan.duckdb
export PLAN_DB

.PHONY: run test build bench backtest browser proxy oidc clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV_DUCKDB1)/.installed: requirements-duckdb1.txt
	$(PYTHON) -m venv --clear $(VENV_DUCKDB1)
	$(VENV_DUCKDB1)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-duckdb1.txt
	touch $@

$(PLAN_DB): | $(VENV)/.installed
	$(PY) -m store build

## Set up and start the dashboard on the built-in TBC plan (http://localhost:8501).
run: $(VENV)/.installed $(PLAN_DB)
	$(PY) -m streamlit run app.py

## Set up and run the whole test suite (unit, query, page, DuckDB 1.x, deployment and browser tests).
test: $(VENV)/.installed $(VENV_DUCKDB1)/.installed browser proxy oidc
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

## Headless Chromium from Debian (never a downloaded browser) and axe-core for the browser tests;
## LibreOffice (headless Calc) and poppler for opening the exports as a council would.
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }
	@test -f node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || { \
	  echo "Installing Debian's LibreOffice (Calc, headless) and poppler for the export tests…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libreoffice-calc-nogui poppler-utils >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libreoffice-calc-nogui poppler-utils >/dev/null; fi; }

## Debian's nginx, openssl and systemd-analyze for the deployment tests (the app behind a proxy,
## the unit files verified). The tests run their own nginx on loopback ports, not the system one.
proxy:
	@missing=""; \
	  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	  command -v openssl >/dev/null || missing="$$missing openssl"; \
	  command -v systemd-analyze >/dev/null || missing="$$missing systemd"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian's$$missing for the deployment tests…"; \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	    else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing >/dev/null; fi; \
	  fi

## A real OpenID Connect provider (npm oidc-provider) for the sign-in browser tests, in tests/e2e/oidc.
oidc: tests/e2e/oidc/node_modules/.package-lock.json

tests/e2e/oidc/node_modules/.package-lock.json: tests/e2e/oidc/package-lock.json
	cd tests/e2e/oidc && npm ci --silent --no-audit --no-fund

clean:
	rm -rf $(VENV) $(VENV_DUCKDB1) node_modules tests/e2e/oidc/node_modules .pytest_cache
