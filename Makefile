# The two commands a newcomer needs: `make run` and `make test`. Everything else installs itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
APPS := backoffice hr scheduling finance payroll it_support operations compliance
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1 DJANGO_SECRET_KEY=development-only-not-secret-0123456789abcdefghijklmnop

.PHONY: run test bench prerequisites install lint messages clean

run: prerequisites install
	@$(DEV_ENV) $(PY) manage.py migrate --no-input -v 0
	@$(DEV_ENV) $(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "  Back office: http://127.0.0.1:$(PORT)"
	@echo "  Sign in as admin, hr, finance, it, ops, compliance, planner, manager or staff; password: demo"
	@echo "  Ctrl-C stops the web server, the worker and beat together."
	@echo ""
	@PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(DEV_ENV) $(VENV)/bin/honcho start -f Procfile -p $(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint --quiet
	$(VENV)/bin/lint-imports --no-cache
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run $(APPS)
	$(VENV)/bin/pytest

bench: install
	$(PY) bench/run.py
	$(PY) bench/solver.py
	$(PY) bench/ledger.py
	$(PY) bench/invoicing.py
	$(PY) bench/helpdesk.py
	$(PY) bench/payslips.py
	$(PY) bench/compliance.py
	$(PY) bench/stock.py
	$(PY) bench/payroll.py
	$(PY) bench/receivables.py

messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l bg --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(DEV_ENV) $(PY) manage.py compilemessages -l bg --ignore=.venv

prerequisites:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1)). On Debian/Ubuntu: sudo apt-get install python3"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
		{ echo "Python's venv module is missing. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	@$(PYTHON) -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("pango-1.0") else 1)' || \
		{ echo "WeasyPrint needs the Pango library. On Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

install: $(STAMP)

$(STAMP):
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install -q --disable-pip-version-check uv 2>/dev/null || true
	@if [ -x $(VENV)/bin/uv ]; then $(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock; \
		else $(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.lock; fi
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

clean:
	rm -rf $(VENV) var
