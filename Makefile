# etwincms: the two commands are `make run` and `make test`; everything else helps them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export ETWINCMS_INSTANCE_PATH ?= $(CURDIR)/instance
HOST ?= 127.0.0.1
PORT ?= 5000
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Test files are spread over this many processes (pytest-xdist); 0 runs them in one.
TEST_WORKERS ?= 2
# pytest caches its rewritten test modules (and Python its bytecode) only when writing
# bytecode is allowed: a set PYTHONDONTWRITEBYTECODE costs seconds per process.
export PYTHONDONTWRITEBYTECODE :=
PYTEST := $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal

.PHONY: run test install install-test lint format demo clean test-sqlite test-postgres fuzz \
	translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Set everything up and serve the demo space on http://$(HOST):$(PORT)
run: install
	$(BIN)/etwincms init --no-admin
	$(BIN)/etwincms demo
	@echo "Demo space: http://$(HOST):$(PORT)/s/green-roots/"
	$(BIN)/etwincms serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/etwincms init --no-admin
	$(BIN)/etwincms demo

## Set up and run the whole test suite: SQLite, then PostgreSQL (required when CI=true)
test: install-test lint test-sqlite test-postgres

test-sqlite: install-test
	ETWINCMS_TEST_DATABASE_URL= $(PYTEST)

test-postgres: install-test
	@if $(BIN)/python -m etwincms.testing_db "$(TEST_DATABASE_URL)"; then \
		ETWINCMS_TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(PYTEST) -m "not browser"; \
	elif [ "$(CI)" = "true" ]; then \
		echo "PostgreSQL is required when CI=true but $(TEST_DATABASE_URL) is not reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(TEST_DATABASE_URL): skipping the PostgreSQL pass"; \
	fi

## Nightly-style fuzzing: the schemathesis suites and property tests with many more examples,
## and every XSS payload through every short field
fuzz: install-test
	ETWINCMS_FUZZ_EXAMPLES=$${ETWINCMS_FUZZ_EXAMPLES:-500} HYPOTHESIS_PROFILE=fuzz \
		ETWINCMS_TEST_DATABASE_URL= $(PYTEST) tests/security/test_properties.py \
		tests/security/test_fuzz_api.py tests/api/test_schema_conformance.py \
		$(wildcard tests/plugins/*/test_schema_conformance.py) \
		tests/security/test_xss_short_fields_all.py tests/security/test_xss_plugin_api_writes.py \
		tests/security/test_xss_space_templates.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Message catalogues (core and each plugin): extract the marked strings, merge them into
## every language's .po (new ones empty, changed ones fuzzy), compile the .mo files.
## Then translate the empty and fuzzy entries and run it again (docs/translating.md).
translations: install
	$(BIN)/python -m etwincms.translations.tool

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache *.egg-info

## Load and resource benchmarks (not part of `make test`): writes docs/performance.md.
## BENCH_SIZE small|large|xl; BENCH_ARGS="--reuse" keeps data sets already generated.
BENCH_SIZE ?= large
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/etwincms_bench
BENCH_ARGS ?=
.PHONY: bench
bench: install-test
	@command -v wrk >/dev/null || apt-get install -y wrk || sudo apt-get install -y wrk
	$(BIN)/python bench/report.py --size $(BENCH_SIZE) \
		--database-url "$(BENCH_DATABASE_URL)" --write-docs $(BENCH_ARGS)
