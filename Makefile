# The README's two commands: `make run` and `make test`. Each installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: bench-import-load run test test-fast test-js lint bench bench-coverage bench-http bench-page bench-hostile bench-scale assets clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("yizhan needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@ $(VENV)/.installed-run

# Leaflet and its plugins for the map pages, exactly as package-lock.json pins them (no CDN).
node_modules/.package-lock.json: package.json package-lock.json
	command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json

# The browser tests drive Debian's chromium (Playwright's own browser download is not used);
# the font draws the Chinese in their screenshots.
$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei

# The store tests run on a real PostgreSQL with PostGIS too (testsupport/postgres.py starts a
# throwaway cluster from these programs, unless YIZHAN_TEST_DATABASE names a server).
POSTGIS := /usr/share/postgresql/15/extension/postgis.control

$(POSTGIS):
	apt-get update -qq && apt-get install -y -qq postgresql postgresql-15-postgis-3

# The explicit, versioned schema step first (the app refuses an older store rather than migrate it).
run: $(VENV)/.installed-run assets
	$(BIN)/yizhan db upgrade
	PORT=$(PORT) $(BIN)/yizhan serve

test: $(VENV)/.installed-test assets $(CHROMIUM) $(POSTGIS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	YIZHAN_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest
	node --test tests/js/

# The browser's JavaScript in node's own test runner: parity with the Python over the shared
# table tests/js/parity_cases.json, and the hours editor (node comes with the npm step).
test-js: assets
	node --test tests/js/

# The unit tests and doctests only: no browser, no gunicorn, no fuzzing, no long property runs
# (the markers are declared in pyproject.toml and applied in tests/conftest.py).
FAST := not browser and not server and not fuzz and not slow and not hostile

test-fast: $(VENV)/.installed-test assets $(POSTGIS)
	$(BIN)/python -m pytest -m "$(FAST)"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_nearest.py
	$(BIN)/python bench/bench_coverage.py

bench-coverage: $(VENV)/.installed-test
	$(BIN)/python bench/bench_coverage.py

bench-http: $(VENV)/.installed-test
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python bench/bench_http.py

bench-hostile: $(VENV)/.installed-test
	$(BIN)/python bench/bench_hostile_imports.py

# /nearest latency quiet, during three large imports and during every hostile file (gunicorn).
bench-import-load: $(VENV)/.installed-test
	$(BIN)/python bench/bench_import_load.py

bench-page: $(VENV)/.installed-test assets $(CHROMIUM)
	$(BIN)/python bench/bench_page.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# National scale (bench/bench_scale.py): 186,100 synthetic stations on SQLite and PostgreSQL.
bench-scale: $(VENV)/.installed-test assets $(CHROMIUM) $(POSTGIS)
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	YIZHAN_CHROMIUM=$(CHROMIUM) $(BIN)/python bench/bench_scale.py
