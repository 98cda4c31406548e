#!/usr/bin/env bash
# The integration stage (`npm run test:infra`): starts PostgreSQL, Kafka, OpenSearch and Keycloak as local
# processes (installing them on a fresh machine), and an S3-compatible server (scripts/infra/s3.sh), runs
# every *.int.test.ts against them, and stops them on exit unless TRAMITA_INFRA_KEEP=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
HERE=scripts/infra
export PATH="$PWD/node_modules/.bin:$PATH"

cleanup() {
  local status=$?
  if [ "${TRAMITA_INFRA_KEEP:-0}" != 1 ]; then
    bash "$HERE/kafka.sh" stop || true
    bash "$HERE/opensearch.sh" stop || true
    bash "$HERE/keycloak.sh" stop || true
    bash "$HERE/s3.sh" stop || true
    bash "$HERE/postgres.sh" stop || true
  fi
  exit "$status"
}
trap cleanup EXIT

# Start both at once: Kafka's jar resolution and JVM start dominate.
bash "$HERE/kafka.sh" start & kafka_pid=$!
# The S3 server too (its first start builds it with Go: minutes, once per machine).
bash "$HERE/s3.sh" start & s3_pid=$!
# OpenSearch for the index's OpenSearch read model (its jars resolved once with Maven).
bash "$HERE/opensearch.sh" start & opensearch_pid=$!
# Keycloak as an OpenID issuer (its distribution resolved once with Maven; the realm imported at start).
bash "$HERE/keycloak.sh" start & keycloak_pid=$!
bash "$HERE/postgres.sh" start
wait "$kafka_pid" || { echo "[infra] Kafka did not start" >&2; exit 1; }
wait "$opensearch_pid" || { echo "[infra] OpenSearch did not start" >&2; exit 1; }
wait "$s3_pid" || { echo "[infra] the S3 server did not start" >&2; exit 1; }
wait "$keycloak_pid" || { echo "[infra] Keycloak did not start" >&2; exit 1; }

# One database per suite; tests that need more create their own through TRAMITA_TEST_PG_URL_BASE.
TEST_POSTGRES_URL=$(bash "$HERE/postgres.sh" url tramita_bpm_test)
INDEX_TEST_POSTGRES_URL=$(bash "$HERE/postgres.sh" url tramita_index_test)
TRAMITA_TEST_PG_URL_BASE=${TEST_POSTGRES_URL%/*}
KAFKA_BROKERS=127.0.0.1:${TRAMITA_KAFKA_PORT:-59092}
OPENSEARCH_URL=$(bash "$HERE/opensearch.sh" url)
export TEST_POSTGRES_URL INDEX_TEST_POSTGRES_URL TRAMITA_TEST_PG_URL_BASE KAFKA_BROKERS OPENSEARCH_URL
# Keycloak's URL and where its administrator's generated password is (the tests create their own users).
KEYCLOAK_URL=$(bash "$HERE/keycloak.sh" url)
KEYCLOAK_ADMIN_USER=tramita-admin
KEYCLOAK_ADMIN_PASSWORD_FILE=$(bash "$HERE/keycloak.sh" admin-password-file)
export KEYCLOAK_URL KEYCLOAK_ADMIN_USER KEYCLOAK_ADMIN_PASSWORD_FILE
# TEST_S3_ENDPOINT, TEST_S3_REGION, TEST_S3_ACCESS_KEY_ID, TEST_S3_SECRET_ACCESS_KEY.
s3_env=$(bash "$HERE/s3.sh" env)
while IFS='=' read -r key value; do export "$key=$value"; done <<< "$s3_env"

out="${VITEST_JSON:-artifacts/vitest-infra.json}"
mkdir -p "$(dirname "$out")"
# JUnit beside the JSON for the delivery pipeline (deploy/Jenkinsfile publishes artifacts/*.xml).
vitest run --config vitest.infra.config.ts --reporter=default --reporter=json "--outputFile.json=$out" --reporter=junit "--outputFile.junit=${VITEST_JUNIT:-artifacts/junit-infra.xml}" "$@"
