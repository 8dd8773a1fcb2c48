"""`faiss2milvus inspect INDEX [--json]` against the generated fixtures: what it reports must be
what Faiss itself says about the file (d, ntotal, metric, type chain, ids, IVF list sizes), and
the dump plan must match the files `dump` writes (docs/formats.md, `inspect --json`)."""

import json
import math
import os

import pytest

import faiss_fixtures
from helpers import assert_error_line, assert_mentions, case_params, npy_header_bytes, run_cli

METRIC_NAMES = {0: "IP", 1: "L2", 2: "L1", 3: "Linf", 4: "Lp"}
MAX_FILE_SIZE = 1 << 30


def inspect_json(f2m_bin, path, cwd=None):
    run = run_cli(f2m_bin, "inspect", path, "--json", cwd=cwd)
    assert run.rc == 0, run
    try:
        return json.loads(run.stdout)
    except ValueError as e:
        raise AssertionError(f"stdout is not one JSON document ({e})\n{run}")


def expected_total_bytes(ntotal, d, rows_per_part):
    total, left = 0, ntotal
    while left > 0:
        rows = min(left, rows_per_part)
        total += len(npy_header_bytes("<i8", (rows,))) + 8 * rows
        total += len(npy_header_bytes("<f4", (rows, d))) + 4 * d * rows
        left -= rows
    return total


@pytest.mark.parametrize("case", case_params(lambda n, s: faiss_fixtures.is_exact_float(s)),
                         indirect=True)
def test_inspect_json_matches_faiss(f2m_bin, tmp_path, case):
    e = case.entry
    j = inspect_json(f2m_bin, case.path, cwd=tmp_path)
    assert os.listdir(tmp_path) == [], "inspect must write nothing"
    assert os.path.realpath(j["path"]) == os.path.realpath(case.path)
    assert j["size"] == os.path.getsize(case.path)
    assert j["d"] == e["d"] and j["ntotal"] == e["ntotal"], (j["d"], j["ntotal"])
    assert j["metric_type"] == e["metric_type"] and j["metric"] == METRIC_NAMES[e["metric_type"]]
    assert j["vector_type"] == "float32" and j["exact"] is True and not j["lossy_note"], j
    assert j["ids"] == e["ids_kind"], (j["ids"], e["ids_kind"])

    nodes = j["nodes"]
    assert nodes[0]["fourcc"] == e["fourcc"] == e["chain"][0] and nodes[0]["depth"] == 0, nodes[0]
    fourccs = [n["fourcc"] for n in nodes]
    it = iter(fourccs)
    assert all(f in it for f in e["chain"]), f"{e['chain']} not a subsequence of {fourccs}"
    assert all(n["class"] and n["class"].startswith("Index") for n in nodes
               if n["fourcc"].startswith("I")), nodes
    assert j["type_tree"].startswith(f"{nodes[0]['fourcc']}({nodes[0]['class']})"), j["type_tree"]

    ivf = e.get("ivf")
    if e["kind"] in ("ivf", "idmap_ivf", "legacy_ivf"):
        sizes = ivf["sizes"]
        got = j["ivf"]
        assert got is not None, "IVF index without ivf stats"
        assert got["nlist"] == ivf["nlist"] == len(sizes)
        assert got["nonempty_lists"] == sum(1 for s in sizes if s), (got, sizes)
        assert got["min_list"] == min(sizes) and got["max_list"] == max(sizes), got
        assert got["mean_list"] == pytest.approx(sum(sizes) / len(sizes), rel=1e-6, abs=1e-9)
        assert j["milvus_index"]["index_type"] == "IVF_FLAT", j["milvus_index"]
        assert str(j["milvus_index"]["params"].get("nlist")) == str(ivf["nlist"])
    elif e["kind"] in ("flat", "flat_special", "idmap_flat", "hnsw", "idmap_hnsw"):
        assert j["ivf"] is None, j["ivf"]
    if e["kind"] in ("hnsw", "idmap_hnsw"):
        big = e["ntotal"] >= 50000
        assert j["milvus_index"]["index_type"] == "HNSW", j["milvus_index"]
        params = {k: str(v) for k, v in j["milvus_index"]["params"].items()}
        if e["ntotal"] > 1:  # M is read from the graph's level table
            assert params.get("M") == ("8" if big else "16"), params
        assert params.get("efConstruction") == ("16" if big else "40"), params
    if e["kind"] in ("flat", "flat_special", "idmap_flat") and e["metric_type"] in (0, 1):
        assert j["milvus_index"]["index_type"] == "FLAT", j["milvus_index"]

    plan = j["plan"]
    row_bytes = 4 * e["d"]
    rpp = MAX_FILE_SIZE // row_bytes
    assert plan["row_bytes"] == row_bytes and plan["rows_per_part"] == rpp, plan
    assert plan["parts"] == math.ceil(e["ntotal"] / rpp), plan
    assert plan["vector_bytes"] == e["ntotal"] * row_bytes, plan
    assert plan["total_bytes"] == expected_total_bytes(e["ntotal"], e["d"], rpp), plan


@pytest.mark.parametrize("case", [pytest.param((l, n), id=f"{l}/{n}") for l in ("debian", "pypi")
                                  for n in ("flat_l2_d64_n1000", "idmap2_hnsw_d64_n2000_random",
                                            "ivf_sprs_l2_d64_n50_nl1024_random",
                                            "refine_ivfpq_d64_n2000", "flat_lp3_d64_n500")],
                         indirect=True)
def test_inspect_text(f2m_bin, tmp_path, case):
    run = run_cli(f2m_bin, "inspect", case.path, cwd=tmp_path)
    assert run.rc == 0, run
    assert os.listdir(tmp_path) == []
    for fourcc in case.entry["chain"]:
        assert fourcc in run.stdout, f"{fourcc} missing from\n{run.stdout}"
    assert str(case.entry["ntotal"]) in run.stdout and str(case.entry["d"]) in run.stdout
    assert METRIC_NAMES[case.entry["metric_type"]] in run.stdout


@pytest.mark.parametrize("case", case_params(lambda n, s: not faiss_fixtures.is_exact_float(s)),
                         indirect=True)
def test_inspect_lossy_and_binary(f2m_bin, case):
    """Lossy kinds say exact false and what they decode; binary kinds say binary, d in bits.
    A pre-transform that cannot be inverted (PCA reducing d) may be refused, saying how to
    migrate it (dumper.faiss.pretransform: keep)."""
    e = case.entry
    if e["kind"] == "pretransform":
        run = run_cli(f2m_bin, "inspect", case.path, "--json")
        if run.rc != 0:
            line = assert_error_line(run)
            assert_mentions(line, str(case.path), ("pre-transform", "PreTransform", "IxPT"),
                            "pretransform: keep")
            return
    j = inspect_json(f2m_bin, case.path)
    assert j["nodes"][0]["fourcc"] == e["fourcc"] == e["chain"][0], j["nodes"][0]
    assert j["ntotal"] == e["ntotal"] and j["d"] == e["d"], (j["ntotal"], j["d"])
    assert j["ids"] == e["ids_kind"], (j["ids"], e["ids_kind"])
    if e["vector_type"] == "binary":
        assert j["vector_type"] == "binary" and j["exact"] is True, j
        assert j["metric"] == "HAMMING", j["metric"]
        assert j["plan"]["row_bytes"] == e["d"] // 8, j["plan"]
    else:
        assert j["vector_type"] == "float32" and j["exact"] is False and j["lossy_note"], j
        assert j["plan"]["row_bytes"] == 4 * e["d"], j["plan"]
    if e.get("ivf"):
        assert j["ivf"]["nlist"] == e["ivf"]["nlist"], j["ivf"]
        assert j["ivf"]["nonempty_lists"] == sum(1 for s in e["ivf"]["sizes"] if s), j["ivf"]
