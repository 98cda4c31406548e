#!/usr/bin/env bash
# A local PostgreSQL server for integration tests and distributed mode on one machine.
#   scripts/infra/postgres.sh start|stop|status|url <database>
# Listens on 127.0.0.1:${TRAMITA_PG_PORT:-55432} only; role `tramita` authenticates with
# SCRAM-SHA-256 (password from TRAMITA_PG_PASSWORD, or generated once and kept 0600 in the infra
# dir). Idempotent. A throwaway cluster for tests and development: fsync is off.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT="${TRAMITA_PG_PORT:-55432}"
STATE_DIR="$INFRA_DIR/postgres"
ROLE=tramita
SERVICE_DATABASES=(tramita_auth tramita_files tramita_bpm tramita_docs tramita_index)

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` OS user and
# lives in a directory it owns (root's home is not reachable by other users).
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=postgres
  # One cluster per infra dir (its password lives there), named after the infra dir's path.
  DATA_PARENT="${TRAMITA_PG_DATA_PARENT:-/var/lib/postgresql/tramita-infra-$(printf '%s' "$INFRA_DIR" | md5sum | cut -c1-10)}"
else
  RUN_AS=""
  DATA_PARENT="$STATE_DIR"
fi
DATA="$DATA_PARENT/data"
LOGFILE="$DATA_PARENT/postgres.log"

as_owner() { if [ -n "$RUN_AS" ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi; }

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    apt_install postgresql
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PG_BIN="$dir"
}

password() {
  if [ -n "${TRAMITA_PG_PASSWORD:-}" ]; then printf '%s' "$TRAMITA_PG_PASSWORD"; return; fi
  local file="$STATE_DIR/password"
  if [ ! -s "$file" ]; then
    mkdir -p "$STATE_DIR" && chmod 700 "$STATE_DIR"
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
  fi
  cat "$file"
}

urlencode() {
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in [a-zA-Z0-9._~-]) out+="$c" ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}

psql_admin() { PGPASSWORD="$(password)" "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d postgres -v ON_ERROR_STOP=1 -tAq "$@"; }

init_cluster() {
  [ -f "$DATA/PG_VERSION" ] && return
  log "initialising a PostgreSQL cluster in $DATA"
  mkdir -p "$DATA_PARENT" "$STATE_DIR"
  [ -n "$RUN_AS" ] && chown "$RUN_AS": "$DATA_PARENT" && chmod 700 "$DATA_PARENT"
  local pwfile="$DATA_PARENT/.pwfile"
  (umask 077; password > "$pwfile")
  [ -n "$RUN_AS" ] && chown "$RUN_AS": "$pwfile"
  as_owner "$PG_BIN/initdb" -D "$DATA" -U "$ROLE" --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
    || { rm -f "$pwfile"; die "initdb failed"; }
  rm -f "$pwfile"
  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<CONF
# tramita scripts/infra/postgres.sh
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
password_encryption = 'scram-sha-256'
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
}

running() { [ -f "$DATA/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

ensure_database() {
  local name="$1"
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid database name: $name"
  if [ -z "$(psql_admin -c "select 1 from pg_database where datname = '$name'")" ]; then
    psql_admin -c "create database $name" >/dev/null 2>&1 \
      || [ -n "$(psql_admin -c "select 1 from pg_database where datname = '$name'")" ] || die "could not create database $name"
  fi
}

url() { printf 'postgres://%s:%s@127.0.0.1:%s/%s\n' "$ROLE" "$(urlencode "$(password)")" "$PORT" "$1"; }

start() {
  find_bin
  init_cluster
  if ! running; then
    log "starting PostgreSQL on 127.0.0.1:$PORT"
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 start >/dev/null || { tail -n 30 "$LOGFILE" >&2 || true; die "PostgreSQL did not start"; }
  fi
  for db in "${SERVICE_DATABASES[@]}"; do ensure_database "$db"; done
  log "PostgreSQL ready: $(url postgres | sed 's/:[^:@]*@/:***@/')"
}

stop() {
  find_bin
  if running; then
    log "stopping PostgreSQL"
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) find_bin; if running; then echo "running on 127.0.0.1:$PORT ($DATA)"; else echo "stopped"; exit 3; fi ;;
  url)
    [ -n "${2:-}" ] || die "usage: $0 url <database>"
    find_bin
    running || die "PostgreSQL is not running (scripts/infra/postgres.sh start)"
    ensure_database "$2"
    url "$2"
    ;;
  *) echo "usage: $0 start|stop|status|url <database>" >&2; exit 2 ;;
esac
