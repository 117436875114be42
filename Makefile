# Convergence: `make run` serves the site, `make test` checks everything. See README.md.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local-only credentials for the two commands below; production sets its own (README.md).
LOCAL_SECRET_KEY := local-development-only-never-in-production

.DEFAULT_GOAL := help
.PHONY: help check-python prepare run dev seed prices worker digest manage test screenshots lint fmt bench \
	system-deps postgres clean

# Every target, one line each: `make help` prints these (README.md lists the same).
help:
	@echo "make run      serve the demo site on http://127.0.0.1:$(PORT)/ (SQLite unless DATABASE_URL)"
	@echo "make dev      the same with Django's auto-reloading development server and DEBUG on"
	@echo "make prepare  install, migrate, collect static files and load demo content, without serving"
	@echo "make seed     load demo content and print the editor and writer passwords (manage.py seed_demo)"
	@echo "make prices   fetch prices once from TICKER_PROVIDER (manage.py refresh_prices)"
	@echo "make worker   run the background task worker that sends email (manage.py db_worker)"
	@echo "make digest   queue today's newsletter digest (manage.py send_digest)"
	@echo "make manage CMD=\"...\"  any manage.py command with make run's environment"
	@echo "make test     lint, checks and the whole test suite on PostgreSQL (installs what it needs)"
	@echo "make screenshots  the browser tests, saving every page they visit under screenshots/"
	@echo "make lint     ruff format --check, ruff check, manage.py check, makemigrations --check"
	@echo "make fmt      format and auto-fix the code"
	@echo "make bench    latency and throughput of the main pages under gunicorn"
	@echo "make system-deps  install chromium and wrk with apt when missing"
	@echo "make postgres     start the local PostgreSQL and create the convergence database"
	@echo "make check-python check that Python $(PYTHON_VERSION) is there"
	@echo "make clean    remove .venv, node_modules, collected static files and the SQLite file"
	@echo "make help     this list (the default target)"

# The lock files are compiled for this Python. An existing .venv is what runs; else $(PYTHON).
PYTHON_VERSION := 3.11
check-python:
	@python=$$([ -x $(PY) ] && echo $(PY) || echo $(PYTHON)); \
	found=$$($$python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
	if [ "$$found" != "$(PYTHON_VERSION)" ]; then \
		echo "Convergence needs Python $(PYTHON_VERSION), but $$python is $${found:-missing}." >&2; \
		echo "Install Python $(PYTHON_VERSION) and run: make PYTHON=python$(PYTHON_VERSION) run" >&2; \
		echo "(remove .venv first if it was made with another version)" >&2; \
		exit 1; \
	fi

# --- Installation ---------------------------------------------------------------------

$(PY): | check-python
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed-%: requirements-%.lock | $(PY)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r $<
	touch $@

$(VENV)/.installed-run: requirements.lock | $(PY)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r $<
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the browser tests and benchmarks need (root on this machine kind).
system-deps:
	@command -v chromium >/dev/null && command -v wrk >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium wrk >/dev/null; }
	@# The caching tests and make bench run real servers: Varnish with its xkey module, Redis, nginx.
	@command -v varnishd >/dev/null && command -v redis-server >/dev/null && command -v nginx >/dev/null \
		&& ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			varnish varnish-modules redis-server nginx-light >/dev/null; }

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='convergence'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres convergence

# --- Serving --------------------------------------------------------------------------

RUN_ENV := SECRET_KEY="$${SECRET_KEY:-$(LOCAL_SECRET_KEY)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	HTTPS="$${HTTPS:-0}" SERVE_MEDIA="$${SERVE_MEDIA:-1}" \
	TICKER_PROVIDER="$${TICKER_PROVIDER:-demo}" \
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"

prepare: check-python $(VENV)/.installed-run
	$(RUN_ENV) $(PY) manage.py migrate --noinput -v0
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(RUN_ENV) $(PY) manage.py seed_demo

# Demo prices move every minute while gunicorn serves, and a task worker sends the emails
# (printed to this terminal: EMAIL_BACKEND is the console); both stop with it.
run: prepare
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(RUN_ENV) $(PY) manage.py refresh_prices --every 60 --verbosity 0 & refresher=$$!; \
	$(RUN_ENV) $(PY) manage.py db_worker --interval 2 --verbosity 0 & worker=$$!; \
	trap 'kill $$refresher $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4

dev: prepare
	DEBUG=1 $(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The everyday commands, with the environment `make run` uses (README.md "Commands").
seed: COMMAND = seed_demo
prices: COMMAND = refresh_prices
worker: COMMAND = db_worker
digest: COMMAND = send_digest
manage: COMMAND = $(CMD)
seed prices worker digest manage: check-python $(VENV)/.installed-run
	@test -n '$(COMMAND)' || { echo 'Say which command: make manage CMD="createsuperuser"' >&2; exit 1; }
	$(RUN_ENV) $(PY) manage.py $(COMMAND)

# --- Checks ---------------------------------------------------------------------------

TEST_ENV := SECRET_KEY=test-only-secret-key DEBUG=0 HTTPS=0 \
	ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/convergence}"

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

# Tests run on every core (pytest-xdist; TEST_WORKERS=0 for one process, e.g. with -x on a file).
TEST_WORKERS ?= auto
test: $(VENV)/.installed-dev node_modules/.installed system-deps postgres lint
	$(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

screenshots: $(VENV)/.installed-dev node_modules/.installed system-deps postgres
	$(TEST_ENV) $(PY) -m pytest -n $(TEST_WORKERS) tests/e2e --screenshots $(PYTEST_ARGS)

fmt: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed-dev system-deps postgres
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3* .pytest_cache
