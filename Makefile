# Convergence: `make run` serves the site, `make test` checks everything. See README.md.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local-only credentials for the two commands below; production sets its own (README.md).
LOCAL_SECRET_KEY := local-development-only-never-in-production

.DEFAULT_GOAL := help
.PHONY: help run dev test lint fmt bench system-deps postgres clean

help:
	@echo "make run    serve the demo site on http://127.0.0.1:$(PORT)/ (SQLite unless DATABASE_URL)"
	@echo "make dev    the same with Django's auto-reloading development server and DEBUG on"
	@echo "make test   lint, checks and the whole test suite on PostgreSQL (installs what it needs)"
	@echo "make bench  latency and throughput of the main pages under gunicorn"
	@echo "make fmt    format and auto-fix the code"

# --- Installation ---------------------------------------------------------------------

$(PY):
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
	TICKER_PROVIDER="$${TICKER_PROVIDER:-demo}"

prepare: $(VENV)/.installed-run
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
	$(RUN_ENV) $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile -

dev: prepare
	DEBUG=1 $(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# --- Checks ---------------------------------------------------------------------------

TEST_ENV := SECRET_KEY=test-only-secret-key DEBUG=0 HTTPS=0 \
	ALLOWED_HOSTS=testserver,localhost,127.0.0.1 \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/convergence}"

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

test: $(VENV)/.installed-dev node_modules/.installed system-deps postgres lint
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

fmt: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed-dev system-deps postgres
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3* .pytest_cache
