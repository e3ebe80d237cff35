# Two commands set everything up on a fresh machine:
#   make demo   installs budgetlens in .venv, checks the sample documents in samples/ and
#               stores them in budgetlens.duckdb
#   make test   installs system packages the tests need, the test extras, and runs the tests
PY ?= python3
# Playwright drives Debian's chromium (scripts/system-deps.sh): never a browser download
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test system-deps lint bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,ocr]'

system-deps:
	bash scripts/system-deps.sh

demo: install
	$(BIN)/budgetlens extract samples/demo-county-office-2024-budget.md
	@# exit status 1 means findings were reported, which the samples are written to have
	$(BIN)/budgetlens check samples/demo-county-office-2024-budget.md samples/demo-finance-bureau-2023-final.txt samples/demo-transport-2024-budget.html || test $$? -eq 1
	@# the corpus side: the samples into the embedded store (budgetlens.duckdb), then one view
	$(BIN)/budgetlens ingest samples/demo-county-office-2024-budget.md samples/demo-finance-bureau-2023-final.txt samples/demo-transport-2024-budget.html
	$(BIN)/budgetlens query department-years

test: system-deps install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check src tests bench

bench: install-test
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/check.py
	$(BIN)/python bench/formats.py
	$(BIN)/python bench/scale.py --repeat 1
