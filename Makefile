# Liaison: `make run` serves the demo seminar, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint format test-python test-postgres bench-scheduling bench-now clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Liaison needs Python 3.11 or newer (PYTHON=$(PYTHON))")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	@scripts/system-packages deps/debian-run.txt
	DEBUG=1 $(BIN)/liaison run 127.0.0.1:$(PORT)

test: $(STAMP)
	@scripts/system-packages deps/debian-test.txt
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	PYTHONPATH=. DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/liaison makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-python

test-python: $(STAMP)
	$(BIN)/pytest -p no:cacheprovider

# The same suite on PostgreSQL (what .ci/run does after `make test`).
test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -p no:cacheprovider

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench-scheduling: $(STAMP)
	$(BIN)/python bench/scheduling.py

# A database and a Redis db of the bench's own: it loads the demo and puts an item on stage.
bench-now: $(STAMP)
	PYTHONPATH=src:. $(BIN)/python bench/now_on_stage.py \
		--database-url $${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/liaison_bench} \
		--redis-url $${BENCH_REDIS_URL:-redis://127.0.0.1:6379/15}

clean:
	rm -rf $(VENV) var staticfiles
