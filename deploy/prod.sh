#!/usr/bin/env bash
# The production layout on one machine, on loopback: deploy/prod.sh up | down | status
#
#   nginx (Debian's, own prefix under var/prod/nginx) on https://127.0.0.1:8443 (TLS, self-signed
#   certificate made by openssl) and http://127.0.0.1:8080 (redirects to HTTPS), in front of
#   gunicorn instances on 127.0.0.1:8101, :8102, ...; RQ workers (django-tasks-rq) and the periodic
#   job scheduler, each in a restart loop; the machine's PostgreSQL (database naker_prod) and Redis.
#   NAKER_ENV=production with secrets generated once into var/prod/naker.env (mode 0600, never
#   committed). The same processes run under systemd on a server: deploy/systemd/.
#
# Knobs (environment): NAKER_PROD_WEB=2 (gunicorn instances), NAKER_PROD_WORKERS=2 (RQ workers),
# NAKER_PROD_HTTPS_PORT=8443, NAKER_PROD_HTTP_PORT=8080, NAKER_PROD_WEB_PORT=8101 (first instance),
# NAKER_PROD_DB=naker_prod, NAKER_PROD_PG_PORT=5432 (PostgreSQL on 127.0.0.1),
# NAKER_PROD_REDIS=redis://127.0.0.1:6379/1, NAKER_PROD_SEED_WORKERS=300,
# NAKER_PROD_APP_CONNECTIONS=32 x instances (requests nginx passes at once; beyond: 503). The fault
# tests (deploy/faults.sh) point the layout at a PostgreSQL cluster and a Redis of their own this way.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PROD="${NAKER_PROD_DIR:-$ROOT/var/prod}"
RUN="$PROD/run"
LOGS="$PROD/logs"
PY="$ROOT/.venv/bin/python"
BIN="$ROOT/.venv/bin"
WEB=${NAKER_PROD_WEB:-2}
WORKERS=${NAKER_PROD_WORKERS:-2}
HTTPS_PORT=${NAKER_PROD_HTTPS_PORT:-8443}
HTTP_PORT=${NAKER_PROD_HTTP_PORT:-8080}
WEB_PORT=${NAKER_PROD_WEB_PORT:-8101}
DB=${NAKER_PROD_DB:-naker_prod}
PG_PORT=${NAKER_PROD_PG_PORT:-5432}
REDIS=${NAKER_PROD_REDIS:-redis://127.0.0.1:6379/1}
BASE="https://127.0.0.1:$HTTPS_PORT"

say() { printf '[prod %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Starts "$@" in its own process group, restarted when it exits; remembers the group's id.
supervise() {
  local name=$1
  shift
  setsid bash -c 'while true; do "$@"; echo "[$(date +%T)] exited with $?; restarting in 1 s" >&2; sleep 1; done' \
    "$name" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pgid"
}

stop_group() {
  local file=$1 pgid
  pgid=$(cat "$file")
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 -- "-$pgid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
  rm -f "$file"
}

# The environment of the layout's processes: the file's secrets, the knobs' database and Redis.
load_env() {
  set -a
  # shellcheck disable=SC1091
  . "$PROD/naker.env"
  # An environment file written before the signing key existed lacks the line: the loopback key.
  NAKER_SIGNING_KEY_FILE="${NAKER_SIGNING_KEY_FILE:-$PROD/signing-key.pem}"
  # The knobs name the database and Redis of this start (the file keeps the secrets between starts).
  DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB"
  REDIS_URL="$REDIS"
  NAKER_TASK_BACKEND=naker.core.task_backend.RQBackendWithOutbox
  # Prometheus metrics of every process (web and task workers) in files, summed by /metrics.
  PROMETHEUS_MULTIPROC_DIR="$PROD/metrics"
  set +a
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
  export DJANGO_SETTINGS_MODULE=naker.config.settings
}

up() {
  local started=$SECONDS
  mkdir -p "$RUN" "$LOGS" "$PROD/tls" "$PROD/nginx/tmp" "$PROD/media/public"
  if ls "$RUN"/*.pgid >/dev/null 2>&1 || [ -f "$PROD/nginx/nginx.pid" ]; then
    say "already running (deploy/prod.sh down first)"
    return 1
  fi
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { say "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"; return 1; }
  redis-cli -u "$REDIS" ping >/dev/null || { say "Redis does not answer at $REDIS"; return 1; }
  command -v nginx >/dev/null || { say "nginx is missing: apt-get install nginx-light (or nginx)"; return 1; }

  local exists fresh_secrets=0
  exists=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'")
  [ -f "$PROD/naker.env" ] || fresh_secrets=1
  if [ "$exists" = 1 ] && [ $fresh_secrets = 1 ]; then
    # New secrets cannot read what older ones encrypted (a fresh clone, as in CI): start afresh.
    # Loopback only; on a server the secrets are kept and nothing is ever dropped.
    say "new secrets: dropping the loopback database $DB and its Redis data, encrypted with other keys"
    dropdb -h 127.0.0.1 -p "$PG_PORT" -U postgres --force "$DB"
    redis-cli -u "$REDIS" flushdb >/dev/null
    exists=""
  fi
  if [ "$exists" != 1 ]; then
    say "creating database $DB"
    createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB"
  fi

  # Secrets generated once, kept between runs (they decrypt what is stored).
  "$PY" deploy/make_env.py "$PROD/naker.env" \
    "DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$DB" "REDIS_URL=$REDIS" \
    "ALLOWED_HOSTS=127.0.0.1,localhost" "CSRF_TRUSTED_ORIGINS=$BASE,https://localhost:$HTTPS_PORT" \
    "NAKER_PUBLIC_URL=$BASE" "NAKER_VAR_DIR=$PROD" "NAKER_SIGNING_KEY_FILE=$PROD/signing-key.pem" \
    "EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend" "EMAIL_FILE_PATH=$PROD/mail" >/dev/null
  if [ ! -f "$PROD/tls/cert.pem" ]; then
    say "making a self-signed TLS certificate for 127.0.0.1 and localhost"
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$PROD/tls/key.pem" -out "$PROD/tls/cert.pem" 2>/dev/null
    chmod 600 "$PROD/tls/key.pem"
  fi
  if [ ! -f "$PROD/signing-key.pem" ]; then
    say "making the key that signs certificates (kept in $PROD, never in the repository)"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PROD/signing-key.pem" 2>/dev/null
    chmod 600 "$PROD/signing-key.pem"
  fi
  load_env

  say "checks, migrations, static files, demo data"
  "$PY" manage.py check --deploy --fail-level ERROR
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py collectstatic --noinput -v0
  "$PY" manage.py seed_demo --no-progress --workers "${NAKER_PROD_SEED_WORKERS:-300}" >"$LOGS/seed.log"
  local prepared=$SECONDS
  rm -rf "$PROD/metrics" && mkdir -p "$PROD/metrics"

  local upstreams="" i port
  for i in $(seq 1 "$WEB"); do
    port=$((WEB_PORT + i - 1))
    upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
    GUNICORN_PROC_NAME="naker-web$i" GUNICORN_CONTROL_SOCKET="$RUN/web$i.ctl" supervise "web$i" "$BIN/gunicorn" -c deploy/gunicorn.conf.py \
      --bind "127.0.0.1:$port" naker.config.wsgi
  done
  for i in $(seq 1 "$WORKERS"); do
    # No fixed --name: a worker killed with -9 leaves its name registered in Redis until its TTL,
    # and RQ refuses to start another worker under a name still registered.
    supervise "rq$i" "$PY" manage.py rqworker default --job-class django_tasks_rq.Job --worker-ttl 60
  done
  supervise scheduler "$PY" manage.py run_scheduler
  # The aggregates once now, on a task worker, rather than at the next quarter hour.
  "$PY" manage.py run_scheduler --enqueue insights.refresh >/dev/null

  local suffix=""
  [ "$HTTPS_PORT" = 443 ] || suffix=":$HTTPS_PORT"
  local user_line="# (not root: nginx keeps the current user)"
  [ "$(id -u)" = 0 ] && user_line="user root;"
  sed -e "s|@UPSTREAMS@|${upstreams//$'\n'/\\n}|" -e "s|@LISTEN_ADDR@|127.0.0.1|g" \
    -e "s|@HTTP_PORT@|$HTTP_PORT|g" -e "s|@HTTPS_PORT@|$HTTPS_PORT|g" -e "s|@HTTPS_SUFFIX@|$suffix|g" \
    -e "s|@SERVER_NAME@|127.0.0.1 localhost|g" -e "s|@VAR_DIR@|$PROD|g" \
    -e "s|@DEPLOY_DIR@|$ROOT/deploy|g" -e "s|@TLS_CERT@|$PROD/tls/cert.pem|g" -e "s|@TLS_KEY@|$PROD/tls/key.pem|g" \
    -e "s|@APP_CONNECTIONS@|${NAKER_PROD_APP_CONNECTIONS:-$((WEB * 32))}|g" \
    deploy/nginx/naker-site.conf >"$PROD/nginx/naker-site.conf"
  sed -e "s|@NGINX_DIR@|$PROD/nginx|g" -e "s|@USER_LINE@|$user_line|" \
    deploy/nginx/loopback.conf >"$PROD/nginx/nginx.conf"
  nginx -t -q -p "$PROD/nginx" -c "$PROD/nginx/nginx.conf" -e "$PROD/nginx/error.log"
  nginx -p "$PROD/nginx" -c "$PROD/nginx/nginx.conf" -e "$PROD/nginx/error.log"

  for _ in $(seq 1 120); do
    if curl -ksf -o /dev/null "$BASE/api/v1/health/ready"; then
      # every instance answers, not just the first
      local all=1
      for i in $(seq 1 "$WEB"); do
        curl -sf -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$((WEB_PORT + i - 1))/api/v1/health/ready" || all=0
      done
      if [ $all = 1 ]; then
        say "up in $((SECONDS - started)) s (preparation $((prepared - started)) s): $BASE  (logs: var/prod/logs)"
        grep -A20 "Demo logins" "$LOGS/seed.log" || true
        return 0
      fi
    fi
    sleep 0.5
  done
  say "not answering after 60 s; see var/prod/logs and var/prod/nginx/error.log"
  tail -n 30 "$LOGS"/*.log "$PROD/nginx/error.log" >&2 || true
  return 1
}

down() {
  if [ -f "$PROD/nginx/nginx.pid" ]; then
    nginx -p "$PROD/nginx" -c "$PROD/nginx/nginx.conf" -e "$PROD/nginx/error.log" -s quit 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$PROD/nginx/nginx.pid" ] || break; sleep 0.2; done
    if [ -f "$PROD/nginx/nginx.pid" ]; then
      kill -KILL "$(cat "$PROD/nginx/nginx.pid")" 2>/dev/null || true
      rm -f "$PROD/nginx/nginx.pid"
    fi
  fi
  local f
  for f in "$RUN"/*.pgid; do
    [ -e "$f" ] || continue
    stop_group "$f"
  done
  say "down"
}

status() {
  local f
  for f in "$RUN"/*.pgid; do
    [ -e "$f" ] || continue
    if kill -0 -- "-$(cat "$f")" 2>/dev/null; then echo "$(basename "$f" .pgid): running"; else echo "$(basename "$f" .pgid): gone"; fi
  done
  [ -f "$PROD/nginx/nginx.pid" ] && echo "nginx: pid $(cat "$PROD/nginx/nginx.pid")"
  curl -ks "$BASE/api/v1/health/ready" && echo
}

case "${1:-}" in
  up) up ;;
  # manage.py in the layout's environment: deploy/prod.sh manage showmigrations
  manage) shift; load_env; exec "$PY" manage.py "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: deploy/prod.sh up|down|status|manage ARGS" >&2; exit 2 ;;
esac
