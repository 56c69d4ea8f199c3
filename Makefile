# The two commands a new machine needs (Python 3.11+ and make, nothing else):
#   make demo   install, load the seed report into an embedded SQLite database, show the dashboard
#   make test   install, then lint, type-check and run the tests
# PostgreSQL tests run when CLAIMDB_TEST_POSTGRES_URL is set (see README.md).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB ?= .demo/claimdb.sqlite3

.PHONY: install demo test lint typecheck pytest docs bench soak train-scorer clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "claimdb needs Python 3.11+ (set PYTHON=...)"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/claimdb --db $(DEMO_DB) init
	$(BIN)/claimdb --db $(DEMO_DB) seed
	$(BIN)/claimdb --db $(DEMO_DB) status
	$(BIN)/claimdb --db $(DEMO_DB) review --limit 10
	@echo
	@echo "The demo database is $(DEMO_DB). Try:"
	@echo "  $(BIN)/claimdb --db $(DEMO_DB) claim list --type statistic"
	@echo "  $(BIN)/claimdb --db $(DEMO_DB) claim show 1"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

docs: install
	$(BIN)/python -m claimdb.cli.docs > docs/cli.md
	$(BIN)/python docs/report_screenshot.py docs/img/report.png

# Benchmarks (minutes, not seconds; never part of `make test`): see bench/README.md.
bench: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Hardening soak (hours on 2 cores; never part of `make test`; figures in docs/hardening.md): 100 pairs
# of racing processes x 6 scenarios, 1,000 generated hostile inputs per property test, 100
# kill -9 imports, the tamper cases, on SQLite and, when CLAIMDB_TEST_POSTGRES_URL is set, on PostgreSQL.
SOAK_PAIRS ?= 100
SOAK_EXAMPLES ?= 1000
SOAK_KILLS ?= 100
soak: install
	@status=0; \
	echo "soak: races on sqlite, $$(date -u +%H:%M:%S)"; \
	$(BIN)/python bench/soak_races.py sqlite --pairs $(SOAK_PAIRS) || status=1; \
	if [ -n "$$CLAIMDB_TEST_POSTGRES_URL" ]; then \
		echo "soak: races on postgresql, $$(date -u +%H:%M:%S)"; \
		$(BIN)/python bench/soak_races.py postgresql --pairs $(SOAK_PAIRS) || status=1; \
	else echo "soak: CLAIMDB_TEST_POSTGRES_URL is not set, SQLite only"; fi; \
	echo "soak: tamper cases, kill -9 imports, hostile inputs, $$(date -u +%H:%M:%S)"; \
	CLAIMDB_HYPOTHESIS_EXAMPLES=$(SOAK_EXAMPLES) CLAIMDB_KILLS=$(SOAK_KILLS) $(BIN)/pytest -n 0 -v \
		--durations=20 tests/test_tamper.py tests/test_races.py tests/test_kill_import.py \
		tests/test_hostile_properties.py || status=1; \
	echo "soak: done, $$(date -u +%H:%M:%S), exit $$status"; exit $$status

# Retrain the check-worthiness scorer from ../shared/data (a few minutes): rewrites the weights
# in src/claimdb/analysis/data and the figures in docs/scoring.md. See docs/scoring.md.
train-scorer: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,train]'
	$(BIN)/python eval/train_scorer.py $(TRAIN_ARGS)

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache build dist
