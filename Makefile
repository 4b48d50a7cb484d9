# Everything runs inside .venv, created and filled from requirements.txt on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs the suite in this process.
TEST_WORKERS ?= auto

.PHONY: install run test e2e quality format check-system demo clean bench loadtest backup cluster-test loadtest-steps

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus récent est nécessaire (trouvé : " + sys.version.split()[0] + ").")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

# WeasyPrint needs Pango from the system: say which package to install rather than fail later.
check-system: install
	@$(PY) -c "import weasyprint" 2>/dev/null || { \
		echo "WeasyPrint ne trouve pas la bibliothèque Pango du système."; \
		echo "Sous Debian ou Ubuntu : sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; \
		echo "Sous Fedora : sudo dnf install pango ; sous macOS : brew install pango"; \
		exit 1; }

demo: check-system
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=1 $(PY) manage.py load_demo

run: demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# pytest exits 5 when it collects no test: that must fail, never pass silently.
test: check-system
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Browser tests only (Debian's Chromium, demo data, both screen sizes); `make test` runs them too.
e2e: check-system
	$(BIN)/pytest tests/e2e -m e2e $(PYTEST_ARGS)
	@echo "Captures d'écran : $(CURDIR)/e2e-screenshots"

quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Performance at demo and national scale on PostgreSQL (bench/README.md); targets are reported, not asserted.
bench: check-system
	$(PY) bench/run_bench.py

# Load test (Locust): gunicorn + PostgreSQL on loopback, 50 users for 60 s, then everything is stopped.
loadtest: check-system
	bench/loadtest.sh

# The same in steps of 2 more users until p95 passes 300 ms: capacity beside the CPU bound (bench/results/latest.md).
loadtest-steps: check-system
	LOADTEST_MODE=step bench/loadtest.sh

# Two gunicorn instances, one worker, PostgreSQL and Redis on loopback (tests/cluster); all stopped at the end.
cluster-test: check-system
	tests/cluster/run.sh

# A backup of the configured database (deploy/README.md: restore). Without SECRET_KEY, the development settings.
backup: install
	@if [ -z "$$SECRET_KEY" ]; then export DEBUG=1; fi; $(PY) manage.py backup

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
