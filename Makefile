# The two commands users need: `make book` and `make test`.
# The first use creates .venv from the pinned requirements; later uses reuse it
# and only reinstall when requirements.txt, constraints.txt or pyproject.toml change.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?=

.PHONY: book test test-fast check verwacht templates bench bench-snel lock clean

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; set PYTHON=/path/to/python3.11" >&2; exit 2; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

book: $(STAMP)
	$(PY) -m rekenboek build $(if $(JOBS),--jobs $(JOBS),)

# axe-core for the accessibility check in tests/test_browser.py, pinned in package-lock.json.
# Without npm the check is skipped with its reason; everything else runs.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "warning: npm not found; the accessibility check (axe-core) will be skipped" >&2; fi

test: $(STAMP) node_modules/.package-lock.json
	$(PY) -m pytest

# The edit loop: everything except the tests that execute notebooks (papermill, nbval) or build
# the book (marked `slow`); under a minute. `make test` remains the full run.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

check: $(STAMP)
	$(PY) -m rekenboek check

# Accept the current verdicts as expected: commit tests/verwacht/bevindingen.csv
# together with the change that moved them, so reviewers see every verdict change.
verwacht: $(STAMP)
	$(PY) -m rekenboek check --verwacht tests/verwacht/bevindingen.csv

# Re-execute the notebook templates in place so that their committed outputs
# (which nbval compares against) match the current package and data.
templates: $(STAMP)
	$(PY) -m rekenboek templates

# Our build against the floor, the kernel floor and a naive serial build, side by side in one run
# (clean, no-op, one data file changed). bench-snel: the same on 19 pages in under 3 minutes.
bench: $(STAMP)
	$(PY) scripts/bench.py $(if $(JOBS),--jobs $(JOBS),)

bench-snel: $(STAMP)
	$(PY) scripts/bench.py --snel $(if $(JOBS),--jobs $(JOBS),)

# Regenerate constraints.txt from a fresh resolution of requirements.txt.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.txt
	.venv-lock/bin/pip freeze --exclude-editable > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf _build book/generated
