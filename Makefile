# micsentry: `make demo` serves the pre-call page, `make test` runs every test.
# Both install what they need first: the demo the Python venv and npm packages; the tests also
# Chromium, Firefox ESR, WebKitGTK and nginx (`make install`).
# `make dist` builds what users install: the two wheels and the npm package, into dist/.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check
# micsentry_site (py/) builds the site from this repository; it ships in no distribution.
SITE := PYTHONPATH=py $(PY) -m micsentry_site
NODE_STAMP := web/node_modules/.package-lock.json
VENV_STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install build demo dist test test-core test-e2e bench clean chromium firefox webkit nginx i18n corpus docs docs-serve screenshots

install: $(VENV_STAMP) $(NODE_STAMP) chromium firefox webkit

$(VENV_STAMP): requirements-dev.lock pyproject.toml plugin/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements-dev.lock
	$(PIP) install --no-deps --no-build-isolation -e . -e plugin
	touch $@

$(NODE_STAMP): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund
	touch $@

chromium: $(VENV_STAMP)
	@tools/install_chromium.sh $(PY) >/dev/null

# Debian's Firefox ESR, for the Firefox suite (tests/firefox: Puppeteer over WebDriver BiDi).
firefox:
	@tools/install_firefox.sh >/dev/null

# Debian's WebKitGTK driver, Xvfb and a German locale, for the WebKit suite (tests/webkit: Selenium).
webkit:
	@tools/install_webkit.sh >/dev/null

nginx:
	@tools/install_nginx.sh >/dev/null

# Real user-agent strings for tests/core/test_platforms_corpus.py: a pinned sdist from PyPI.
CORPUS := build/corpus/device_detector-6.5.1.tar.gz
corpus: $(CORPUS)
$(CORPUS): tests/core/corpus.txt $(VENV_STAMP)
	$(PIP) download --no-deps --no-binary :all: --require-hashes -r tests/core/corpus.txt -d build/corpus
	touch $@

build: $(VENV_STAMP) $(NODE_STAMP)
	$(SITE) build

# The demo needs no browser of ours: only the Python tools and the pinned npm packages.
demo: $(VENV_STAMP) $(NODE_STAMP)
	$(SITE) serve --port $(PORT)

# The product site goes into the micsentry wheel (py/micsentry/site, never committed) and into the
# npm package (npm/site); setuptools' build/lib is cleared so that no stale file slips into a wheel.
dist: $(VENV_STAMP) $(NODE_STAMP)
	rm -rf dist build/lib build/bdist.* plugin/build py/micsentry/site npm/site
	$(SITE) build --product --out py/micsentry/site
	$(PIP) wheel --no-deps --no-build-isolation --wheel-dir dist . ./plugin
	cp -R py/micsentry/site npm/site
	cd npm && npm pack --pack-destination ../dist --silent >/dev/null
	rm -rf build/lib build/bdist.* plugin/build npm/site
	@ls -1 dist

# pytest-xdist: a worker per core; tests/install and tests/webkit each stay on one worker (loadgroup).
XDIST ?= -n auto --dist loadgroup

# The docs' gallery is the accessibility suite's pictures of this very run: they are cleared first,
# and the strict docs build comes after the tests (it takes them again if a filtered run did not).
test: install nginx corpus build dist
	rm -rf $(SHOTS)
	$(PY) -m pytest tests -rfE $(XDIST) $(PYTEST_ARGS)
	$(MAKE) --no-print-directory docs

# The documentation site (MkDocs + Material, mkdocs.yml) into build/docs/, strict: a broken link or
# anchor, a page left out of the navigation or a state without its pictures fails it. Never --quiet:
# it hides the warnings that --strict counts, and the build then passes.
SHOTS := build/screenshots
MKDOCS := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs
docs: $(VENV_STAMP) | $(SHOTS)/en
	$(MKDOCS) build --strict
	@echo "the docs are in build/docs/ (open build/docs/index.html, or: make docs-serve)"

# Writing the docs: served with live reload on http://localhost:8001/.
docs-serve: $(VENV_STAMP) | $(SHOTS)/en
	$(MKDOCS) serve --strict --dev-addr localhost:$(DOCS_PORT)
DOCS_PORT ?= 8001

# The pictures of every state, in English and Arabic, light and dark (the accessibility suite takes them).
screenshots: install build
	$(PY) -m pytest tests/e2e/test_accessibility.py -q $(XDIST)

# No pictures yet (a fresh clone, a filtered test run): take them before the docs build.
$(SHOTS)/en:
	$(MAKE) --no-print-directory screenshots

test-core: $(VENV_STAMP) $(NODE_STAMP) corpus
	$(PY) -m pytest tests/core tests/site $(PYTEST_ARGS)

test-e2e: install build
	$(PY) -m pytest tests/e2e -rfE $(XDIST) $(PYTEST_ARGS)

# After changing a text: extract them all again and merge into every catalog (README "Add a language").
i18n: $(VENV_STAMP)
	$(SITE) i18n

# run.py: the page's speed; waterfall.py: what the start does when; scale.py: seconds per mic test on each engine, the suite with and without xdist.
bench: install
	PYTHONPATH=py $(PY) bench/run.py
	PYTHONPATH=py $(PY) bench/waterfall.py
	PYTHONPATH=py $(PY) bench/scale.py

clean:
	rm -rf build dist $(VENV) web/node_modules test-results py/micsentry/site
