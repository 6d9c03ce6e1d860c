# The README's commands. Each target creates or updates .venv as it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

# The lock: the exact versions of the whole dependency tree (the test extra included) that the
# tests passed with, one file per Python version. `make serve` and `make test` install from the
# file for the Python of .venv (or of $(PYTHON) before .venv exists); `make lock` refreshes them.
LOCK_PYTHONS := 3.11 3.12 3.13
PY_VERSION := $(shell if [ -x $(BIN)/python ]; then py=$(BIN)/python; else py="$(PYTHON)"; fi; \
	$$py -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
LOCK := requirements/lock-py$(PY_VERSION).txt
# Scratch environments under build/: the lock tool, and the newest releases for `make test-latest`.
LOCK_TOOLS := build/venv-lock
LATEST := build/venv-latest
# JupyterHub's proxy (configurable-http-proxy, from npm) for the hub test, pinned by its
# package-lock.json and installed into deploy/jupyterhub/node_modules/.
HUB_PROXY := deploy/jupyterhub/node_modules/.bin/configurable-http-proxy
# `make lock` moves every pin to the newest release; `make lock UPGRADE=` keeps the pins and only
# adds what pyproject.toml has gained.
UPGRADE ?= --upgrade

.PHONY: serve lab test test-latest lock validate bench handouts lint clean screenshots

ifeq ($(PY_VERSION)$(filter-out clean,$(MAKECMDGOALS)),)
else ifeq ($(PY_VERSION),)
$(error Fandt ikke Python: "$(PYTHON)" kan ikke køre. Installer Python 3.11 eller nyere, eller vælg den med fx make PYTHON=python3.12 serve)
endif

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# No lock for this Python: say so in Danish instead of installing whatever is newest today.
requirements/lock-py%.txt:
	@echo "Der er ingen låste versioner til Python $* ($@)." >&2
	@echo "Der er låste versioner til Python $(LOCK_PYTHONS). Vælg en af dem, fx:" >&2
	@echo "  make clean && make PYTHON=python3.11 $(MAKECMDGOALS)" >&2
	@echo "(Eller installer selv kittet med pip install -e . i dit eget miljø, uden låsen.)" >&2
	@exit 1

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --constraint $(LOCK) -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --constraint $(LOCK) -e ".[test]"
	touch $@ $(STAMP)

serve: $(STAMP)
	$(BIN)/opsporing serve

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

validate: $(STAMP)
	$(BIN)/opsporing validate

handouts: $(STAMP)
	$(BIN)/opsporing worksheets --out build/handouts

# ruff, and mypy strict on src/ (its settings are [tool.mypy] in pyproject.toml).
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(HUB_PROXY): deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json
	@if command -v npm >/dev/null; then \
		cd deploy/jupyterhub && npm ci --no-audit --no-fund --loglevel=error && \
		touch node_modules/.bin/configurable-http-proxy; \
	else \
		echo "npm findes ikke: JupyterHub-testen (tests/hub) køres ikke. Installer Node.js 20 eller nyere." >&2; \
	fi

# PostgreSQL for the store and hub tests: the server in OPSPORING_TEST_PG_URL, or a throwaway one
# that tests/with_postgres.sh starts and stops. Some tests only: make test PYTEST_ARGS="tests/x.py".
PYTEST_ARGS ?=

test: $(TEST_STAMP) $(HUB_PROXY)
	$(BIN)/ruff check .
	$(BIN)/mypy
	bash tests/with_postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

# The suite against the newest releases pyproject.toml allows, in a fresh venv. Run it before
# `make lock`: when it passes, the refreshed lock holds versions the tests have passed with.
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --upgrade pip
	$(LATEST)/bin/pip install --quiet -e ".[test]"
	$(LATEST)/bin/pip freeze --exclude-editable > build/latest-versions.txt
	@echo "Nyeste versioner: build/latest-versions.txt"
	$(LATEST)/bin/ruff check .
	$(LATEST)/bin/mypy
	$(LATEST)/bin/pytest --deselect tests/test_lock.py::test_installed_versions_are_the_locked_ones

lock:
	test -x $(LOCK_TOOLS)/bin/uv || { $(PYTHON) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/pip install --quiet uv; }
	mkdir -p requirements
	for v in $(LOCK_PYTHONS); do \
		$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml --extra test --universal \
			--python-version $$v $(UPGRADE) --custom-compile-command "make lock" --quiet \
			--output-file requirements/lock-py$$v.txt || exit 1; \
	done

# The gallery: every view at 390 and 1280 px and the projector at 1920 px, photographed into
# docs/billeder/ by the design test while it measures them (tests/browser/test_design.py).
screenshots: $(TEST_STAMP)
	OPSPORING_GALLERY=$(CURDIR)/docs/billeder $(BIN)/pytest tests/browser/test_design.py

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .mypy_cache deploy/jupyterhub/node_modules
