#!/usr/bin/env bash
# The API fuzzer (`npm run fuzz`): schemathesis, from PyPI in a virtual environment of its own,
# against a fresh all-in-one system, once with a case worker's token and once with an
# administrator's. Every check runs; the run fails on a server error or a response that breaks
# its documented schema, and reports every other finding. Reports: artifacts/fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
VERSION=4.32.5
VENV=${TRAMITA_FUZZ_VENV:-$HOME/.cache/tramita-fuzz/venv}
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "[fuzz] installing schemathesis $VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi
# Node 24 from the project's devDependencies, as every npm script gets it.
export PATH="$PWD/node_modules/.bin:$PATH"
exec node scripts/fuzz/run.ts "$VENV/bin/st" "$@"
