"""End-to-end tests of the milvus layer (src/milvus) against the real Milvus 2.3.5 (PyPI `milvus`).

Run after `scripts/milvus.sh start --local` (local storage: imports take absolute paths). If the
running Milvus uses other flags (--minio, --auth), the module restarts it with --local for its
tests and restores the original flags at the end. The auth test restarts it with --auth.
A Milvus that is not running fails these tests; they never skip.
"""
import numpy as np
import pytest

from milvus_helpers import (ROOT_PASSWORD, ROOT_USER, probe, pymilvus_connect, pymilvus_count,
                            pymilvus_vectors, require_milvus, restart_milvus, unique_name,
                            write_part)

N, DIM = 1000, 16


@pytest.fixture(scope="module", autouse=True)
def local_milvus():
    flags = require_milvus()
    if flags != ["--local"]:
        restart_milvus("--local")
    yield
    if flags != ["--local"]:
        restart_milvus(*flags)


@pytest.fixture
def collection():
    name = unique_name()
    yield name
    probe("drop", name)


def import_and_wait(name, files):
    tasks = probe("import", name, *files).one()["tasks"]
    assert len(tasks) == 1
    return tasks[0], probe("wait", tasks[0])


def test_version_and_import_policy():
    v = probe("version").one()
    assert v["version"] == "v2.3.5-lite"
    assert (v["major"], v["minor"], v["patch"]) == (2, 3, 5)
    assert v["import_allowed"] is True
    assert v["max_in_flight"] == 1 and v["task_expiry_s"] == 900


def test_float_import_roundtrip(tmp_path, collection):
    rng = np.random.default_rng(6)
    ids = rng.permutation(np.unique(rng.integers(-(2**40), 2**40, 2 * N, dtype=np.int64))[:N])
    assert len(ids) == N
    vectors = rng.standard_normal((N, DIM)).astype(np.float32)
    files = write_part(tmp_path / "part-00000", ids, vectors)

    assert probe("has", collection).one() == {"has": False}
    assert probe("create", collection, DIM).rc == 0
    desc = probe("describe", collection).one()
    assert desc["fields"] == [
        {"name": "id", "type": 5, "primary": True, "auto_id": False, "dim": 0},
        {"name": "data", "type": 101, "primary": False, "auto_id": False, "dim": DIM}]

    task, waited = import_and_wait(collection, files)
    final = waited.one()
    assert final["state"] == "Completed" and final["row_count"] == N, waited.stderr
    assert final["files"] == ",".join(files)
    listed = [t for t in probe("list", collection).json if t["task"] == task]
    assert listed and listed[0]["state"] == "Completed"

    assert probe("flush", collection).rc == 0
    assert probe("stats", collection).one()["row_count"] == N
    assert probe("index", collection, "data", "IVF_FLAT", "L2", '{"nlist": 16}').rc == 0
    indexed = probe("index-wait", collection, "data")
    assert indexed.rc == 0 and "index 100%" in indexed.stderr, indexed.stderr
    load = probe("load", collection)
    assert load.rc == 0, load.stderr
    assert "load 100%" in load.stderr
    assert probe("count", collection).one()["count"] == N

    alias = pymilvus_connect()
    assert pymilvus_count(collection, alias) == N

    sample = rng.choice(N, 50, replace=False)
    got = probe("vectors", collection, *ids[sample]).one()
    assert got["dim"] == DIM and sorted(got["ids"]) == sorted(ids[sample].tolist())
    by_id = dict(zip(got["ids"], np.asarray(got["vectors"], dtype=np.float32)))
    theirs = pymilvus_vectors(collection, alias, ids[sample])
    for row in sample:
        want = vectors[row]
        assert by_id[int(ids[row])].tobytes() == want.tobytes()  # bit for bit
        assert np.asarray(theirs[int(ids[row])], dtype=np.float32).tobytes() == want.tobytes()

    query = ",".join(map(repr, vectors[7].tolist()))
    hit = probe("search", collection, "L2", 3, '{"nprobe": 16}', query)
    top = hit.one()
    assert top["ids"][0] == int(ids[7]) and top["scores"][0] == pytest.approx(0.0, abs=1e-4)


def test_binary_import_roundtrip(tmp_path, collection):
    rng = np.random.default_rng(7)
    ids = np.arange(N, dtype=np.int64)
    vectors = rng.integers(0, 256, (N, 8), dtype=np.uint8)  # dim 64 bits
    files = write_part(tmp_path / "bin", ids, vectors)
    assert probe("create", collection, 64, "binary").rc == 0
    assert probe("describe", collection).one()["fields"][1]["type"] == 100
    _, waited = import_and_wait(collection, files)
    assert waited.one()["row_count"] == N
    assert probe("index", collection, "data", "BIN_FLAT", "HAMMING", "{}").rc == 0
    assert probe("load", collection).rc == 0
    assert probe("count", collection).one()["count"] == N
    got = probe("vectors", collection, 0, 500, 999).one()
    for i, row in zip(got["ids"], got["vectors"]):
        assert bytes(row) == vectors[i].tobytes()


def test_failed_import_gives_the_servers_reason(tmp_path, collection):
    assert probe("create", collection, DIM).rc == 0
    missing = [str(tmp_path / "gone" / "id.npy"), str(tmp_path / "gone" / "data.npy")]
    _, waited = import_and_wait(collection, missing)
    assert waited.rc == 1
    err = waited.stderr
    assert "[FAILED_PRECONDITION]" in err
    assert f"failed to get file size of '{missing[0]}'" in err
    assert "no such file or directory" in err
    assert f"(files {missing[0]},{missing[1]})" in err


def test_import_into_missing_collection_is_not_found(tmp_path):
    files = write_part(tmp_path / "p", np.arange(3), np.zeros((3, DIM), np.float32))
    r = probe("import", unique_name("absent"), *files)
    assert r.rc == 1 and "[NOT_FOUND]" in r.stderr and "collection not found" in r.stderr


def test_existing_collection_with_another_dim_is_refused(collection):
    assert probe("create", collection, DIM).rc == 0
    r = probe("create", collection, DIM * 2)
    assert r.rc == 1 and "different parameters" in r.stderr


def test_describe_missing_collection_is_not_found():
    r = probe("describe", unique_name("absent"))
    assert r.rc == 1 and "[NOT_FOUND]" in r.stderr and "collection not found" in r.stderr


def test_query_before_load_is_a_precondition_error(collection):
    assert probe("create", collection, DIM).rc == 0
    r = probe("count", collection)
    assert r.rc == 1 and "[FAILED_PRECONDITION]" in r.stderr and "not loaded" in r.stderr


def test_unreachable_milvus_is_a_clear_error():
    r = probe("version", endpoint="http://127.0.0.1:19599", attempts=2)
    assert r.rc == 1
    assert "[UNAVAILABLE] milvus 127.0.0.1:19599: unreachable (" in r.stderr
    assert "(after 2 attempts)" in r.stderr


def test_auth_wrong_password_is_unauthenticated():
    restart_milvus("--local", "--auth")
    try:
        wrong = probe("version", user=ROOT_USER, password="not-the-password")
        assert wrong.rc == 1
        assert "[UNAUTHENTICATED] milvus 127.0.0.1:19530: auth check failure" in wrong.stderr
        assert "not-the-password" not in wrong.stderr + wrong.stdout
        anonymous = probe("version")
        assert anonymous.rc == 1
        assert "[UNAUTHENTICATED]" in anonymous.stderr and "missing authorization" in anonymous.stderr
        right = probe("version", user=ROOT_USER, password=ROOT_PASSWORD)
        assert right.one()["version"] == "v2.3.5-lite"
        assert ROOT_PASSWORD not in right.stderr
    finally:
        restart_milvus("--local")
