# micsentry: `make demo` serves the pre-call page, `make test` runs every test.
# Both install what they need first (Python venv, npm runtimes, Chromium).

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
NODE_STAMP := web/node_modules/.package-lock.json
VENV_STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install build demo test test-core test-e2e bench clean

install: $(VENV_STAMP) $(NODE_STAMP) chromium

$(VENV_STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(NODE_STAMP): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund
	touch $@

.PHONY: chromium
chromium: $(VENV_STAMP)
	@tools/install_chromium.sh $(PY) >/dev/null

build: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) build.py

demo: install
	$(PY) build.py serve --port $(PORT)

test: install build
	$(PY) -m pytest tests -rfE $(PYTEST_ARGS)

test-core: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m pytest tests/core tests/site $(PYTEST_ARGS)

test-e2e: install build
	$(PY) -m pytest tests/e2e -rfE $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf build $(VENV) web/node_modules test-results
