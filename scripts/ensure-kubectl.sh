#!/usr/bin/env bash
# Prints the path of a tool that renders Kustomize overlays (kustomize v4+), installing one if needed:
#   - `kubectl` (its built-in `kubectl kustomize`) when it embeds Kustomize v4 or later;
#   - else a `kustomize` binary on PATH or in the cache;
#   - else `go install sigs.k8s.io/kustomize/kustomize/v5` from the Go module proxy into the cache.
# Debian's package is `kubernetes-client` (kubectl 1.20, embedded Kustomize v2.0.3): too old for
# the overlays (`labels`, `patches` with targets), so it is not used.
# Callers: a path ending in /kubectl takes `kustomize <dir>`; one ending in /kustomize takes `build <dir>`.
# Override with TRAMITA_KUSTOMIZE=/path/to/kubectl-or-kustomize.
set -euo pipefail

KUSTOMIZE_VERSION="v5.7.1"
CACHE_DIR="${TRAMITA_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tramita/bin}"

if [[ -n "${TRAMITA_KUSTOMIZE:-}" ]]; then
  echo "$TRAMITA_KUSTOMIZE"
  exit 0
fi

if command -v kubectl >/dev/null 2>&1; then
  embedded="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
  if [[ -n "$embedded" && "$embedded" -ge 4 ]]; then
    command -v kubectl
    exit 0
  fi
fi

if command -v kustomize >/dev/null 2>&1; then
  command -v kustomize
  exit 0
fi

if [[ -x "$CACHE_DIR/kustomize" ]]; then
  echo "$CACHE_DIR/kustomize"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    echo "ensure-kubectl: installing Debian's golang-go to build kustomize" >&2
    apt-get install -y golang-go >&2
  else
    echo "ensure-kubectl: no kubectl with Kustomize v4+, no kustomize and no Go toolchain; install Go and retry" >&2
    exit 1
  fi
fi

mkdir -p "$CACHE_DIR"
echo "ensure-kubectl: go install sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION} into $CACHE_DIR" >&2
GOBIN="$CACHE_DIR" go install "sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}" >&2
echo "$CACHE_DIR/kustomize"
