# nicsim: two commands do all the set-up (README, Quick start):
#   make run        creates .venv with Python 3.12 if missing, installs, runs the default scenario
#   make test       the same set-up, a browser for the browser tests, then the whole test suite
#   make test-fast  the suite without the tests marked slow (no browser needed): a quick loop
# The environment is pinned by requirements.lock (hashes of every package); `make lock`
# regenerates it from pyproject.toml.

PYTHON312 ?= python3.12
VENV      := .venv
PY        := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SCENARIO  ?= carnegie_nic
export OPENBLAS_NUM_THREADS := 1

.PHONY: run test test-fast browser lint bench validation lock clean

run: $(INSTALLED)
	$(VENV)/bin/nicsim run $(SCENARIO) --force

test: $(INSTALLED) browser
	$(PY) -m pytest

test-fast: $(INSTALLED)
	$(PY) -m pytest -m "not slow"

# a Chromium that launches (NICSIM_CHROMIUM, /usr/bin/chromium, or Playwright's own, downloaded
# if it can be), or one line saying how to get one and a stop before the suite starts
browser: $(INSTALLED)
	@$(PY) tests/browser/chromium.py

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .

bench: $(INSTALLED)
	$(PY) benchmarks/classic_rules.py

# validation: docs/validation.md and docs/figures/, nicsim beside published results (~10 min)
validation: $(INSTALLED)
	$(PY) benchmarks/validation_report.py

$(INSTALLED): requirements.lock pyproject.toml
	@command -v $(PYTHON312) >/dev/null 2>&1 && $(PYTHON312) -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null \
	  || { echo "nicsim needs Python 3.12 (Mesa 3.5 requires it): install it, or run make PYTHON312=/path/to/python3.12"; exit 2; }
	test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(INSTALLED)

lock: $(VENV)/bin/uv
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --group peers --all-extras --universal --python-version 3.12 \
	  --generate-hashes --no-header --quiet -o requirements.lock

$(VENV)/bin/uv:
	test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet uv

clean:
	rm -rf $(VENV) runs .pytest_cache
