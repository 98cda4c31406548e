#!/usr/bin/env bash
# A local S3-compatible object store for integration tests and distributed mode on one machine:
# versitygw (an Apache-2.0 S3 gateway) serving a directory, built once with `go install` from
# the Go module proxy (no Docker, no downloaded binary).
#   scripts/infra/s3.sh start|stop|status|url|env
# S3 API on 127.0.0.1:${TRAMITA_S3_PORT:-58333} only, region us-east-1, path-style addressing.
# One account: access key `tramita-infra`, secret generated once and kept 0600 in the infra dir
# (or TRAMITA_S3_SECRET_ACCESS_KEY). `env` prints TEST_S3_* settings (secret included) for the tests.
# Buckets are directories under $TRAMITA_INFRA_DIR/s3/data; clients create the ones they need.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The latest tag the Go module proxy serves when this was written (its go.mod asks for Go 1.25).
VERSITYGW_VERSION="${TRAMITA_VERSITYGW_VERSION:-v1.8.0}"
PORT="${TRAMITA_S3_PORT:-58333}"
REGION=us-east-1
ACCESS_KEY=tramita-infra
DIR="$INFRA_DIR/s3"
BIN_DIR="$DIR/bin-versitygw-$VERSITYGW_VERSION"
BIN="$BIN_DIR/versitygw"
DATA="$DIR/data"
PIDFILE="$DIR/versitygw.pid"
OUT="$DIR/versitygw.out"

find_go() {
  GO=$(command -v go || true)
  if [ -z "$GO" ] && [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; fi
  [ -n "$GO" ] || die "Go is needed to build the S3 server: versitygw $VERSITYGW_VERSION asks for Go 1.25 or newer (Go 1.21+ fetches that toolchain itself from the module proxy; Debian 12's golang-go 1.19 is too old). Install Go and put it on PATH."
}

# Builds versitygw into the infra dir once; later starts reuse it. Two builds at once take turns.
install_server() {
  [ -x "$BIN" ] && return
  find_go
  mkdir -p "$DIR"
  exec 9>"$DIR/.build.lock"
  flock 9
  if [ ! -x "$BIN" ]; then
    log "building versitygw $VERSITYGW_VERSION with $("$GO" version | cut -d' ' -f3) (once per machine; a few minutes)"
    local started=$SECONDS tmp="$BIN_DIR.tmp"
    rm -rf "$tmp" && mkdir -p "$tmp"
    if ! GOBIN="$tmp" GOFLAGS=-buildvcs=false "$GO" install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION" >"$DIR/build.log" 2>&1; then
      tail -n 30 "$DIR/build.log" >&2
      die "go install github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION failed (log: $DIR/build.log)"
    fi
    mv "$tmp" "$BIN_DIR"
    log "versitygw built in $((SECONDS - started)) s: $BIN"
  fi
  exec 9>&-
}

secret() {
  if [ -n "${TRAMITA_S3_SECRET_ACCESS_KEY:-}" ]; then printf '%s' "$TRAMITA_S3_SECRET_ACCESS_KEY"; return; fi
  local file="$DIR/secret"
  if [ ! -s "$file" ]; then
    mkdir -p "$DIR" && chmod 700 "$DIR"
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
  fi
  cat "$file"
}

# The pid file names a live process that is this gateway (not a pid reused after a reboot).
running() { [ -f "$PIDFILE" ] && tr '\0' ' ' < "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -q "versitygw .*posix $DATA"; }

start() {
  if running && port_open "$PORT"; then log "S3 (versitygw) already running on 127.0.0.1:$PORT"; return; fi
  install_server
  mkdir -p "$DATA"
  if ! running; then
    port_open "$PORT" && die "127.0.0.1:$PORT is taken by another process (set TRAMITA_S3_PORT)"
    log "starting versitygw $VERSITYGW_VERSION (S3) on 127.0.0.1:$PORT"
    # Credentials through the environment, never on the command line (visible to every user).
    ROOT_ACCESS_KEY_ID="$ACCESS_KEY" ROOT_SECRET_ACCESS_KEY="$(secret)" VGW_REGION="$REGION" \
      spawn_detached versitygw "$PIDFILE" "$OUT" "$BIN" --port "127.0.0.1:$PORT" --quiet posix "$DATA"
  fi
  local waited=0
  until port_open "$PORT"; do
    running || { tail -n 30 "$OUT" >&2 || true; rm -f "$PIDFILE"; die "versitygw exited during start-up (log: $OUT)"; }
    [ "$waited" -ge 300 ] && { tail -n 30 "$OUT" >&2 || true; die "versitygw did not listen within 30 s"; }
    sleep 0.1; waited=$((waited + 1))
  done
  log "S3 ready on http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"), data in $DATA)"
}

stop() {
  if ! running; then rm -f "$PIDFILE"; return; fi
  stop_pid_file versitygw "$PIDFILE" 30
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && port_open "$PORT"; then echo "running on http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; else echo "stopped"; exit 3; fi ;;
  url) echo "http://127.0.0.1:$PORT" ;;
  env)
    printf 'TEST_S3_ENDPOINT=http://127.0.0.1:%s\nTEST_S3_REGION=%s\nTEST_S3_ACCESS_KEY_ID=%s\nTEST_S3_SECRET_ACCESS_KEY=%s\n' \
      "$PORT" "$REGION" "$ACCESS_KEY" "$(secret)"
    ;;
  *) echo "usage: $0 start|stop|status|url|env" >&2; exit 2 ;;
esac
