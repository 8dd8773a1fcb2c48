#!/usr/bin/env bash
# Installs the storage servers the tests run against, into the project cache, only when missing:
#   MinIO            (Go module github.com/minio/minio, cold build ~4 min)   -> $F2M_CACHE/bin/minio
#   fake-gcs-server  (Go module github.com/fsouza/fake-gcs-server, ~2 min)    -> $F2M_CACHE/bin/fake-gcs-server
#   azurite          (npm package, installed locally)                          -> $F2M_CACHE/node/node_modules/.bin/azurite-blob
# Idempotent: a second run with a warm cache takes well under a second.
# Env: F2M_CACHE (default /root/.cache/f2m), F2M_SKIP_GCS=1 / F2M_SKIP_AZURE=1 to skip those.
set -euo pipefail

cache="${F2M_CACHE:-/root/.cache/f2m}"
mkdir -p "$cache/bin" "$cache/node"

log() { echo "setup(storage): $*" >&2; }

go_install() {  # go_install BINARY MODULE@VERSION
  local bin="$1" mod="$2"
  if [[ -x "$cache/bin/$bin" ]]; then
    log "$bin cached at $cache/bin/$bin"
    return 0
  fi
  command -v go >/dev/null || { log "go is not installed: cannot build $bin"; return 1; }
  log "building $bin from $mod (cached afterwards; minutes on a cold cache)"
  local start=$SECONDS
  GOBIN="$cache/bin" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "$mod"
  log "built $bin in $((SECONDS - start)) s"
}

go_install minio github.com/minio/minio@latest
if [[ "${F2M_SKIP_GCS:-0}" != 1 ]]; then
  go_install fake-gcs-server github.com/fsouza/fake-gcs-server@latest
fi

if [[ "${F2M_SKIP_AZURE:-0}" != 1 ]]; then
  if [[ -x "$cache/node/node_modules/.bin/azurite-blob" ]]; then
    log "azurite cached at $cache/node"
  else
    command -v npm >/dev/null || { log "npm is not installed: cannot install azurite"; exit 1; }
    log "installing azurite from npm into $cache/node"
    npm install --prefix "$cache/node" --no-audit --no-fund --loglevel=error azurite
  fi
fi
log "storage servers ready"
