#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (as root) to build and test faiss2milvus. Idempotent and
# quick when nothing is missing:
#   1. Debian packages: C++ toolchain and libraries, libfaiss + python3-faiss 1.7.3 (the oracle),
#      skipped entirely when dpkg-query says every one is installed;
#   2. the Python virtualenv ${F2M_CACHE:-/root/.cache/f2m}/venv (outside the clone) with
#      faiss-cpu (newest), numpy, pytest, Milvus 2.3.5, pymilvus 2.3, cloud SDKs; skipped when
#      its stamp file records the same requirement list;
#   3. every scripts/setup.d/*.sh in name order: the hook where servers get installed (MinIO,
#      fake-gcs-server, azurite, Milvus...). Each must be idempotent and exit non-zero on failure.
# Env: F2M_CACHE (cache root), F2M_PYTHON (interpreter for the venv, default /usr/bin/python3),
#      F2M_SKIP_SETUP_D=1 (skip step 3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${F2M_CACHE:-/root/.cache/f2m}"
venv="$cache/venv"
python="${F2M_PYTHON:-/usr/bin/python3}"

log() { echo "setup: $*" >&2; }

# ---------------------------------------------------------------- 1. Debian packages
APT_PACKAGES=(
  g++ cmake ninja-build pkg-config git ccache time
  libabsl-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libspdlog-dev
  libgtest-dev libgmock-dev
  libfaiss-dev python3-faiss python3-numpy python3-venv python3-pip
  libcurl4-openssl-dev libssl-dev
  protobuf-compiler libprotobuf-dev libgrpc++-dev protobuf-compiler-grpc
)

missing_packages() {
  local p status
  for p in "${APT_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == installed ]] || echo "$p"
  done
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]})); then
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
else
  log "Debian packages already installed (${#APT_PACKAGES[@]})"
fi

# ---------------------------------------------------------------- 2. Python virtualenv
PIP_REQUIREMENTS=(
  numpy faiss-cpu pytest "milvus==2.3.5" "pymilvus==2.3.*" "setuptools<81" "marshmallow<4"
  boto3 azure-storage-blob
)
stamp="$venv/.f2m-requirements"
want="$(printf '%s\n' "${PIP_REQUIREMENTS[@]}")"

if [[ -x "$venv/bin/python" ]] && [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$want" ]] \
    && "$venv/bin/python" -c 'import faiss, numpy, pytest' 2>/dev/null; then
  log "venv $venv up to date"
else
  if ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
    log "creating venv $venv with $python"
    rm -rf "$venv"
    mkdir -p "$cache"
    "$python" -m venv "$venv"
  fi
  log "installing into $venv: ${PIP_REQUIREMENTS[*]}"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${PIP_REQUIREMENTS[@]}"
  "$venv/bin/python" -c 'import faiss, numpy, pytest; print("setup: venv faiss", faiss.__version__)' >&2
  printf '%s\n' "$want" >"$stamp"
fi

# ---------------------------------------------------------------- 3. hooks (servers)
if [[ "${F2M_SKIP_SETUP_D:-0}" != 1 && -d "$here/setup.d" ]]; then
  shopt -s nullglob
  for hook in "$here"/setup.d/*.sh; do
    log "running ${hook#"$here"/}"
    bash "$hook"
  done
fi
log "done"
