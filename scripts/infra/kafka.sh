#!/usr/bin/env bash
# A local single-node Apache Kafka (KRaft mode) for integration tests and distributed mode on one
# machine, assembled from Maven Central jars (no Docker, no tarball download).
#   scripts/infra/kafka.sh start|stop|status
# Broker on 127.0.0.1:${TRAMITA_KAFKA_PORT:-59092}, controller on 127.0.0.1:${TRAMITA_KAFKA_CONTROLLER_PORT:-59093}.
# Jars are resolved once with Maven into $TRAMITA_INFRA_DIR/kafka/lib-<version> (and ~/.m2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Latest complete 4.x release on Maven Central when this was written (4.4.0 lacked kafka-tools-api).
KAFKA_VERSION="${TRAMITA_KAFKA_VERSION:-4.3.1}"
LOG4J_VERSION="${TRAMITA_LOG4J_VERSION:-2.25.4}"
PORT="${TRAMITA_KAFKA_PORT:-59092}"
CONTROLLER_PORT="${TRAMITA_KAFKA_CONTROLLER_PORT:-59093}"
HEAP="${TRAMITA_KAFKA_HEAP:--Xms256m -Xmx512m}"
DIR="$INFRA_DIR/kafka"
LIB="$DIR/lib-$KAFKA_VERSION"
DATA="$DIR/data"
CONFIG="$DIR/server.properties"
LOG4J_CONFIG="$DIR/log4j2.properties"
PIDFILE="$DIR/kafka.pid"
OUT="$DIR/kafka.out"

need_tools() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
}

resolve_jars() {
  [ -f "$LIB/.complete" ] && return
  log "resolving Kafka $KAFKA_VERSION and its runtime dependencies from Maven Central"
  local work="$DIR/resolve"
  rm -rf "$work" "$LIB.tmp" && mkdir -p "$work"
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tramita.infra</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
  local cmd=(mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$LIB.tmp")
  if ! "${cmd[@]}" >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    die "could not resolve Kafka from Maven Central; command: ${cmd[*]}"
  fi
  touch "$LIB.tmp/.complete"
  mv "$LIB.tmp" "$LIB"
  rm -rf "$work"
}

write_config() {
  mkdir -p "$DIR/logs" "$DATA"
  cat > "$CONFIG" <<PROPS
# Written by scripts/infra/kafka.sh: one node acting as broker and KRaft controller.
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
log.dirs=$DATA
auto.create.topics.enable=false
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
  cat > "$LOG4J_CONFIG" <<PROPS
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $DIR/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = info
logger.apache.name = org.apache.kafka
logger.apache.level = info
PROPS
}

java_args() {
  read -r -a heap <<< "$HEAP"
  JAVA=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$LOG4J_CONFIG" -cp "$LIB/*")
}
java_cmd() { java_args; "${JAVA[@]}" "$@"; }

format_storage() {
  [ -f "$DATA/meta.properties" ] && return
  local cluster_id
  cluster_id=$(java_cmd kafka.tools.StorageTool random-uuid 2>>"$OUT" | tail -n 1)
  log "formatting KRaft storage (cluster $cluster_id)"
  java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG" --standalone >>"$OUT" 2>&1 \
    || { tail -n 20 "$OUT" >&2; die "kafka.tools.StorageTool format failed"; }
}

# The pid file names a live process that is this broker (not a pid reused after a reboot).
running() { [ -f "$PIDFILE" ] && tr '\0' ' ' < "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -q "kafka.Kafka $CONFIG"; }

start() {
  if running && port_open "$PORT"; then log "Kafka already running on 127.0.0.1:$PORT"; return; fi
  need_tools
  resolve_jars
  write_config
  format_storage
  if ! running; then
    log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$PORT"
    : > "$DIR/logs/server.log"
    java_args
    spawn_detached Kafka "$PIDFILE" "$OUT" "${JAVA[@]}" kafka.Kafka "$CONFIG"
  fi
  local waited=0
  until port_open "$PORT" && grep -q "Kafka Server started" "$DIR/logs/server.log" 2>/dev/null; do
    running || { tail -n 40 "$OUT" "$DIR/logs/server.log" >&2 || true; rm -f "$PIDFILE"; die "Kafka exited during start-up"; }
    [ "$waited" -ge 180 ] && { tail -n 40 "$DIR/logs/server.log" >&2 || true; die "Kafka did not start within 180 s"; }
    sleep 1; waited=$((waited + 1))
  done
  log "Kafka ready on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), ${waited}s)"
}

stop() {
  if ! running; then rm -f "$PIDFILE"; return; fi
  stop_pid_file Kafka "$PIDFILE" 60
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && port_open "$PORT"; then echo "running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
