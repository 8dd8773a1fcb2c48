#!/usr/bin/env bash
# The README's first command: on a fresh Debian 12 machine, set everything up, start MinIO and a
# real Milvus 2.3.5 that keeps its data in that MinIO, build a Faiss IVFFlat index, migrate it
# with a config in the seed's migration.yaml shape, and print what pymilvus then sees.
# The servers keep running afterwards; stop them with
#   bash scripts/milvus.sh stop && bash scripts/servers.sh stop
# Env: F2M_CACHE (default /root/.cache/f2m), F2M_DEMO_ROWS (default 100000), F2M_DEMO_DIM (128).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
cache="${F2M_CACHE:-/root/.cache/f2m}"
py="$cache/venv/bin/python"
rows="${F2M_DEMO_ROWS:-100000}"
dim="${F2M_DEMO_DIM:-128}"
demo="$cache/demo"
export CCACHE_DIR="${CCACHE_DIR:-$cache/ccache}" CCACHE_BASEDIR="$repo" CCACHE_NOHASHDIR=1
mkdir -p "$demo"

echo "=== set-up (Debian packages, Python venv, MinIO, Milvus)" >&2
bash scripts/setup.sh
echo "=== build" >&2
cmake --preset release >/dev/null && cmake --build --preset release -j2
echo "=== start MinIO and Milvus (Milvus stores its data in MinIO's a-bucket)" >&2
bash scripts/servers.sh start minio >/dev/null
bash scripts/milvus.sh start --minio

echo "=== build a ${rows} x ${dim} IVFFlat index with faiss" >&2
"$py" - "$demo/demo.index" "$rows" "$dim" <<'PY'
import sys, faiss, numpy as np
path, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.random.default_rng(7).standard_normal((n, d), dtype=np.float32)
ids = np.random.default_rng(8).choice(1 << 62, size=n, replace=False).astype(np.int64)
index = faiss.IndexIVFFlat(faiss.IndexFlatL2(d), d, 256)
index.train(x[:20000])
index.add_with_ids(x, ids)
faiss.write_index(index, path)
PY

cat > "$demo/migration.yaml" <<YAML
dumper:
  worker:
    limit: 2
    workMode: faiss
    reader:
      bufferSize: 1024
    writer:
      bufferSize: 1024
loader:
  worker:
    limit: 2
source:
  mode: local
  local:
    faissFile: $demo/demo.index
target:
  create:
    collection:
      name: faiss_demo
      shardsNums: 2
      dim: $dim
      metricType: L2
  mode: remote
  remote:
    outputDir: migration/
    cloud: aws
    endpoint: 127.0.0.1:9000
    region: us-east-1
    bucket: a-bucket
    ak: minioadmin
    sk: minioadmin
    useIAM: false
    useSSL: false
    checkBucket: true
  milvus2x:
    endpoint: 127.0.0.1:19530
    username: ""
    password: ""
YAML

echo "=== faiss2milvus migrate --config $demo/migration.yaml" >&2
build/release/src/cli/faiss2milvus migrate --config "$demo/migration.yaml" --drop-existing

echo "=== what pymilvus sees" >&2
"$py" - <<'PY'
import warnings
warnings.filterwarnings("ignore")
from pymilvus import connections, Collection
connections.connect(host="127.0.0.1", port="19530")
c = Collection("faiss_demo")
c.load()
n = c.query(expr="", output_fields=["count(*)"], consistency_level="Strong")[0]["count(*)"]
print(f"collection faiss_demo: {n} entities")
PY
