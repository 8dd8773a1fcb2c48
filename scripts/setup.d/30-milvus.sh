#!/usr/bin/env bash
# Ensures the Python virtualenv that runs the real Milvus 2.3.5 (PyPI `milvus`, a standalone server
# with embedded etcd) and pymilvus, which the end-to-end tests use to read back what landed.
# Idempotent: a venv that already has the pinned versions is left alone.
set -euo pipefail

CACHE="${F2M_CACHE:-/root/.cache/f2m}"
VENV="$CACHE/venv"
PINS=(milvus==2.3.5 "pymilvus==2.3.*" "setuptools<81" "marshmallow<4" numpy pytest)

have_pins() {
  "$VENV/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as m, sys
v = {d: m.version(d) for d in ("milvus", "pymilvus", "setuptools", "marshmallow", "numpy", "pytest")}
ok = (v["milvus"] == "2.3.5" and v["pymilvus"].startswith("2.3.")
      and int(v["setuptools"].split(".")[0]) < 81 and int(v["marshmallow"].split(".")[0]) < 4)
sys.exit(0 if ok else 1)
PY
}

if [[ -x "$VENV/bin/python" ]] && have_pins && [[ -x "$VENV/bin/milvus-server" ]]; then
  echo "30-milvus: $VENV already has milvus 2.3.5 and pymilvus 2.3"
  exit 0
fi

mkdir -p "$CACHE"
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet "${PINS[@]}"
have_pins || { echo "30-milvus: $VENV does not have the pinned versions after install" >&2; exit 1; }
echo "30-milvus: installed milvus 2.3.5 and pymilvus 2.3 into $VENV"
