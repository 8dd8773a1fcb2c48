"""End-to-end tests of `migrate`, `load` and `verify` on the real stack: Milvus 2.3.5 (PyPI
`milvus`) keeping its data in MinIO, and the seed's migration.yaml shape with target.mode
remote (parts written straight into Milvus's bucket, imported by bucket-relative keys).
Then the second configuration: Milvus with local storage and a local dump (absolute paths).

Needs `scripts/servers.sh start minio` and `scripts/milvus.sh start --minio`; the module
restarts Milvus with the flags it needs (--minio, --minio --auth, --local) and restores the
original flags at the end. Nothing skips.
"""
import json

import pytest

from helpers import ERROR_LINE
from migrate_helpers import (BUCKET, assert_exact_copy, build_index, connect, count, drop,
                             ensure_milvus, f2m, require_minio, s3, write_config)
from milvus_helpers import restart_milvus, unique_name


@pytest.fixture(scope="module", autouse=True)
def minio_milvus():
    require_minio()
    had = ensure_milvus("--minio")
    yield
    ensure_milvus(*had)  # restores the flags it ran with (tests may have restarted it)


@pytest.fixture
def alias():
    return connect()


def one_error_line(run):
    lines = run.stderr.strip().splitlines()
    assert run.rc == 1, run
    assert len(lines) == 1 and ERROR_LINE.match(lines[0]), run
    return lines[0]


def manifest_of(collection):
    body = s3().get_object(Bucket=BUCKET, Key=f"f2m-e2e/{collection}/{collection}/manifest.json")
    return json.loads(body["Body"].read())


@pytest.mark.parametrize("kind", ["ivfflat", "flat", "idmap", "hnsw"])
def test_seed_config_remote_migrates_exactly(f2m_bin, tmp_path, alias, kind):
    name = unique_name(f"f2m_{kind}")
    ids, vectors = build_index(tmp_path / "x.index", kind, n=3000, d=32)
    config = write_config(tmp_path, tmp_path / "x.index", name, max_file_size="256KiB")
    try:
        r = f2m(f2m_bin, "migrate", config)
        assert r.rc == 0, r
        assert "migrated 3000 rows" in r.stdout and "1000 sampled vectors equal" in r.stdout, r
        m = manifest_of(name)
        assert m["state"] == "complete" and m["load"]["state"] == "verified"
        assert len(m["parts"]) == 2
        assert all(p["state"] == "completed" and p["import_task"] > 0 for p in m["parts"])
        assert_exact_copy(name, alias, ids, vectors)
        if kind != "ivfflat":
            return
        # A second run finds everything done: nothing written or imported again.
        again = f2m(f2m_bin, "migrate", config)
        assert again.rc == 0, again
        assert "0 written, 0 imported by this run" in again.stdout, again
        assert count(name, alias) == 3000
        v = f2m(f2m_bin, "verify", config)
        assert v.rc == 0 and "count 3000, 1000 sampled vectors equal, recall@10" in v.stdout, v
    finally:
        drop(name, alias)


def test_unreachable_milvus_is_one_line_and_writes_nothing(f2m_bin, tmp_path):
    name = unique_name("f2m_unreach")
    build_index(tmp_path / "x.index", "flat", n=100, d=8)
    config = write_config(tmp_path, tmp_path / "x.index", name, endpoint="127.0.0.1:1")
    line = one_error_line(f2m(f2m_bin, "migrate", config, timeout=120))
    assert "connect to milvus 127.0.0.1:1" in line


def test_existing_collection_with_another_dim_is_refused(f2m_bin, tmp_path, alias):
    from pymilvus import Collection, CollectionSchema, DataType, FieldSchema
    name = unique_name("f2m_dim")
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("data", DataType.FLOAT_VECTOR, dim=8)])
    Collection(name, schema, using=alias)
    try:
        build_index(tmp_path / "x.index", "flat", n=100, d=16)
        config = write_config(tmp_path, tmp_path / "x.index", name)
        line = one_error_line(f2m(f2m_bin, "migrate", config))
        assert "exists with an incompatible schema" in line
        assert "data FloatVector(dim 8) in milvus" in line and "needs data FloatVector(dim 16)" in line
        c = Collection(name, using=alias)
        c.flush()
        assert c.num_entities == 0  # nothing dropped, nothing imported
    finally:
        drop(name, alias)


def test_part_deleted_before_import_fails_with_milvus_reason_then_resumes(f2m_bin, tmp_path,
                                                                          alias):
    name = unique_name("f2m_gone")
    ids, vectors = build_index(tmp_path / "x.index", "ivfflat", n=3000, d=32)
    config = write_config(tmp_path, tmp_path / "x.index", name)
    try:
        assert f2m(f2m_bin, "dump", config).rc == 0
        s3().delete_object(Bucket=BUCKET, Key=f"f2m-e2e/{name}/{name}/part-00001/data.npy")
        line = one_error_line(f2m(f2m_bin, "load", config))
        assert "failed to get file size" in line and "part-00001/data.npy" in line, line
        m = manifest_of(name)
        assert m["parts"][0]["state"] == "completed"
        assert m["parts"][1]["state"] == "written" and len(m["parts"][1]["failed_tasks"]) == 1
        assert "failed to get file size" in m["parts"][1]["failed_reason"]
        # migrate writes the missing part again and imports only what is not imported yet.
        r = f2m(f2m_bin, "migrate", config)
        assert r.rc == 0, r
        assert "1 written" in r.stdout, r
        assert_exact_copy(name, alias, ids, vectors)
    finally:
        drop(name, alias)


def test_wrong_password_is_one_line_with_the_servers_reason(f2m_bin, tmp_path):
    restart_milvus("--minio", "--auth")
    try:
        name = unique_name("f2m_auth")
        build_index(tmp_path / "x.index", "flat", n=100, d=8)
        config = write_config(tmp_path, tmp_path / "x.index", name, password="wrong")
        line = one_error_line(f2m(f2m_bin, "migrate", config, timeout=120))
        assert "auth check failure" in line and "wrong" not in line.replace(name, "")
        ok = write_config(tmp_path, tmp_path / "x.index", name, password="Milvus")
        r = f2m(f2m_bin, "migrate", ok)
        assert r.rc == 0 and "migrated 100 rows" in r.stdout, r
    finally:
        restart_milvus("--minio")


def test_local_storage_milvus_and_local_dump(f2m_bin, tmp_path):
    restart_milvus("--local")
    name = unique_name("f2m_local")
    ids, vectors = build_index(tmp_path / "x.index", "idmap", n=3000, d=32)
    config = write_config(tmp_path, tmp_path / "x.index", name, remote=False,
                          out_dir=tmp_path / "out")
    r = f2m(f2m_bin, "migrate", config)
    assert r.rc == 0, r
    manifest = json.loads((tmp_path / "out" / name / "manifest.json").read_text())
    assert all(p["state"] == "completed" for p in manifest["parts"])
    alias = connect()
    assert_exact_copy(name, alias, ids, vectors)
    drop(name, alias)
