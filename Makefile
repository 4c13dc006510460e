# The README's two commands live here: `make run` and `make test`.
# Installs are stamped by a hash of pyproject.toml, so a second run reinstalls nothing.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HASH := $(shell (cat pyproject.toml; echo $(PYTHON)) | sha1sum | cut -c1-12)
STAMP_RUN := $(VENV)/.installed-run-$(HASH)
STAMP_DEV := $(VENV)/.installed-dev-$(HASH)
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: run test install install-dev prepare lint bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON)); đặt PYTHON=... nếu nó có tên khác."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP_RUN): | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	rm -f $(VENV)/.installed-run-* && touch $@

$(STAMP_DEV): $(STAMP_RUN)
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-dev-* && touch $@

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

# Compiles translations, migrates, collects static files, loads curriculum and demo data.
# Every step is idempotent, so a second `make run` is quick and duplicates nothing.
# `make run` is the development server: DEBUG on unless you say otherwise.
prepare run: export DEBUG ?= 1
prepare: install
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_curriculum
	$(PY) manage.py load_demo

# Two processes: the web server and the background worker (class recounts and other queued
# work, analytics/tasks.py). Ctrl-C, or either one stopping, stops both.
run: prepare
	@echo "Mở http://127.0.0.1:$(PORT)/  (tài khoản thử: xem README.md)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py db_worker --no-startup-delay --verbosity 0 & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) & \
	  wait -n

# The suite compiles translations itself (tests/conftest.py).
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Development tools run with DEBUG on; a real server refuses to start without SECRET_KEY.
lint: export DEBUG ?= 1
lint: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

bench: install-dev
	$(PY) bench/dashboard.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
