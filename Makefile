# Global Goals Gemeenten — the front door. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Django 6 needs Python 3.12+: take the first one found on PATH or in pyenv.
PYTHON_BOOT := $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test install assets messages chromium migrate data lint format bench worker makemessages envdoc clean

help:
	@echo "make run    install everything, load reference and demo data, start worker + web server on http://$(HOST):$(PORT)"
	@echo "make test   install everything and run the whole test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make bench  load benchmark with the production server (see bench/README.md)"
	@echo "make lint   ruff check"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON_BOOT)" ]; then echo "Python 3.12 or newer is needed (Django 6). Install it, e.g. 'pyenv install 3.12' or 'apt-get install python3.12'."; exit 1; fi
	@echo "Using $(PYTHON_BOOT)"
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/README.txt: node_modules/.package-lock.json frontend/build.mjs
	node frontend/build.mjs

assets: static/vendor/README.txt

messages: install
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0; else echo "msgfmt not found: using the committed .mo files"; fi

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null); \
		else echo "Browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; fi; fi

migrate: install
	$(MANAGE) migrate --noinput -v 0

data: migrate
	$(MANAGE) load_reference_data
	$(MANAGE) load_demo
	$(MANAGE) move_private_files -v 0

run: install assets messages data
	@echo "Starting the task worker and the web server on http://$(HOST):$(PORT) (Ctrl-C stops both)"
	@$(MANAGE) apply_retention --schedule
	@$(MANAGE) db_worker --interval 1 & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install
	$(MANAGE) db_worker

test: install assets messages chromium
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)
	@if [ "$(API_LINT)" != "skip" ] && command -v npm >/dev/null; then scripts/lint_openapi.sh; fi

lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install assets messages
	$(PY) bench/run.py
	$(PY) bench/branding.py
	$(PY) bench/community.py
	$(PY) bench/menukaart.py
	$(PY) bench/policyscan_quality.py
	$(PY) bench/policyscan_speed.py
	$(PY) bench/policyscan_extraction.py
	$(PY) bench/policyscan_evaluation.py
	$(PY) bench/programmes.py
	$(PY) bench/tijdscapsule.py
	$(PY) bench/monitor.py
	$(PY) bench/budget.py
	$(PY) bench/workers.py
	-$(PY) bench/search.py  # exits 1 while a search target is missed; the other benches still run

makemessages: install
	$(MANAGE) makemessages -l nl -l en --no-location --ignore=.venv --ignore=node_modules --ignore=static --ignore=staticfiles
	$(MANAGE) makemessages -d djangojs -l nl -l en --no-location --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=staticfiles

envdoc: install
	$(MANAGE) envdoc > docs/configuration.md

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
