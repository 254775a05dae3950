# The two commands: `make run` (set up and serve) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test setup install messages demo lint bench clean mutants

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt PIP_BUILD_CONSTRAINT=$(CURDIR)/constraints.txt $(PY) -m pip install --quiet --upgrade pip "setuptools<81" wheel
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt PIP_BUILD_CONSTRAINT=$(CURDIR)/constraints.txt $(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

setup: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py cargar_demo

run: setup
	@echo "OcciRed en http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install messages
	$(PY) manage.py check
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

# Benchmarks print ratios against baselines measured in the same run (PostgreSQL
# for the concurrency parts: run with DATABASE_URL set).
bench: setup
	DJANGO_DEBUG=0 $(PY) bench/login.py
	DJANGO_DEBUG=0 $(PY) bench/usuarios.py
	DJANGO_DEBUG=0 $(PY) bench/topes.py
	DJANGO_DEBUG=0 $(PY) bench/tokens.py
	DJANGO_DEBUG=0 $(PY) bench/cuentas.py
	DJANGO_DEBUG=0 $(PY) bench/transacciones.py

# Mutation testing (slow: tens of minutes on 2 cores). The score goes in the README.
mutants: install messages
	rm -rf mutants
	$(PY) -m mutmut run --max-children 2 || true
	$(PY) -m mutmut results
	$(PY) -m mutmut export-cicd-stats >/dev/null 2>&1 && cat mutants/mutmut-cicd-stats.json || true

clean:
	rm -rf $(VENV) staticfiles mutants
