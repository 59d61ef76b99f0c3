# samen: `make run` sets up and serves the demo; `make test` sets up and runs the whole suite.
SHELL := /bin/bash
# The interpreter .venv is made from: Debian's own python3 when it can (scripts/venv-python says why).
PYTHON ?= $(shell scripts/venv-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
PORT ?= 8000

.PHONY: run setup test test-sqlite test-postgres lint bench screenshots assets messages openapi clean

run: setup
	$(BIN)/samen serve --port $(PORT)

setup: $(STAMP) assets
	scripts/ensure-pango
	$(BIN)/samen setup

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Front-end assets from npm (NL Design System CSS, htmx, axe-core for the tests) into build/static.
assets: $(NODE_STAMP) $(STAMP)
	$(BIN)/python scripts/build_assets.py
	$(BIN)/python scripts/compile_messages.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) assets
	scripts/ensure-chromium
	scripts/ensure-pango
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(BIN)/python ../shared/scenarios/check.py --cmd "$(BIN)/samen evaluate"
	$(BIN)/python ../shared/scenarios/check.py --cmd "$(BIN)/samen evaluate" tests/scenarios
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	@echo "== pytest on SQLite"
	env -u DATABASE_URL $(BIN)/pytest -q

test-postgres: $(STAMP)
	@url=$$($(BIN)/python scripts/postgres_url.py) || exit $$?; \
	if [ -z "$$url" ]; then exit 0; fi; \
	scripts/ensure-pg-client || exit $$?; \
	echo "== pytest on PostgreSQL ($$url), without the browser tests and the benchmarks (they ran in the SQLite run)"; \
	DATABASE_URL="$$url" $(BIN)/pytest -q -m "not browser and not bench"

# The goals of issue 11, each beside today's figure (docs/performance.md); about 10 minutes on two cores.
bench: $(STAMP)
	$(BIN)/python bench/bench_rules.py
	$(BIN)/python bench/bench_invoices.py
	$(BIN)/python bench/run_all.py

screenshots: $(STAMP) assets
	scripts/ensure-chromium
	SAMEN_SCREENSHOTS=1 $(BIN)/pytest -q tests/browser -k screenshots

openapi: $(STAMP)
	$(BIN)/python scripts/export_openapi.py

messages: $(STAMP)
	cd src/samen && ../../$(BIN)/django-admin makemessages -l en --ignore 'rules/*' --settings=samen.settings
	$(BIN)/python scripts/rules_messages.py

clean:
	rm -rf $(VENV) node_modules build var .pytest_cache .mypy_cache .ruff_cache
