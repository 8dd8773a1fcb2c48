"""`faiss2milvus dump` against every generated fixture (Debian faiss 1.7.3 and PyPI faiss-cpu):
every (id, vector) bit-exact with what Faiss reconstructs, nothing missing or repeated, files as
numpy.save writes them, and a manifest that tells the truth (docs/formats.md)."""

import json
import math
import os

import numpy as np
import pytest

import faiss_fixtures
from helpers import (assert_error_line, assert_mentions, assert_no_manifest, assert_same_rows,
                     case_params, dump, read_dump, run_cli, write_config)

METRIC_NAMES = {0: "IP", 1: "L2", 2: "L1", 3: "Linf", 4: "Lp"}
DEFAULT_MAX_FILE_SIZE = 1 << 30

# Faiss metrics of exact kinds that `dump` refuses, by name, because Milvus has no equivalent
# for float vectors (inspect still describes them). Flip an entry to "ok" to require the dump.
METRIC_DUMP = {"L2": "ok", "IP": "ok", "L1": "refuse", "Linf": "refuse", "Lp": "refuse"}


def exact_kind(name, spec):
    return faiss_fixtures.is_exact_float(spec)


def check_manifest(m, case, coll_name="test", id_field="id", vector_field="data",
                   max_file_size=DEFAULT_MAX_FILE_SIZE):
    e = case.entry
    idx = m["index"]
    assert idx["ntotal"] == e["ntotal"] and idx["d"] == e["d"]
    assert idx["metric_type"] == e["metric_type"], idx
    assert idx["metric"] == METRIC_NAMES[e["metric_type"]], idx
    assert idx["vector_type"] == "float32" and idx["exact"] is True, idx
    assert idx["ids"] == e["ids_kind"], (idx["ids"], e["ids_kind"])
    tree = idx["type_tree"]
    at = -1
    for fourcc in e["chain"]:  # the expected fourccs appear in this order
        nxt = tree.find(fourcc, at + 1)
        assert nxt > at, f"{fourcc} not in order in type tree {tree!r} (want {e['chain']})"
        at = nxt
    assert tree.startswith(e["chain"][0]), tree
    assert m["collection"] == {"name": coll_name, "id_field": id_field,
                               "vector_field": vector_field}, m["collection"]
    src = m["source"]
    assert os.path.realpath(src["path"]) == os.path.realpath(case.path), src
    assert src["size"] == os.path.getsize(case.path), src
    assert src["mtime_ns"] == os.stat(case.path).st_mtime_ns, src
    row_bytes = 4 * e["d"]
    rpp = m["rows_per_part"]
    assert rpp == max_file_size // row_bytes, (rpp, max_file_size, row_bytes)
    parts = m["parts"]
    assert len(parts) == math.ceil(e["ntotal"] / rpp), (len(parts), e["ntotal"], rpp)
    for p in parts[:-1]:
        assert p["rows"] == rpp, p
    for p in parts:
        assert p["state"] in ("written", "complete", "done"), p


@pytest.mark.parametrize("case", case_params(exact_kind), indirect=True)
def test_dump_bit_exact(f2m_bin, tmp_path, case):
    run, coll = dump(f2m_bin, tmp_path, case.path)
    metric = METRIC_NAMES[case.entry["metric_type"]]
    if METRIC_DUMP[metric] == "refuse":
        line = assert_error_line(run)
        assert_mentions(line, str(case.path), "metric", metric, "Milvus")
        assert_no_manifest(tmp_path)
        return
    assert run.rc == 0, run
    assert "faiss2milvus: error" not in run.stderr, run
    m, ids, vecs = read_dump(coll, case.entry["d"], ntotal=case.entry["ntotal"])
    check_manifest(m, case)
    want_ids, want_vecs = case.truth()
    assert_same_rows(ids, vecs, want_ids, want_vecs, exact=True)
    if case.entry["ids"] != "dup":
        assert len(np.unique(ids)) == len(ids), "repeated ids"


# name, maxFileSize: several parts, row counts that do not divide evenly, a size that is not a
# multiple of the row size, one exactly one part's worth, d = 4096 rows of 16 KiB.
CHUNKED = [
    ("flat_l2_d64_n1000", 256 * 128),
    ("ivf_full_l2_d64_n5000_nl64_random", 256 * 2000),
    ("idmap2_hnsw_d64_n2000_random", 256 * 333 + 5),
    ("idmap_flat_d64_n1000_random", 256 * 1000),
    ("flat_l2_d4096_n300", 16384 * 7),
    ("ivf_sprs_l2_d64_n50_nl1024_random", 256 * 3),
    ("flat_l2_d1_n1000", 4 * 999),
]


@pytest.mark.parametrize("case,max_size", [
    pytest.param((label, name), size, id=f"{label}/{name}/{size}")
    for label in ("debian", "pypi") for name, size in CHUNKED], indirect=["case"])
def test_dump_chunked(f2m_bin, tmp_path, case, max_size):
    run, coll = dump(f2m_bin, tmp_path, case.path, max_file_size=max_size)
    assert run.rc == 0, run
    m, ids, vecs = read_dump(coll, case.entry["d"], ntotal=case.entry["ntotal"])
    check_manifest(m, case, max_file_size=max_size)
    for p in m["parts"]:
        data = next(f for f in p["files"] if f["name"] == "data.npy")
        assert data["bytes"] - 128 <= max_size, (p["name"], data["bytes"], max_size)
    want = math.ceil(case.entry["ntotal"] / (max_size // (4 * case.entry["d"])))
    assert len(m["parts"]) == want
    assert_same_rows(ids, vecs, *case.truth())


@pytest.mark.parametrize("case", [pytest.param(("pypi", "idmap_ivf_d64_n2000_random"),
                                               id="pypi/idmap_ivf")], indirect=True)
def test_field_names_and_collection(f2m_bin, tmp_path, case):
    run, coll = dump(f2m_bin, tmp_path, case.path, name="docs_v2", id_field="pk",
                     vector_field="embedding")
    assert run.rc == 0, run
    assert coll.name == "docs_v2"
    m, ids, vecs = read_dump(coll, 64, id_field="pk", vector_field="embedding", ntotal=2000)
    check_manifest(m, case, coll_name="docs_v2", id_field="pk", vector_field="embedding")
    assert_same_rows(ids, vecs, *case.truth())


@pytest.mark.parametrize("case,metric", [
    pytest.param(("debian", "flat_ip_d64_n1000"), "IP", id="debian/flat_ip"),
    pytest.param(("pypi", "ivf_full_l2_d64_n5000_nl64_random"), "L2", id="pypi/ivf_l2"),
    pytest.param(("pypi", "idmap_hnsw_d64_n2000_random"), "L2", id="pypi/idmap_hnsw")],
    indirect=["case"])
def test_config_dim_and_metric_that_agree(f2m_bin, tmp_path, case, metric):
    run, coll = dump(f2m_bin, tmp_path, case.path, dim=case.entry["d"], metric=metric)
    assert run.rc == 0, run
    m, ids, vecs = read_dump(coll, case.entry["d"], ntotal=case.entry["ntotal"])
    assert_same_rows(ids, vecs, *case.truth())


def test_seed_style_config_with_shardsNums_and_unknown_key(f2m_bin, tmp_path, flat_case):
    """milvus-migration's docs spell shardsNums; an unknown key is a warning, not an error."""
    cfg = tmp_path / "migration.yaml"
    text = write_config(cfg, flat_case.path, tmp_path / "out")
    body = open(text).read().replace("shardsNum: 2", "shardsNums: 2\n      someFutureKey: 1")
    cfg.write_text(body)
    run = run_cli(f2m_bin, "dump", "--config", cfg)
    assert run.rc == 0, run
    assert "someFutureKey" in run.stderr, f"unknown key should be warned about\n{run}"
    m, ids, vecs = read_dump(tmp_path / "out" / "test", 64, ntotal=1000)
    assert_same_rows(ids, vecs, *flat_case.truth())


def test_default_config_path(f2m_bin, tmp_path, flat_case):
    """Without --config, configs/migration.yaml under the working directory is read."""
    (tmp_path / "configs").mkdir()
    write_config(tmp_path / "configs" / "migration.yaml", flat_case.path, tmp_path / "out")
    run = run_cli(f2m_bin, "dump", cwd=tmp_path)
    assert run.rc == 0, run
    m, ids, vecs = read_dump(tmp_path / "out" / "test", 64, ntotal=1000)
    assert_same_rows(ids, vecs, *flat_case.truth())


def test_manifest_is_json_written_last(f2m_bin, tmp_path, flat_case):
    """The manifest parses, is complete, and no temporary file is left next to it."""
    run, coll = dump(f2m_bin, tmp_path, flat_case.path, max_file_size=256 * 100)
    assert run.rc == 0, run
    leftovers = [os.path.join(r, f) for r, _, fs in os.walk(tmp_path / "out") for f in fs
                 if not (f == "manifest.json" or f.endswith(".npy"))]
    assert leftovers == [], leftovers
    m = json.loads((coll / "manifest.json").read_text())
    assert m["state"] == "complete" and len(m["parts"]) == 10
