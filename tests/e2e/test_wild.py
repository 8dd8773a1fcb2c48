"""Real Faiss files saved by other people (shared/fixtures/wild, see its README): dump each and
compare with truth.npz (what faiss-cpu 1.15 reconstructs). Ids exact; float vectors bit-exact
for exact kinds, within 1e-6 x scale for lossy ones; binary vectors byte-exact.

Kinds the tool does not support are expected to be refused with a message that names them: the
WILD table below is the one place to flip when support changes. Nothing here is skipped."""

import json
import os

import numpy as np
import pytest

from helpers import (assert_error_line, assert_mentions, assert_no_manifest, assert_same_rows,
                     read_dump, run_cli, wild_root, write_config)

# folder prefix -> expectation:
#   "exact"            dump, bit-exact with truth
#   "lossy"            dump, within 1e-6 x scale
#   "binary"           dump, uint8 (n, d/8) byte-exact
#   ("refuse", names, whys): one error line naming the kind (any of names) and why (any of whys)
LOSSY_WHY = ("lossy", "not exact", "approximat", "unsupported", "not supported")
WILD = {
    "0xkibh__local-llm": "exact",
    "AIAnytime__Your-Private-StackOverflow": "exact",
    "Aditya285-S__VishwaBot": "exact",
    "Ahmed-Sarmoum__AI-langchain-javascript": "exact",
    "FabioMeneghini__ChatHelp": "exact",
    "Getch-27__semantic-search-movie-recommendation": "lossy",  # IVFPQ
    "YeQiu17__person-reid": "exact",  # ntotal 0
    "ZhenWei93__drug_images_recognize_api": "exact",
    "gaurav337__DejaView": "binary",
    "hwchase17__notion-qa": "exact",
    "julnas__ImageRecommender": "exact",
    "leishu-qiu__quantization-benchmark": "binary",  # IndexBinaryHNSW
    "opensearch-project__k-NN__src_test_resources_data_memoryoptsearch_faiss_binary": "binary",
    # HNSW-CAGRA whose storage is an fp16 scalar quantizer (IHc2 > IxSQ): decoded, so "lossy"
    # (fp16 -> float32 is exact for these values, but the tool cannot know the source was fp16).
    "opensearch-project__k-NN__src_test_resources_data_memoryoptsearch_faiss_cagra2": "lossy",
    # HNSW-CAGRA with flat float32 storage: a relative of IHNf (exact); its IDMap says d = 0.
    "opensearch-project__k-NN__src_test_resources_data_remoteindexbuild_cagra": "exact",
    "saketanalyst-eng__hotel-buddy": "exact",
}


def folders():
    root = wild_root()
    if not root.is_dir():
        raise RuntimeError(f"wild fixtures not found at {root}: set F2M_WILD")
    return sorted(p for p in root.iterdir() if (p / "facts.json").is_file())


def expectation(folder):
    hits = [v for k, v in WILD.items() if folder.name.startswith(k)]
    assert len(hits) == 1, f"{folder.name}: {len(hits)} entries in WILD"
    return hits[0]


def load(folder):
    facts = json.loads((folder / "facts.json").read_text())
    index = folder / os.path.basename(facts["path"])
    assert index.is_file(), index
    with np.load(folder / "truth.npz") as z:
        return facts, index, z["ids"], z["vectors"]


def test_every_folder_has_one_expectation():
    fs = folders()
    assert len(fs) >= 16, [f.name for f in fs]
    for f in fs:
        expectation(f)


@pytest.mark.parametrize("folder", folders() if wild_root().is_dir() else [],
                         ids=lambda p: p.name[:60])
def test_wild_dump(f2m_bin, tmp_path, folder):
    facts, index, want_ids, want_vecs = load(folder)
    expect = expectation(folder)
    out = tmp_path / "out"
    cfg = write_config(tmp_path / "migration.yaml", index, out, name="wild")
    run = run_cli(f2m_bin, "dump", "--config", cfg)
    if isinstance(expect, tuple):
        _, names, whys = expect
        line = assert_error_line(run)
        assert_mentions(line, str(index), names, whys)
        assert_no_manifest(tmp_path)
        return
    assert run.rc == 0, run
    binary = expect == "binary"
    d = want_vecs.shape[1] * (8 if binary else 1)
    m, ids, vecs = read_dump(out / "wild", d, "|u1" if binary else "<f4",
                             ntotal=facts["ntotal"])
    assert m["index"]["exact"] is (expect != "lossy"), m["index"]
    assert m["index"]["vector_type"] == ("binary" if binary else "float32"), m["index"]
    assert_same_rows(ids, vecs, want_ids, want_vecs, exact=expect != "lossy")


@pytest.mark.parametrize("folder", [f for f in (folders() if wild_root().is_dir() else [])
                                    if not isinstance(expectation(f), tuple)],
                         ids=lambda p: p.name[:60])
def test_wild_inspect(f2m_bin, folder):
    facts, index, want_ids, want_vecs = load(folder)
    run = run_cli(f2m_bin, "inspect", index, "--json")
    assert run.rc == 0, run
    j = json.loads(run.stdout)
    assert j["ntotal"] == facts["ntotal"] == len(want_ids)
    assert j["d"] in (want_vecs.shape[1], 8 * want_vecs.shape[1]), (j["d"], want_vecs.shape)
    assert j["nodes"][0]["fourcc"] == facts["fourcc"]
    assert j["metric"] == {"L2": "L2", "INNER_PRODUCT": "IP", "HAMMING": "HAMMING"}[
        facts["metric_type"]]
    if expectation(folder) == "binary":
        assert j["vector_type"] == "binary" and j["d"] == 8 * want_vecs.shape[1], j
        return
    if facts["fourcc"] == "IwFl":
        assert j["ivf"]["nlist"] == facts["components"]["nlist"]
