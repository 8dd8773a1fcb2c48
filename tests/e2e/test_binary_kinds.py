"""Issue 4, binary kinds (IBxF, IBwF, IBHf, IBMp, IBM2, IBHh, IBHm) from faiss 1.7.3 and the
newest faiss-cpu: dumped as uint8 (n, d/8), byte-exact with the codes that were added, ids exact,
manifest vector_type binary; 1.7.3's binary IDMap header stores code_size 0 (checked in the
bytes) and is read anyway; inspect names BIN_FLAT / BIN_IVF_FLAT with the file's nlist."""

import struct

import numpy as np
import pytest

from helpers import read_dump, run_cli
from test_lossy_kinds import (inspect_json, lcase, lossy_catalogs, lossy_dirs, params,  # noqa: F401
                              run_dump)


def assert_same_codes(got_ids, got, want_ids, want):
    assert got.dtype == np.uint8 and got.shape == want.shape, (got.dtype, got.shape, want.shape)
    u, c = np.unique(got_ids, return_counts=True)
    assert (c == 1).all(), f"repeated ids: {u[c > 1][:5]}"
    gi, wi = np.argsort(got_ids, kind="stable"), np.argsort(want_ids, kind="stable")
    assert np.array_equal(got_ids[gi], want_ids[wi]), \
        f"ids differ: missing {np.setdiff1d(want_ids, got_ids)[:5]}"
    bad = np.nonzero((got[gi] != want[wi]).any(axis=1))[0]
    assert len(bad) == 0, f"{len(bad)} rows differ, first id {want_ids[wi][bad[0]]}"


@pytest.mark.parametrize("lcase", params("binary"), indirect=True)
def test_binary_dump_byte_exact(f2m_bin, tmp_path, lcase):
    e = lcase.entry
    t = lcase.truth()
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path)
    assert run.rc == 0, run
    m, ids, vecs = read_dump(coll, e["d"], "|u1", ntotal=e["ntotal"])
    assert m["index"]["vector_type"] == "binary", m["index"]
    assert m["index"]["exact"] is True, m["index"]
    assert m["index"]["metric"] == "HAMMING", m["index"]
    assert_same_codes(ids, vecs, t["ids"].astype(np.int64), t["vectors"])
    assert not [l for l in run.stderr.splitlines() if "lossy" in l.lower()], run


@pytest.mark.parametrize("lcase", params("binary", lambda n, s: s["kind"] == "bidmap"),
                         indirect=True)
def test_binary_idmap_header_code_size(lcase):
    """faiss <= 1.7.4 writes code_size 0 in the IBMp/IBM2 header; newer ones d/8."""
    with open(lcase.path, "rb") as f:
        head = f.read(12)
    assert head[:4] == lcase.entry["fourcc"].encode()
    d, cs = struct.unpack("<ii", head[4:12])
    assert d == lcase.entry["d"]
    assert cs == (0 if lcase.label == "debian" else d // 8), (lcase.label, cs)
    assert lcase.entry["header_code_size"] == cs


@pytest.mark.parametrize("lcase", params("binary", lambda n, s: s["kind"] == "bidmap"),
                         indirect=True)
def test_binary_idmap_inspect(f2m_bin, lcase):
    j = inspect_json(f2m_bin, lcase.path)
    assert j["vector_type"] == "binary" and j["d"] == lcase.entry["d"], j
    assert j["ntotal"] == lcase.entry["ntotal"] and j["ids"] == "id_map", j
    assert j["milvus_index"]["index_type"] == "BIN_FLAT", j["milvus_index"]


@pytest.mark.parametrize("lcase", params("binary", lambda n, s: n in (
    "bin_flat_d256", "bin_ivf_d64", "bin_hnsw_d64")), indirect=True)
def test_binary_inspect(f2m_bin, lcase):
    e = lcase.entry
    j = inspect_json(f2m_bin, lcase.path)
    assert j["vector_type"] == "binary" and j["exact"] is True, j
    assert j["d"] == e["d"] and j["ntotal"] == e["ntotal"], j
    mi = j["milvus_index"]
    if e["kind"] == "bivf":
        assert mi["index_type"] == "BIN_IVF_FLAT", mi
        assert str(mi["params"].get("nlist")) == str(e["nlist"]), mi
        assert j["ivf"] and j["ivf"]["nlist"] == e["nlist"], j["ivf"]
    else:
        assert mi["index_type"] in ("BIN_FLAT", "BIN_IVF_FLAT"), mi
    plan = j["plan"]
    assert plan["row_bytes"] == e["d"] // 8, plan
