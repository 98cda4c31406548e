#!/usr/bin/env bash
# A local Keycloak for integration tests and for running a stack with Keycloak as its OpenID
# issuer (ADR 0020): the keycloak-quarkus-dist zip from Maven Central (no Docker, no other
# download), `kc.sh start-dev` with its file database (H2) under the state directory, and the
# realm of deploy/compose/keycloak imported at start.
#   scripts/infra/keycloak.sh start|stop|status|url|admin-password-file
# HTTP on 127.0.0.1:${TRAMITA_KEYCLOAK_PORT:-18080}, management (health) on
# 127.0.0.1:${TRAMITA_KEYCLOAK_MANAGEMENT_PORT:-19000}: below Linux's ephemeral range (32768-60999).
# The bootstrap administrator (user tramita-admin of the master realm) gets a random password at
# the first start, kept in <state>/admin-password (mode 0600) and printed only then, to a terminal. When the realm
# file changes, the development database is thrown away and the realm imported again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KEYCLOAK_VERSION="${TRAMITA_KEYCLOAK_VERSION:-26.7.3}"
PORT="${TRAMITA_KEYCLOAK_PORT:-18080}"
MANAGEMENT_PORT="${TRAMITA_KEYCLOAK_MANAGEMENT_PORT:-19000}"
HEAP="${TRAMITA_KEYCLOAK_HEAP:--Xms256m -Xmx768m}"
ADMIN_USER=tramita-admin
REALM_FILE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/deploy/compose/keycloak/tramita-realm.json"

# As root, the server runs as the system user `tramita-keycloak` in a directory it can reach (root's
# home is not reachable by other users), as opensearch.sh does; the admin password stays root's.
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=tramita-keycloak
  DIR="${TRAMITA_KEYCLOAK_DIR:-/var/lib/tramita-keycloak/infra-$(printf '%s' "$INFRA_DIR" | md5sum | cut -c1-10)}"
else
  RUN_AS=""
  DIR="$INFRA_DIR/keycloak"
fi
HOME_DIR="$DIR/keycloak-$KEYCLOAK_VERSION"
PIDFILE="$DIR/keycloak.pid"
OUT="$DIR/keycloak.out"
ADMIN_PASSWORD_FILE="$DIR/admin-password"
REALM_SUM_FILE="$DIR/realm.sha256"
MAIN=io.quarkus.bootstrap.runner.QuarkusEntryPoint

# Keycloak 26 needs Java 21 or newer (its guide lists 21 and 25): TRAMITA_KEYCLOAK_JAVA_HOME, else
# a JDK 25 or 21 under /usr/lib/jvm, else Debian's openjdk-21 where the release has it.
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
find_java() {
  local candidate major
  for candidate in ${TRAMITA_KEYCLOAK_JAVA_HOME:-} /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-* /usr/lib/jvm/java-21-openjdk-*; do
    [ -x "$candidate/bin/java" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then printf '%s' "$candidate"; return 0; fi
  done
  return 1
}

need_tools() {
  command -v mvn >/dev/null || apt_install maven
  command -v curl >/dev/null || apt_install curl
  command -v unzip >/dev/null || apt_install unzip
  if ! JAVA_HOME_KC=$(find_java); then
    if [ "$(id -u)" -eq 0 ] && apt-cache show openjdk-21-jre-headless >/dev/null 2>&1; then apt_install openjdk-21-jre-headless; fi
    JAVA_HOME_KC=$(find_java) || die "Keycloak $KEYCLOAK_VERSION needs Java 21 or newer and none was found (looked in /usr/lib/jvm); install one and set TRAMITA_KEYCLOAK_JAVA_HOME to its home"
  fi
  if [ -n "$RUN_AS" ] && ! id -u "$RUN_AS" >/dev/null 2>&1; then
    log "creating the system user $RUN_AS"
    useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$RUN_AS" || id -u "$RUN_AS" >/dev/null 2>&1 || die "could not create user $RUN_AS"
  fi
}

# The distribution, once per version: the zip resolved with Maven (kept in ~/.m2), unzipped here.
install_home() {
  [ -f "$HOME_DIR/.complete" ] && return
  local work="$DIR/resolve" artifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip"
  log "installing Keycloak $KEYCLOAK_VERSION from Maven Central into $HOME_DIR"
  rm -rf "$work" "$HOME_DIR" && mkdir -p "$work"
  local cmd=(mvn -B -q dependency:copy "-Dartifact=$artifact" "-DoutputDirectory=$work")
  if ! (cd "$work" && "${cmd[@]}") >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    die "could not resolve $artifact from Maven Central; command: ${cmd[*]}"
  fi
  unzip -q "$work/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$work"
  [ -x "$work/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ] || die "the Keycloak $KEYCLOAK_VERSION zip has no bin/kc.sh"
  touch "$work/keycloak-$KEYCLOAK_VERSION/.complete"
  mv "$work/keycloak-$KEYCLOAK_VERSION" "$HOME_DIR"
  rm -rf "$work"
}

# The bootstrap administrator's password: random, created once, readable by its owner only.
ensure_admin_password() {
  [ -s "$ADMIN_PASSWORD_FILE" ] && return
  (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-32 > "$ADMIN_PASSWORD_FILE")
  chmod 600 "$ADMIN_PASSWORD_FILE"
  # Keycloak creates its bootstrap administrator only with a new master realm: a new password needs a new database.
  running || rm -rf "$HOME_DIR/data/h2" "$HOME_DIR/data/transaction-logs"
  # Printed once to a person at a terminal; never into a log file or a CI job's output.
  if [ -t 2 ] && [ -z "${CI:-}" ]; then
    log "Keycloak administrator created: user $ADMIN_USER, password $(cat "$ADMIN_PASSWORD_FILE") (printed only now; kept in $ADMIN_PASSWORD_FILE)"
  else
    log "Keycloak administrator created: user $ADMIN_USER, password in $ADMIN_PASSWORD_FILE (not printed: no terminal)"
  fi
}

# The realm to import; a changed realm file means a fresh development database.
prepare_realm() {
  local sum
  sum=$(sha256sum "$REALM_FILE" | cut -d' ' -f1)
  if [ -d "$HOME_DIR/data/h2" ] && [ "$(cat "$REALM_SUM_FILE" 2>/dev/null)" != "$sum" ]; then
    log "the realm file changed: starting Keycloak on a fresh development database"
    rm -rf "$HOME_DIR/data/h2" "$HOME_DIR/data/transaction-logs"
  fi
  mkdir -p "$HOME_DIR/data/import"
  cp "$REALM_FILE" "$HOME_DIR/data/import/tramita-realm.json"
  printf '%s\n' "$sum" > "$REALM_SUM_FILE"
  if [ -n "$RUN_AS" ]; then
    chown -R "$RUN_AS": "$HOME_DIR"
    chmod 755 "$DIR"
  fi
}

ready() {
  curl -fsS --max-time 5 "http://127.0.0.1:$MANAGEMENT_PORT/health/ready" 2>/dev/null | grep -q '"status": *"UP"' &&
    curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$PORT/realms/tramita/.well-known/openid-configuration" 2>/dev/null
}

# The pid file names a live kc.sh of this home (not a pid reused after a reboot).
# kc.sh execs the JVM in its place when the first start rebuilt the server's configuration.
running() { [ -f "$PIDFILE" ] && tr '\0' ' ' < "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -qE -- "$HOME_DIR/bin/(kc\.sh start-dev|\.\. .*$MAIN)"; }

# Spawns the server once and waits for it; returns 2 when it exited because a port was taken (the
# race a check cannot close), 1 on any other failure.
launch() {
  port_open "$PORT" && die "port $PORT is taken by another process (set TRAMITA_KEYCLOAK_PORT)"
  port_open "$MANAGEMENT_PORT" && die "port $MANAGEMENT_PORT is taken by another process (set TRAMITA_KEYCLOAK_MANAGEMENT_PORT)"
  prepare_realm
  log "starting Keycloak $KEYCLOAK_VERSION on 127.0.0.1:$PORT (Java $(java_major "$JAVA_HOME_KC"))"
  local run=(env "JAVA_HOME=$JAVA_HOME_KC" "JAVA_OPTS_KC_HEAP=$HEAP" "KC_BOOTSTRAP_ADMIN_USERNAME=$ADMIN_USER"
    "KC_BOOTSTRAP_ADMIN_PASSWORD=$(cat "$ADMIN_PASSWORD_FILE")"
    "$HOME_DIR/bin/kc.sh" start-dev --http-host=127.0.0.1 "--http-port=$PORT" --http-management-host=127.0.0.1
    "--http-management-port=$MANAGEMENT_PORT" --health-enabled=true --import-realm)
  if [ -n "$RUN_AS" ]; then run=(setpriv "--reuid=$RUN_AS" "--regid=$RUN_AS" --init-groups "${run[@]}"); fi
  : > "$OUT"
  [ -n "$RUN_AS" ] && chown "$RUN_AS": "$OUT"
  spawn_detached Keycloak "$PIDFILE" "$OUT" "${run[@]}"
  wait_ready
}

wait_ready() {
  local waited=0
  until ready; do
    if ! running; then
      tail -n 40 "$OUT" >&2 || true
      rm -f "$PIDFILE"
      log "Keycloak exited during start-up"
      grep -qsE 'BindException|Address already in use|already bound' "$OUT" && return 2
      return 1
    fi
    [ "$waited" -ge 300 ] && { tail -n 40 "$OUT" >&2 || true; die "Keycloak was not ready within 300 s"; }
    sleep 1; waited=$((waited + 1))
  done
  log "Keycloak ready on http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"), ${waited}s)"
}

start() {
  if running && ready; then log "Keycloak already running on 127.0.0.1:$PORT"; return; fi
  need_tools
  mkdir -p "$DIR"
  install_home
  ensure_admin_password
  if running; then wait_ready || die "Keycloak exited during start-up"; return; fi
  launch_retrying_lost_ports Keycloak 5
}

stop() {
  if ! running; then rm -f "$PIDFILE"; return; fi
  # kc.sh forwards TERM to the JVM and waits for it.
  stop_pid_file Keycloak "$PIDFILE" 60
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && ready; then echo "running on http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; else echo "stopped"; exit 3; fi ;;
  url) echo "http://127.0.0.1:$PORT" ;;
  admin-password-file) echo "$ADMIN_PASSWORD_FILE" ;;
  *) echo "usage: $0 start|stop|status|url|admin-password-file" >&2; exit 2 ;;
esac
