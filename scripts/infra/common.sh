# Shared by the scripts in scripts/infra (sourced, not run).
# Everything the local servers keep lives under TRAMITA_INFRA_DIR (default ~/.cache/tramita-infra).
INFRA_DIR="${TRAMITA_INFRA_DIR:-$HOME/.cache/tramita-infra}"

log() { echo "[infra] $*" >&2; }
die() { echo "[infra] error: $*" >&2; exit 1; }

# Installs Debian packages when running as root (CI, fresh machines); otherwise says what is missing.
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then die "missing $*; install it with: sudo apt-get install -y $*"; fi
  log "installing Debian packages: $*"
  local lock=(); command -v flock >/dev/null && lock=(flock /tmp/apt.lock)
  if ! "${lock[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2; then
    "${lock[@]}" apt-get update >&2 || true
    "${lock[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >&2 || die "apt-get install $* failed"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops the process whose pid is in file $2 (named $1 in the log): TERM, then KILL after $3 seconds.
stop_pid_file() {
  local name=$1 pidfile=$2 grace=$3 pid waited=0
  pid=$(cat "$pidfile")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$grace" ]; then log "$name did not stop in $grace s; killing it"; kill -KILL "$pid"; break; fi
    sleep 1; waited=$((waited + 1))
  done
  rm -f "$pidfile"
}

# Starts "$@" detached from this shell (setsid: it outlives the script, stopped by `<script> stop`)
# with its output appended to file $3, and waits until it wrote its own pid to file $2 (named $1 in
# errors). The process writes the pid itself before exec'ing: `$!` would name setsid, which forks
# whenever the caller runs with job control. Environment assignments before the call reach it.
spawn_detached() {
  local name=$1 pidfile=$2 out=$3 spawned=0
  shift 3
  rm -f "$pidfile"
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >>"$out" 2>&1 < /dev/null &
  until [ -s "$pidfile" ]; do
    spawned=$((spawned + 1))
    [ "$spawned" -le 100 ] || die "$name did not spawn"
    sleep 0.1
  done
}

# Calls the sourcing script's `launch` (0: ready; 2: a port was taken during start-up; else failed)
# up to three times, `$2` seconds apart: a port free at the check can still be taken before the
# server binds it (named $1 in the log).
launch_retrying_lost_ports() {
  local name=$1 pause=$2 attempt status
  for attempt in 1 2 3; do
    status=0; launch || status=$?
    [ "$status" -eq 0 ] && return
    [ "$status" -eq 2 ] || die "$name exited during start-up"
    log "a port was taken while $name started (attempt $attempt of 3); starting it again"
    sleep "$pause"
  done
  die "$name could not bind its ports in 3 attempts"
}
