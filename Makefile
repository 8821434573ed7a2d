# Atomic Gym Tracker. `make run` serves the app with demo data; `make test` runs the whole suite.
# Without DATABASE_URL both use the embedded PostgreSQL under .pgdata/ (started when needed).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install browser pgbouncer run cluster cluster-stop cluster-destroy test fuzz lint format migrate stop-db clean-db image-check

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Browser tests drive Debian's Chromium with Playwright (no browser download of its own).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

migrate: install
	DEBUG=true $(PY) manage.py migrate --noinput

run: migrate
	DEBUG=true $(PY) manage.py demo_data
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The cluster (gymtracker/cluster.py) pools its primary with Debian's PgBouncer.
pgbouncer:
	@command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || { apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null; }

# The app on a primary, a streaming replica and PgBouncer, all on 127.0.0.1 (docs/scaling.md):
# data in .cluster/, the demo accounts, the app at http://127.0.0.1:$(PORT)/ until Ctrl-C. The
# cluster keeps running afterwards: `make cluster-stop` stops it, `make cluster-destroy` deletes it.
cluster: install pgbouncer
	$(PY) -m gymtracker.cluster run $(PORT)

cluster-stop:
	$(PY) -m gymtracker.cluster stop

cluster-destroy:
	$(PY) -m gymtracker.cluster destroy

# One test process per core (pytest-xdist), each with its own test database.
test: install browser pgbouncer
	$(PY) -m pytest -n auto --dist worksteal

# The slow fuzz (gymtracker/tests/test_fuzz.py): 10,000 hypothesis-made requests, none a 5xx.
fuzz: install
	$(PY) -m pytest -m slow -p no:randomly gymtracker/tests/test_fuzz.py --hypothesis-show-statistics

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/mypy .
	@# bandit notes every line inside a reviewed "# nosec" string; only its findings matter here.
	set -o pipefail; $(VENV)/bin/bandit --quiet --recursive --severity-level medium --configfile pyproject.toml . \
		2>&1 | { grep -v "nosec encountered" || true; }

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Stops the embedded PostgreSQL (it keeps running between commands otherwise).
stop-db:
	$(PY) -m gymtracker.embedded_db stop

# Stops the embedded PostgreSQL and deletes its data (development and test databases).
clean-db:
	$(PY) -m gymtracker.embedded_db destroy

# Backups (README "Backups"): `make backup` dumps into $(BACKUP) as DATABASE_BACKUP_URL's role;
# `make restore INTO=<new database>` restores $(BACKUP) into a new database and re-applies what a
# dump does not carry. Without DATABASE_URL (development), both use the embedded PostgreSQL's
# superuser and DEBUG defaults to true; with it, the environment's settings apply as they are.
DEFAULT_DEBUG := $(if $(DATABASE_URL),false,true)
BACKUP ?= backups/gymtracker-$(shell date -u +%Y%m%dT%H%M%SZ).dump
.PHONY: backup restore
backup:
	@mkdir -p $(dir $(BACKUP))
	DEBUG=$${DEBUG:-$(DEFAULT_DEBUG)} $(PY) manage.py backup $(BACKUP)

restore:
	@test -n "$(INTO)" || { echo "make restore BACKUP=<file> INTO=<new database>"; exit 2; }
	DEBUG=$${DEBUG:-$(DEFAULT_DEBUG)} $(PY) manage.py restore $(BACKUP) --into $(INTO)

# Load benchmark (docs/benchmarks.md): gunicorn with production settings on 127.0.0.1, driven by
# Debian's wrk at the small and large generated sizes, each in a database of its own
# (gymtracker_bench_small, gymtracker_bench_large); about 10 minutes from an empty database.
.PHONY: bench
# The production image's steps without a container engine (docker/image_check.py): needs a
# PostgreSQL at 127.0.0.1:5432 (or IMAGE_CHECK_DATABASE_URL) to make a fresh database in.
image-check: install
	$(PY) docker/image_check.py

# `make bench ARGS=--cluster`: each size also through PgBouncer with the pages' reads on a replica.
bench: install pgbouncer
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py $(ARGS)
