# The README's commands. Each target creates or updates .venv as it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: serve lab test validate bench handouts lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(STAMP)

serve: $(STAMP)
	$(BIN)/opsporing serve

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

validate: $(STAMP)
	$(BIN)/opsporing validate

handouts: $(STAMP)
	$(BIN)/opsporing worksheets --out build/handouts

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
