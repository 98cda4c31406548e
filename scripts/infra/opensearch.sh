#!/usr/bin/env bash
# A local single-node OpenSearch for integration tests and for the index's OpenSearch read model
# (INDEX_STORE=opensearch) on one machine, assembled from Maven Central jars (no Docker, no tarball
# download): the server and its runtime dependencies in lib/, the transport-netty4, analysis-common
# and lang-painless modules in modules/, each with the descriptor and security policy a
# distribution ships, and no security plugin (it listens on 127.0.0.1 only).
#   scripts/infra/opensearch.sh start|stop|status|url
# HTTP on 127.0.0.1:${TRAMITA_OPENSEARCH_PORT:-19200}, transport on 127.0.0.1:${TRAMITA_OPENSEARCH_TRANSPORT_PORT:-19300}:
# below Linux's ephemeral range (32768-60999), so the local end of another process's outgoing
# connection cannot take them between the check that they are free and the node's bind.
# Jars are resolved once with Maven into <state>/home-<version> (and ~/.m2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# 2.19 is the last line that runs on Java 17 (3.x needs Java 21).
OPENSEARCH_VERSION="${TRAMITA_OPENSEARCH_VERSION:-2.19.6}"
# The server's POM leaves log4j-core to the distribution; the version its log4j-api has.
LOG4J_VERSION="${TRAMITA_LOG4J_VERSION:-2.25.4}"
PORT="${TRAMITA_OPENSEARCH_PORT:-19200}"
TRANSPORT_PORT="${TRAMITA_OPENSEARCH_TRANSPORT_PORT:-19300}"
HEAP="${TRAMITA_OPENSEARCH_HEAP:--Xms512m -Xmx512m}"

# OpenSearch refuses to run as root: as root, the node runs as the system user `tramita-opensearch`
# in a directory it can reach (root's home is not reachable by other users), as postgres.sh does.
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=tramita-opensearch
  DIR="${TRAMITA_OPENSEARCH_DIR:-/var/lib/tramita-opensearch/infra-$(printf '%s' "$INFRA_DIR" | md5sum | cut -c1-10)}"
else
  RUN_AS=""
  DIR="$INFRA_DIR/opensearch"
fi
HOME_DIR="$DIR/home-$OPENSEARCH_VERSION"
CONF="$DIR/config"
DATA="$DIR/data"
LOGS="$DIR/logs"
TMP="$DIR/tmp"
PIDFILE="$DIR/opensearch.pid"
OUT="$DIR/opensearch.out"
MAIN=org.opensearch.bootstrap.OpenSearch

# Module name, Maven artifact, plugin class (read from the jars), plugins it extends.
MODULES=(
  "transport-netty4|org.opensearch.plugin:transport-netty4-client|org.opensearch.transport.Netty4Plugin|"
  "lang-painless|org.opensearch.plugin:lang-painless|org.opensearch.painless.PainlessPlugin|"
  "analysis-common|org.opensearch.plugin:analysis-common|org.opensearch.analysis.common.CommonAnalysisPlugin|lang-painless"
)

need_tools() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  command -v curl >/dev/null || apt_install curl
  if [ -n "$RUN_AS" ] && ! id -u "$RUN_AS" >/dev/null 2>&1; then
    log "creating the system user $RUN_AS"
    useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$RUN_AS" || id -u "$RUN_AS" >/dev/null 2>&1 || die "could not create user $RUN_AS"
  fi
}

# Copies the runtime dependencies of the Maven artifacts "$2".. into directory $1.
copy_dependencies() {
  local into=$1 work=$DIR/resolve deps="" coordinate
  shift
  for coordinate in "$@"; do
    deps+="<dependency><groupId>${coordinate%%:*}</groupId><artifactId>$(cut -d: -f2 <<< "$coordinate")</artifactId><version>${coordinate##*:}</version></dependency>"
  done
  rm -rf "$work" && mkdir -p "$work"
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tramita.infra</groupId>
  <artifactId>opensearch-node</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>$deps</dependencies>
</project>
POM
  local cmd=(mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$into")
  if ! "${cmd[@]}" >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    die "could not resolve $* from Maven Central; command: ${cmd[*]}"
  fi
  rm -rf "$work"
}

# A jar's artifact name: its file name without the version (netty-codec-http-4.1.135.Final.jar → netty-codec-http).
artifact_of() { local name; name=$(basename "$1"); printf '%s' "${name%%-[0-9]*}"; }

# The policy each module's distribution grants it (the server grants modules nothing by default).
module_policy() {
  case "$1" in
    transport-netty4) cat <<'POLICY'
grant {
  // the backlog of established sockets
  permission java.io.FilePermission "/proc/sys/net/core/somaxconn", "read";
  // sockets made and accepted
  permission java.net.SocketPermission "*", "accept,connect";
  // Netty sets the context class loader of its threads
  permission java.lang.RuntimePermission "*", "setContextClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
  permission java.util.PropertyPermission "sun.nio.ch.bugLevel", "write";
};
POLICY
    ;;
    lang-painless) cat <<'POLICY'
grant {
  // scripts are compiled to classes at run time
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
POLICY
    ;;
  esac
}

# lib/ and modules/ of an OpenSearch home, once per version; a half-built home is built again.
assemble_home() {
  [ -f "$HOME_DIR/.complete" ] && return
  log "assembling OpenSearch $OPENSEARCH_VERSION from Maven Central into $HOME_DIR"
  local tmp="$HOME_DIR.tmp" entry name artifact class extends jar listing
  # bin/ and plugins/ stay empty: the node only checks that they exist.
  rm -rf "$tmp" && mkdir -p "$tmp/bin" "$tmp/modules" "$tmp/plugins"
  # The plugin class loader is a dependency of the distribution, not of the server's POM.
  copy_dependencies "$tmp/lib" "org.opensearch:opensearch:$OPENSEARCH_VERSION" "org.opensearch:opensearch-plugin-classloader:$OPENSEARCH_VERSION" \
    "org.apache.logging.log4j:log4j-core:$LOG4J_VERSION" "org.apache.logging.log4j:log4j-api:$LOG4J_VERSION"
  for entry in "${MODULES[@]}"; do
    IFS='|' read -r name artifact class extends <<< "$entry"
    copy_dependencies "$tmp/modules/$name" "$artifact:$OPENSEARCH_VERSION"
    # The server's jars are on the class path already: a second copy in a module is jar hell.
    for jar in "$tmp/modules/$name"/*.jar; do
      if compgen -G "$tmp/lib/$(artifact_of "$jar")-[0-9]*.jar" >/dev/null; then rm -f "$jar"; fi
    done
    listing=$(unzip -l "$tmp/modules/$name/$(cut -d: -f2 <<< "$artifact")-$OPENSEARCH_VERSION.jar")
    grep -q "${class//.//}.class" <<< "$listing" || die "plugin class $class not found in $artifact $OPENSEARCH_VERSION"
    cat > "$tmp/modules/$name/plugin-descriptor.properties" <<PROPS
# Written by scripts/infra/opensearch.sh, as a distribution ships the module.
name=$name
description=The $name module of OpenSearch $OPENSEARCH_VERSION
version=$OPENSEARCH_VERSION
opensearch.version=$OPENSEARCH_VERSION
java.version=11
classname=$class
extended.plugins=$extends
has.native.controller=false
PROPS
    module_policy "$name" > "$tmp/modules/$name/plugin-security.policy"
    [ -s "$tmp/modules/$name/plugin-security.policy" ] || rm -f "$tmp/modules/$name/plugin-security.policy"
  done
  touch "$tmp/.complete"
  mv "$tmp" "$HOME_DIR"
}

write_config() {
  mkdir -p "$CONF" "$DATA" "$LOGS" "$TMP"
  cat > "$CONF/opensearch.yml" <<YAML
# Written by scripts/infra/opensearch.sh: one node on loopback, no security plugin.
cluster.name: tramita-infra
node.name: tramita-infra-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $PORT
transport.port: $TRANSPORT_PORT
path.data: $DATA
path.logs: $LOGS
action.auto_create_index: false
# A throwaway node on a developer's disk: do not stop writing when the disk fills past 85 %.
cluster.routing.allocation.disk.threshold_enabled: false
YAML
  read -r -a heap <<< "$HEAP"
  {
    echo "# Written by scripts/infra/opensearch.sh; read by it to start the node (one option a line)."
    printf '%s\n' "${heap[@]}"
    cat <<OPTIONS
-XX:+UseG1GC
-XX:G1ReservePercent=25
-XX:InitiatingHeapOccupancyPercent=30
-Xss1m
-XX:-OmitStackTraceInFastThrow
-XX:+ShowCodeDetailsInExceptionMessages
-XX:+HeapDumpOnOutOfMemoryError
-XX:HeapDumpPath=$DATA
-XX:ErrorFile=$LOGS/hs_err_pid%p.log
-Djava.io.tmpdir=$TMP
-Djava.awt.headless=true
-Dfile.encoding=UTF-8
-Djna.nosys=true
-Djava.locale.providers=SPI,COMPAT
-Dopensearch.networkaddress.cache.ttl=60
-Dopensearch.networkaddress.cache.negative.ttl=10
-Dio.netty.noUnsafe=true
-Dio.netty.noKeySetOptimization=true
-Dio.netty.recycler.maxCapacityPerThread=0
-Dio.netty.allocator.numDirectArenas=0
-Dlog4j.shutdownHookEnabled=false
-Dlog4j2.disable.jmx=true
-Dorg.apache.lucene.store.MMapDirectory.sharedArenaMaxPermits=1
OPTIONS
  } > "$CONF/jvm.options"
  cat > "$CONF/log4j2.properties" <<'PROPS'
status = error
appender.rolling.type = RollingFile
appender.rolling.name = rolling
appender.rolling.fileName = ${sys:opensearch.logs.base_path}${sys:file.separator}${sys:opensearch.logs.cluster_name}.log
appender.rolling.filePattern = ${sys:opensearch.logs.base_path}${sys:file.separator}${sys:opensearch.logs.cluster_name}-%i.log
appender.rolling.layout.type = PatternLayout
appender.rolling.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
appender.rolling.policies.type = Policies
appender.rolling.policies.size.type = SizeBasedTriggeringPolicy
appender.rolling.policies.size.size = 64MB
appender.rolling.strategy.type = DefaultRolloverStrategy
appender.rolling.strategy.max = 4
rootLogger.level = info
rootLogger.appenderRef.rolling.ref = rolling
logger.deprecation.name = org.opensearch.deprecation
logger.deprecation.level = error
PROPS
  if [ -n "$RUN_AS" ]; then
    # The node writes its keystore into the config directory on first start.
    chown -R "$RUN_AS": "$CONF" "$DATA" "$LOGS" "$TMP"
    chmod 755 "$DIR"
  fi
}

java_args() {
  local options=()
  mapfile -t options < <(grep -v -e '^#' -e '^[[:space:]]*$' "$CONF/jvm.options")
  JAVA=(java "${options[@]}" "-Dopensearch.path.home=$HOME_DIR" "-Dopensearch.path.conf=$CONF"
    -Dopensearch.distribution.type=tar -Dopensearch.bundled_jdk=false -cp "$HOME_DIR/lib/*" "$MAIN")
  if [ -n "$RUN_AS" ]; then JAVA=(setpriv "--reuid=$RUN_AS" "--regid=$RUN_AS" --init-groups "${JAVA[@]}"); fi
}

health() { curl -fsS --max-time 5 "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null; }

# The pid file names a live process that is this node (not a pid reused after a reboot).
running() { [ -f "$PIDFILE" ] && tr '\0' ' ' < "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -q -- "-Dopensearch.path.conf=$CONF .*$MAIN"; }

# Spawns the node once and waits for it; returns 2 when it exited because a port was taken (the
# race a check cannot close), 1 on any other failure.
launch() {
  port_open "$PORT" && die "port $PORT is taken by another process (set TRAMITA_OPENSEARCH_PORT)"
  port_open "$TRANSPORT_PORT" && die "port $TRANSPORT_PORT is taken by another process (set TRAMITA_OPENSEARCH_TRANSPORT_PORT)"
  write_config
  log "starting OpenSearch $OPENSEARCH_VERSION on 127.0.0.1:$PORT"
  java_args
  : > "$OUT"
  [ -f "$LOGS/tramita-infra.log" ] && : > "$LOGS/tramita-infra.log"
  spawn_detached OpenSearch "$PIDFILE" "$OUT" "${JAVA[@]}"
  wait_ready
}

wait_ready() {
  local waited=0 logfile="$LOGS/tramita-infra.log"
  until health | grep -qE '"status":"(green|yellow)"'; do
    if ! running; then
      tail -n 40 "$OUT" "$logfile" >&2 || true
      rm -f "$PIDFILE"
      log "OpenSearch exited during start-up"
      grep -qsE 'BindException|Failed to bind|Address already in use' "$OUT" "$logfile" && return 2
      return 1
    fi
    [ "$waited" -ge 180 ] && { tail -n 40 "$OUT" "$logfile" >&2 || true; die "OpenSearch did not answer yellow or green within 180 s"; }
    sleep 1; waited=$((waited + 1))
  done
  log "OpenSearch ready on http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"), ${waited}s)"
}

start() {
  if running && health | grep -qE '"status":"(green|yellow)"'; then log "OpenSearch already running on 127.0.0.1:$PORT"; return; fi
  need_tools
  mkdir -p "$DIR"
  assemble_home
  if running; then wait_ready || die "OpenSearch exited during start-up"; return; fi
  launch_retrying_lost_ports OpenSearch 2
}

stop() {
  if ! running; then rm -f "$PIDFILE"; return; fi
  stop_pid_file OpenSearch "$PIDFILE" 60
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && health >/dev/null; then echo "running on http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; else echo "stopped"; exit 3; fi ;;
  url) echo "http://127.0.0.1:$PORT" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
