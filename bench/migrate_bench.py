#!/usr/bin/env python3
"""Benchmark of `faiss2milvus migrate` into the real Milvus 2.3.5 backed by MinIO (issue 6): not
a test, pytest never collects it.

    scripts/servers.sh start minio && scripts/milvus.sh start --minio
    $F2M_CACHE/venv/bin/python bench/migrate_bench.py [--bin PATH] [--n 1000000] [--dir DIR]

Builds (cached in DIR) an N x 128 IndexIVFFlat with the venv's faiss, then in one run prints:
  1. `migrate` wall time (dump into the bucket + imports + index/load + verify of 1000 ids);
     the verify's share is printed separately (verify is timed on its own after);
  2. Milvus's own import time for the same parts already staged in the bucket (Import of every
     part of the dump into a fresh collection, one at a time as 2.3 runs them, until Completed),
     plus flush/index/load/count, the same end state as `migrate`;
  3. a pymilvus insert loop of the same vectors (batches of 10,000), flush, index, load, count.
Targets (issue 6): migrate <= 1.15x Milvus's own import path; >= 2x faster than the insert loop.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import time
import uuid

import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent
D = 128
BUCKET = "a-bucket"


def build(path, n):
    if path.exists():
        return
    import faiss
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, D)).astype(np.float32)
    index = faiss.IndexIVFFlat(faiss.IndexFlatL2(D), D, 1024)
    index.train(x[:100_000])
    index.add(x)
    faiss.write_index(index, str(path))


def config(path, index, name, out):
    path.write_text(f"""dumper:
  worker: {{limit: 2, workMode: faiss, reader: {{bufferSize: 1024}}, writer: {{bufferSize: 16384}}}}
  chunk: {{maxFileSize: 128MiB}}
loader:
  worker: {{limit: 2}}
source:
  mode: local
  local: {{faissFile: {index}}}
target:
  create:
    collection: {{name: {name}, shardsNums: 2}}
  mode: remote
  remote: {{outputDir: {out}, cloud: aws, endpoint: 127.0.0.1:9000, region: us-east-1, bucket: {BUCKET}, ak: minioadmin, sk: minioadmin, useIAM: false, useSSL: false}}
  milvus2x: {{endpoint: 127.0.0.1:19530}}
""")


def finish(collection, n, index_params):
    """Flush, IVF_FLAT index, load, poll count(*) == n: the end state `migrate` reaches."""
    from pymilvus import utility
    collection.flush()
    collection.create_index("data", index_params)
    utility.wait_for_index_building_complete(collection.name)
    collection.load()
    while collection.query(expr="", output_fields=["count(*)"],
                           consistency_level="Strong")[0]["count(*)"] < n:
        time.sleep(0.2)


def new_collection(name):
    from pymilvus import Collection, CollectionSchema, DataType, FieldSchema
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("data", DataType.FLOAT_VECTOR, dim=D)])
    return Collection(name, schema, shards_num=2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(next(iter(sorted(
        (REPO / "build").glob("*/src/cli/faiss2milvus"), key=lambda p: -p.stat().st_mtime)), "")))
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--dir", default=os.path.expanduser("~/.cache/f2m/bench"))
    args = ap.parse_args()
    from pymilvus import connections, utility
    connections.connect(host="127.0.0.1", port="19530")
    work = pathlib.Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    index = work / f"ivfflat_{args.n}x{D}.index"
    build(index, args.n)
    tag = uuid.uuid4().hex[:8]
    params = {"index_type": "IVF_FLAT", "metric_type": "L2", "params": {"nlist": 1024}}

    # 1. migrate
    name = f"bench_migrate_{tag}"
    out = f"bench/{tag}/"
    cfg = work / f"migrate_{tag}.yaml"
    config(cfg, index, name, out)
    t0 = time.perf_counter()
    r = subprocess.run([args.bin, "migrate", "--config", str(cfg)], capture_output=True, text=True)
    t_migrate = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"migrate failed: {r.stderr}")
    print(f"migrate: {t_migrate:.1f} s ({r.stdout.strip()})", flush=True)
    t0 = time.perf_counter()
    v = subprocess.run([args.bin, "verify", "--config", str(cfg)], capture_output=True, text=True)
    t_verify = time.perf_counter() - t0
    print(f"verify alone (recall over 1M by brute force): {t_verify:.1f} s: "
          f"{(v.stdout or v.stderr).strip()}", flush=True)

    # 2. Milvus's own import of the same staged parts into a fresh collection.
    import boto3
    s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:9000", aws_access_key_id="minioadmin",
                      aws_secret_access_key="minioadmin", region_name="us-east-1")
    keys = sorted(o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=BUCKET, Prefix=f"{out}{name}/part-") for o in page.get("Contents", []))
    parts = sorted({k.rsplit("/", 1)[0] for k in keys})
    own = f"bench_import_{tag}"
    c = new_collection(own)
    c.create_index("data", params)
    t0 = time.perf_counter()
    for p in parts:
        task = utility.do_bulk_insert(own, files=[f"{p}/id.npy", f"{p}/data.npy"])
        while True:
            st = utility.get_bulk_insert_state(task)
            if st.state_name in ("Completed", "Failed", "FailedAndCleaned"):
                break
            time.sleep(0.2)
        if st.state_name != "Completed":
            sys.exit(f"import {p}: {st.failed_reason}")
    t_import = time.perf_counter() - t0
    finish(c, args.n, params)
    t_import_all = time.perf_counter() - t0
    print(f"milvus import of the {len(parts)} staged parts: {t_import:.1f} s "
          f"(+ flush/index/load/count: {t_import_all:.1f} s)", flush=True)

    # 3. pymilvus insert loop.
    import faiss
    src = faiss.read_index(str(index))
    invlists = src.invlists
    ins = f"bench_insert_{tag}"
    c2 = new_collection(ins)
    t0 = time.perf_counter()
    buf_ids, buf_vec, pending = [], [], 0
    for l in range(src.nlist):
        size = invlists.list_size(l)
        if size == 0:
            continue
        ids = faiss.rev_swig_ptr(invlists.get_ids(l), size).copy()
        vec = faiss.rev_swig_ptr(invlists.get_codes(l), size * D * 4).view(np.float32).reshape(size, D).copy()
        buf_ids.append(ids)
        buf_vec.append(vec)
        pending += size
        while pending >= 10_000 or (l == src.nlist - 1 and pending):
            ids_all, vec_all = np.concatenate(buf_ids), np.concatenate(buf_vec)
            take = min(10_000, pending)
            c2.insert([ids_all[:take].tolist(), vec_all[:take]])
            buf_ids, buf_vec, pending = [ids_all[take:]], [vec_all[take:]], pending - take
    finish(c2, args.n, params)
    t_insert = time.perf_counter() - t0
    print(f"pymilvus insert loop (10,000 a batch) + flush/index/load/count: {t_insert:.1f} s")

    print(f"migrate / milvus import path = {t_migrate / t_import_all:.2f} (target <= 1.15)")
    print(f"insert loop / migrate = {t_insert / t_migrate:.2f} (target >= 2)")
    for n in (name, own, ins):
        utility.drop_collection(n)


if __name__ == "__main__":
    main()
