"""Helpers for the end-to-end tests of `load`, `migrate` and `verify` against the real Milvus
2.3.5 and MinIO (tests/e2e/test_load_migrate.py, test_kill_resume.py).

Indexes are built with faiss-cpu from known vectors, so the source of truth is the data itself;
configs follow the seed's migration.yaml shape; pymilvus reads back what landed.
"""
import json
import subprocess

import numpy as np
import pytest

from helpers import run_cli
from milvus_helpers import HOST, PORT, MILVUS_SH, milvus_status, restart_milvus, unique_name

MINIO = "127.0.0.1:9000"
BUCKET = "a-bucket"


def require_minio():
    out = subprocess.run(["bash", str(MILVUS_SH.parent / "servers.sh"), "status", "minio"],
                         capture_output=True, text=True)
    if out.stdout.strip() != "minio: up":
        pytest.fail("MinIO is not running: `scripts/servers.sh start minio` (never skipped)")


def ensure_milvus(*flags):
    """Restarts Milvus with `flags` unless it runs with them; returns the flags it had."""
    status = milvus_status()
    if not status.startswith("running"):
        pytest.fail("Milvus is not running: `scripts/milvus.sh start --minio` (never skipped)")
    had = status.split()[1:]
    if sorted(had) != sorted(flags):
        restart_milvus(*flags)
    return had


def s3():
    import boto3
    return boto3.client("s3", endpoint_url=f"http://{MINIO}", aws_access_key_id="minioadmin",
                        aws_secret_access_key="minioadmin", region_name="us-east-1")


def build_index(path, kind, n=3000, d=32, seed=0):
    """Writes a Faiss index of `kind` (ivfflat | flat | idmap | hnsw) of n x d float32 vectors;
    returns (ids, vectors) as Faiss stores them (these kinds are exact)."""
    import faiss
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(np.float32)
    ids = np.arange(n, dtype=np.int64)
    if kind == "ivfflat":
        index = faiss.IndexIVFFlat(faiss.IndexFlatL2(d), d, 16)
        index.train(x)
        index.add(x)
    elif kind == "flat":
        index = faiss.IndexFlatL2(d)
        index.add(x)
    elif kind == "idmap":
        ids = rng.permutation(np.arange(10**9, 10**9 + 10 * n, 10, dtype=np.int64))
        index = faiss.IndexIDMap(faiss.IndexFlatIP(d))
        index.add_with_ids(x, ids)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(d, 16)
        index.add(x)
    else:
        raise ValueError(kind)
    faiss.write_index(index, str(path))
    return ids, x


def config_yaml(index, collection, *, remote=True, out_dir=None, endpoint=f"{HOST}:{PORT}",
                password=None, max_file_size="128KiB", dim=None):
    """The seed's migration.yaml shape (target.mode remote into MinIO, or local)."""
    lines = [
        "dumper:",
        "  worker: {limit: 2, workMode: faiss, reader: {bufferSize: 1024}, writer: {bufferSize: 1024}}",
        f"  chunk: {{maxFileSize: {max_file_size}}}",
        "loader:",
        "  worker: {limit: 2}",
        "source:",
        "  mode: local",
        f"  local: {{faissFile: {json.dumps(str(index))}}}",
        "target:",
        "  create:",
        f"    collection: {{name: {collection}, shardsNums: 2"
        + (f", dim: {dim}" if dim else "") + "}",
    ]
    if remote:
        lines += [
            "  mode: remote",
            f"  remote: {{outputDir: {out_dir or 'f2m-e2e/' + collection + '/'}, cloud: aws, "
            f"endpoint: {MINIO}, region: us-east-1, bucket: {BUCKET}, ak: minioadmin, "
            "sk: minioadmin, useIAM: false, useSSL: false, checkBucket: true}",
        ]
    else:
        lines += ["  mode: local", f"  local: {{outputDir: {json.dumps(str(out_dir))}}}"]
    lines.append(f"  milvus2x: {{endpoint: {endpoint}"
                 + (f", username: root, password: {password}" if password else "") + "}")
    return "\n".join(lines) + "\n"


def write_config(tmp_path, *args, **kw):
    path = tmp_path / f"migration-{unique_name('c')}.yaml"
    path.write_text(config_yaml(*args, **kw))
    return path


def f2m(binary, command, config, crash_at=None, timeout=600):
    env = {"F2M_TEST_CRASH_AT": crash_at} if crash_at else {}
    return run_cli(binary, command, "--config", config, env=env, timeout=timeout)


def connect(user="", password=""):
    from pymilvus import connections
    alias = unique_name("conn")
    connections.connect(alias, host=HOST, port=str(PORT), user=user, password=password, timeout=30)
    return alias


def all_ids(collection, alias):
    """Every id in the collection (duplicates kept), read with Strong consistency."""
    from pymilvus import Collection
    c = Collection(collection, using=alias)
    c.load()
    rows = c.query(expr="id >= -9223372036854775807", output_fields=["id"], limit=16384,
                   consistency_level="Strong")
    return [int(r["id"]) for r in rows]


def count(collection, alias):
    from pymilvus import Collection
    c = Collection(collection, using=alias)
    c.load()
    return c.query(expr="", output_fields=["count(*)"], consistency_level="Strong")[0]["count(*)"]


def assert_exact_copy(collection, alias, ids, vectors, sample=1000, seed=1):
    """count == ntotal, no duplicate id, and `sample` vectors equal to the source bit for bit."""
    from pymilvus import Collection
    got = all_ids(collection, alias)
    assert len(got) == len(ids), f"{len(got)} rows in milvus, ntotal {len(ids)}"
    assert len(set(got)) == len(got), "duplicate ids in milvus"
    assert set(got) == set(int(i) for i in ids)
    assert count(collection, alias) == len(ids)
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(ids), size=min(sample, len(ids)), replace=False)
    c = Collection(collection, using=alias)
    want = {int(ids[i]): vectors[i] for i in pick}
    keys = list(want)
    for at in range(0, len(keys), 500):
        chunk = keys[at:at + 500]
        rows = c.query(expr=f"id in {chunk}", output_fields=["id", "data"],
                       consistency_level="Strong")
        assert len(rows) == len(chunk)
        for r in rows:
            v = np.asarray(r["data"], dtype=np.float32)
            assert v.tobytes() == want[int(r["id"])].tobytes(), f"vector of id {r['id']} differs"


def drop(collection, alias):
    from pymilvus import utility
    if utility.has_collection(collection, using=alias):
        utility.drop_collection(collection, using=alias)


def completed_tasks_per_part(collection, alias):
    """{files: number of Completed import tasks} for the collection (2.3 keeps 24 h of tasks)."""
    from pymilvus import utility
    out = {}
    for t in utility.list_bulk_insert_tasks(limit=0, collection_name=collection, using=alias):
        if t.state_name == "Completed":
            key = ",".join(sorted(t.files))
            out[key] = out.get(key, 0) + 1
    return out
