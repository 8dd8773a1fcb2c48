"""Issue 4, kinds refused by name: LSH, IVF spectral hash, an IVF saved with `il00` lists, an HNSW
saved without storage (1.15), RaBitQ flat and IVF (1.15), and float indexes with metric L1 (Milvus
has no L1). Each: exit non-zero, one error line naming the class / fourcc and why, no manifest.
`inspect` still describes them (it writes nothing and is not a migration)."""

import json

import pytest

import lossy_fixtures as LF
from helpers import assert_error_line, assert_mentions, assert_no_manifest, run_cli
from test_lossy_kinds import lcase, lossy_catalogs, lossy_dirs, params, run_dump  # noqa: F401


# fixture -> (ways to name the kind, ways to say why)
HASH_WHY = ("hash", "cannot be recovered", "not decodable", "sign bits")
RABITQ_WHY = ("approximate", "cannot be recovered", "not decodable", "estimate", "lossy")
REFUSALS = {
    "ref_lsh": (("IxHe", "LSH"), HASH_WHY),
    "ref_ivf_spectral_hash": (("IwSh", "SpectralHash", "spectral"), HASH_WHY),
    "ref_ivf_il00": (("il00",), ("not stored", "not in this file", "no lists", "no vectors")),
    "ref_flat_l1": (("L1",), ("Milvus",)),
    "ref_sq8_l1": (("L1",), ("Milvus",)),
    "ref_hnsw_nostorage": (("IHNf", "HNSW"), ("storage", "null", "no vectors")),
    "ref_rabitq": (("Ixrq", "RaBitQ"), RABITQ_WHY),
    "ref_ivf_rabitq": (("Iwrq", "RaBitQ"), RABITQ_WHY),
}


def test_table_covers_every_refusal_fixture():
    assert sorted(REFUSALS) == sorted(LF.names("refuse"))


@pytest.mark.parametrize("lcase", params("refuse"), indirect=True)
def test_refused_by_name(f2m_bin, tmp_path, lcase):
    names, why = REFUSALS[lcase.name]
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path)
    line = assert_error_line(run)
    assert_mentions(line, lcase.path, names, why)
    assert_no_manifest(tmp_path)


@pytest.mark.parametrize("lcase", params("refuse"), indirect=True)
def test_refused_kinds_still_inspect(f2m_bin, tmp_path, lcase):
    """inspect reads the header (d, ntotal, the type tree) or fails with the same clear line."""
    e = lcase.entry
    run = run_cli(f2m_bin, "inspect", lcase.path, "--json", cwd=tmp_path)
    if run.rc == 0:
        j = json.loads(run.stdout)
        assert j["d"] == e["d"] and j["ntotal"] == e["ntotal"], j
        assert j["nodes"][0]["fourcc"] == e["fourcc"], j["nodes"][0]
    else:
        assert_mentions(assert_error_line(run), REFUSALS[lcase.name][0])


@pytest.mark.parametrize("lcase", params("refuse", lambda n, s: n == "ref_ivf_il00"),
                         indirect=True)
def test_il00_fixture_really_has_no_lists(lcase):
    data = open(lcase.path, "rb").read()
    assert data.endswith(b"il00") and b"ilar" not in data
