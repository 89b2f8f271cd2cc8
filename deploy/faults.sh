#!/usr/bin/env bash
# The fault tests (tests/faults, issue 14 item 4) on the production layout: deploy/faults.sh [run|up|test|down]
#
# They restart PostgreSQL, stop Redis and kill workers, so they never touch the machine's own
# servers (others may be using them): they make a PostgreSQL cluster of their own (`fault`, port
# 5442, with pg_createcluster; kept between runs, started if stopped) and a Redis of their own
# (port 6380, append-only file so that it keeps its queue over a restart as a server's would),
# start the layout on them under var/prod-faults on other ports (https 8543), run
# `pytest tests/faults` with NAKER_FAULT_TESTS=1, and stop the layout and that Redis afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PG_VERSION=${NAKER_FAULT_PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}
PG_CLUSTER=${NAKER_FAULT_PG_CLUSTER:-fault}
export NAKER_PROD_PG_PORT=${NAKER_FAULT_PG_PORT:-5442}
REDIS_PORT=${NAKER_FAULT_REDIS_PORT:-6380}
export NAKER_PROD_DIR="$ROOT/var/prod-faults"
export NAKER_PROD_REDIS="redis://127.0.0.1:$REDIS_PORT/1"
export NAKER_PROD_HTTPS_PORT=${NAKER_FAULT_HTTPS_PORT:-8543}
export NAKER_PROD_HTTP_PORT=${NAKER_FAULT_HTTP_PORT:-8180}
export NAKER_PROD_WEB_PORT=${NAKER_FAULT_WEB_PORT:-8201}
export NAKER_PROD_SEED_WORKERS=${NAKER_PROD_SEED_WORKERS:-50}
export NAKER_FAULT_PG_VERSION=$PG_VERSION NAKER_FAULT_PG_CLUSTER=$PG_CLUSTER NAKER_FAULT_REDIS_PORT=$REDIS_PORT
export NAKER_FAULT_BASE_URL="https://127.0.0.1:$NAKER_PROD_HTTPS_PORT"
REDIS_DIR="$NAKER_PROD_DIR/redis"

say() { printf '[faults %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

redis_start() {
  mkdir -p "$REDIS_DIR"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly yes \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  say "Redis did not start on $REDIS_PORT"
  return 1
}

pg_start() {
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    say "making PostgreSQL cluster $PG_VERSION/$PG_CLUSTER on port $NAKER_PROD_PG_PORT (trust on loopback)"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$NAKER_PROD_PG_PORT" -- --auth-local=trust --auth-host=trust >/dev/null
  fi
  if ! pg_isready -q -h 127.0.0.1 -p "$NAKER_PROD_PG_PORT"; then
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start
  fi
  for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p "$NAKER_PROD_PG_PORT" && return 0; sleep 0.2; done
  say "PostgreSQL $PG_VERSION/$PG_CLUSTER did not start"
  return 1
}

down() {
  bash deploy/prod.sh down || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  # The cluster is stopped, not dropped (made again only on a fresh machine).
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop -m fast 2>/dev/null || true
}

run() {
  local started=$SECONDS
  pg_start
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || redis_start
  trap down EXIT
  bash deploy/prod.sh up
  say "layout up in $((SECONDS - started)) s; the fault tests"
  NAKER_FAULT_TESTS=1 "$ROOT/.venv/bin/python" -m pytest tests/faults -p no:cacheprovider ${PYTEST_ARGS:-}
  say "fault tests done in $((SECONDS - started)) s"
}

case "${1:-run}" in
  run) run ;;
  # For working on the tests: up, then `deploy/faults.sh test [-k name]` as often as needed, then down.
  up) pg_start; redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || redis_start; bash deploy/prod.sh up ;;
  test) shift; NAKER_FAULT_TESTS=1 "$ROOT/.venv/bin/python" -m pytest tests/faults -p no:cacheprovider "$@" ;;
  redis-start) redis_start ;;
  down) down ;;
  *) echo "usage: deploy/faults.sh [run|up|test|redis-start|down]" >&2; exit 2 ;;
esac
