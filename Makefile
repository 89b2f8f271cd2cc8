# The verbs everyone uses: make run, make test, make bench, make lint.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := naker.config.settings

.PHONY: mutation run dev test bench load lint install install-dev migrate seed messages clean

$(BIN)/.installed: requirements.txt
	@command -v $(PY) >/dev/null || { echo "Python 3.11 is needed ($(PY) not found)"; exit 1; }
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m naker.core.compile_messages
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt $(BIN)/.installed
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(BIN)/.installed-load: requirements-load.txt $(BIN)/.installed-dev
	$(PYTHON) -m pip install --quiet -r requirements-load.txt
	touch $@

install: $(BIN)/.installed
	@$(PYTHON) -m naker.core.compile_messages >/dev/null
install-dev: $(BIN)/.installed-dev
	@$(PYTHON) -m naker.core.compile_messages >/dev/null

migrate: install
	$(PYTHON) manage.py migrate --noinput -v0

seed: migrate
	$(PYTHON) manage.py seed_demo --no-progress

## make run: install, migrate the SQLite database under var/, load demo data, serve on :8000 with the task worker and the scheduler
# Serves as a small deployment would: DEBUG off, the site's own error pages, compressed static files.
# The task worker (manage.py task_worker: db_worker that waits out a locked database by itself) is
# supervised too: should it exit on any other error, it is started again.
run: seed
	$(PYTHON) manage.py collectstatic --noinput -v0
	@echo "Serving on http://127.0.0.1:$(PORT)  (task worker beside it; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	export DJANGO_DEBUG=0 NAKER_STATIC_COLLECTED=1; \
	( while true; do $(PYTHON) manage.py task_worker --no-reload; echo "task worker exited ($$?); restarting in 2 s" >&2; sleep 2; done ) & \
	( while true; do $(PYTHON) manage.py run_scheduler; echo "scheduler exited ($$?); restarting in 2 s" >&2; sleep 2; done ) & \
	$(BIN)/gunicorn naker.config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - ; wait

## make dev: the same with DEBUG on and Django's autoreloading server (for development only)
dev: seed
	@trap 'kill 0' INT TERM EXIT; \
	$(PYTHON) manage.py task_worker & \
	DJANGO_DEBUG=1 $(PYTHON) manage.py runserver 127.0.0.1:$(PORT); wait

## make test: the whole suite (PostgreSQL where DATABASE_URL points at it; browser tests where Chromium is),
# in one process per core (pytest-xdist; TEST_WORKERS=0 runs it in this process alone)
TEST_WORKERS ?= auto
test: install-dev
	@$(PYTHON) -m naker.core.compile_messages >/dev/null
	$(PYTHON) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## make bench: data at scale, then timings on SQLite and PostgreSQL (BENCH_WORKERS=100000 by default)
bench: install-dev
	$(PYTHON) bench/run.py $(BENCH_ARGS)
	$(PYTHON) bench/run_speed.py --sections pages $(BENCH_SPEED_ARGS)

## make load: launch-day load with locust (bench/load/), stepped until saturation, against the production
# layout (own ports, PostgreSQL database `load`) and the `make run` layout (SQLite under var/load/);
# report in var/load/report-*.md. LOAD_WORKERS=100000 seeded workers by default; LOAD_ARGS for the rest
# (--layout prod|run, --steps 10,20,40,80,160, --step-seconds 60). Needs nginx, PostgreSQL and Redis.
load: $(BIN)/.installed-load
	$(PYTHON) bench/load/run.py $(LOAD_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy naker
	$(BIN)/lint-imports
	$(BIN)/djlint --check naker
	$(PYTHON) manage.py makemigrations --check --dry-run -v0

## make mutation: mutation testing of NIK, phone, cell reading, region matching, search, credential verification
# and job matching (bench/mutation.py): survivors, then a score table per target. One target or more:
# make mutation MUTATION_ARGS="ranking paths"; an estimate of the slow search (whole: 2.5-7 hours on two shared
# cores, load 4-17): MUTATION_ARGS="search --sample=10".
# Equivalent mutants in bench/mutation_equivalents.txt. Niced, one mutant at a time (the machine may be shared).
mutation: install-dev
	nice -n 15 $(PYTHON) bench/mutation.py --show-survivors $(MUTATION_ARGS)

## make messages: refresh the translation catalogues and compile them (needs gettext's xgettext)
messages: install-dev
	cd naker && ../$(PYTHON) ../manage.py makemessages -l id -l en --no-obsolete -v0
	$(PYTHON) -m naker.core.compile_messages

clean:
	rm -rf var/static

## make prod-up / prod-down: the production layout on loopback: nginx (TLS) on https://127.0.0.1:8443,
# two gunicorn instances, two RQ workers and the scheduler, PostgreSQL and Redis (docs/deploy.md).
.PHONY: prod-up prod-down prod-status prod-e2e prod-faults
prod-up: install
	bash deploy/prod.sh up
prod-down:
	bash deploy/prod.sh down
prod-status:
	bash deploy/prod.sh status
## make prod-e2e: the browser tests marked `external` against the running production layout
prod-e2e: install-dev
	NAKER_E2E_BASE_URL=https://127.0.0.1:$${NAKER_PROD_HTTPS_PORT:-8443} \
	NAKER_E2E_HTTP_URL=http://127.0.0.1:$${NAKER_PROD_HTTP_PORT:-8080} \
	NAKER_E2E_LOG_DIR=$(CURDIR)/var/prod \
	$(PYTHON) -m pytest -m external tests/e2e $(PYTEST_ARGS)
## make prod-faults: the fault tests (tests/faults) on a production layout of their own, on a PostgreSQL
# cluster and a Redis of their own (deploy/faults.sh): PostgreSQL restarted, Redis stopped, task and web
# workers killed. Needs root (pg_createcluster), nginx and redis-server.
prod-faults: install-dev
	PYTEST_ARGS="$(PYTEST_ARGS)" bash deploy/faults.sh run
