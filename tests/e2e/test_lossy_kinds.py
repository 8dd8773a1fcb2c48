"""Issue 4, lossy kinds and pre-transforms: every lossy index from faiss 1.7.3 and the newest
faiss-cpu dumps to the vectors Faiss itself reconstructs (max |diff| <= 1e-6 x the row's max
|component|), ids exact, no row missing or repeated; one warning line names the codes and says
the originals are not in the file; `dumper.faiss.lossy: refuse` is an error with no manifest.
Pre-transforms: orthonormal ones inverted (within 1e-5 x row norm of faiss's reconstruct), the
others refused by default and kept bit for bit with `dumper.faiss.pretransform: keep`.
Fixtures: tests/fixtures/lossy_fixtures.py (both faiss builds, cached)."""

import json

import numpy as np
import pytest

import lossy_fixtures as LF
from helpers import (assert_error_line, assert_mentions, assert_no_manifest, config_text,
                     read_dump, run_cli)


# ----------------------------------------------------------------------------- shared pieces

@pytest.fixture(scope="session")
def lossy_dirs():
    return LF.ensure()


@pytest.fixture(scope="session")
def lossy_catalogs(lossy_dirs):
    return {l: LF.catalog(f) for l, f in lossy_dirs.items()}


class Case:
    def __init__(self, label, folder, entry):
        self.label, self.entry, self.name = label, entry, entry["name"]
        self.folder = folder
        self.path = f"{folder}/{entry['file']}"

    def truth(self):
        e = self.entry
        assert e.get("truth_by"), (f"{self.label}/{self.name}: no Faiss reconstruction to compare "
                                   f"with ({e.get('native_error')}; {e.get('oracle_error')})")
        with np.load(f"{self.folder}/{e['truth']}") as z:
            return {k: z[k] for k in z.files}


@pytest.fixture
def lcase(request, lossy_dirs, lossy_catalogs):
    label, name = request.param
    entry = lossy_catalogs[label]["fixtures"].get(name)
    assert entry is not None, f"{label}/{name} was not generated"
    return Case(label, lossy_dirs[label], entry)


# Known reader bugs: only for the `dump` decode test (xfail strict: an XPASS means fixed).
KNOWN_BUGS = {}


def params(group, pred=lambda n, s: True, bugs=None):
    bugs = bugs or {}
    return [pytest.param((label, name), id=f"{label}/{name}",
                         marks=[pytest.mark.xfail(strict=True, reason=bugs[name])]
                         if name in bugs else [])
            for label in LF.LABELS for name in LF.names(group, label)
            if pred(name, LF.SPECS[name])]


def write_cfg(tmp_path, index, lossy=None, pretransform=None, ivfdata=None, name="test"):
    text = config_text(index, tmp_path / "out", name=name, lossy=lossy)
    extra = []
    if pretransform is not None:
        extra.append(f"    pretransform: {pretransform}")
    if ivfdata is not None:
        extra.append(f"    ivfdataFile: {json.dumps(str(ivfdata))}")
    if extra:
        if "  faiss:\n" in text:
            text = text.replace("  faiss:\n", "  faiss:\n" + "\n".join(extra) + "\n", 1)
        else:
            text = text.replace("loader:\n", "  faiss:\n" + "\n".join(extra) + "\nloader:\n", 1)
    cfg = tmp_path / "migration.yaml"
    cfg.write_text(text)
    return cfg


def run_dump(f2m_bin, tmp_path, index, **kw):
    cfg = write_cfg(tmp_path, index, **kw)
    return run_cli(f2m_bin, "dump", "--config", cfg), tmp_path / "out" / kw.get("name", "test")


def inspect_json(f2m_bin, path):
    run = run_cli(f2m_bin, "inspect", path, "--json")
    assert run.rc == 0, run
    return json.loads(run.stdout)


def assert_rows_close(got_ids, got, want_ids, want, rel=1e-6, norm="max"):
    """Same ids (multiset, exact), each row within rel x (row max |x| or row L2 norm)."""
    assert got_ids.dtype == np.int64
    assert len(got_ids) == len(want_ids), f"{len(got_ids)} rows, want {len(want_ids)}"
    assert len(np.unique(want_ids)) == len(want_ids), "fixture ids are unique"
    u, c = np.unique(got_ids, return_counts=True)
    assert (c == 1).all(), f"repeated ids in the dump: {u[c > 1][:5]}"
    missing = np.setdiff1d(want_ids, got_ids)
    assert len(missing) == 0, f"{len(missing)} ids missing, e.g. {missing[:5]}"
    gi, wi = np.argsort(got_ids, kind="stable"), np.argsort(want_ids, kind="stable")
    g, w = got[gi].astype(np.float64), want[wi].astype(np.float64)
    scale = np.abs(w).max(axis=1) if norm == "max" else np.linalg.norm(w, axis=1)
    err = np.abs(g - w).max(axis=1) if g.size else np.zeros(0)
    bad = np.nonzero(err > rel * scale)[0]
    if len(bad):
        j = bad[np.argmax(err[bad] / np.maximum(scale[bad], 1e-30))]
        raise AssertionError(
            f"{len(bad)} of {len(g)} rows differ by more than {rel} x row scale; worst id "
            f"{want_ids[wi][j]}: |diff| {err[j]:.3g}, scale {scale[j]:.3g}\n"
            f"got  {g[j][:8]}\nwant {w[j][:8]}")


def warning_lines(run):
    return [l for l in run.stderr.splitlines() if l.strip() and "error:" not in l]


# ----------------------------------------------------------------------------- lossy decode

CODE_WORDS = {  # how the warning may name the codes of each family
    "IxSQ": ("scalar", "SQ"), "IwSq": ("scalar", "SQ"), "IHNs": ("scalar", "SQ"),
    "IxPq": ("product", "PQ"), "IwPQ": ("product", "PQ"), "IwQR": ("product", "PQ"),
    "IHNp": ("product", "PQ"), "IPfs": ("product", "PQ", "fast"), "IwPf": ("product", "PQ"),
    "IxRq": ("residual", "RQ", "additive"), "IwRQ": ("residual", "RQ", "additive"),
    "IxLS": ("local", "LSQ", "additive"), "IwLS": ("local", "LSQ", "additive"),
    "IxPR": ("residual", "RQ", "additive"), "IwPR": ("residual", "RQ", "additive"),
    "IxPL": ("local", "LSQ", "additive"), "ILfs": ("local", "LSQ", "additive"),
    "IRfs": ("residual", "RQ", "additive"),
}
ORIGINALS_GONE = ("original vectors are not", "originals are not", "not in the file",
                  "not stored", "not exact")


@pytest.mark.parametrize("lcase", params("lossy", bugs=KNOWN_BUGS), indirect=True)
def test_lossy_decode_matches_faiss(f2m_bin, tmp_path, lcase):
    e = lcase.entry
    t = lcase.truth()
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path)
    assert run.rc == 0, run
    m, ids, vecs = read_dump(coll, e["d"], ntotal=e["ntotal"])
    assert m["index"]["exact"] is False, m["index"]
    assert m["index"]["vector_type"] == "float32"
    assert m["index"]["ids"] == ("per_list" if e.get("ivf") or e["kind"] in ("ivfsq", "ivfpq")
                                 else "sequential"), m["index"]
    assert_rows_close(ids, vecs, t["ids"], t["vectors"])


WARN_CASES = ("sq_8bit", "ivfsq_6bit_nores", "pq_m4_nbits10", "ivfpq_m8_nbits8", "hnsw_pq8",
              "pqfs_m8", "ivfpqfs_m8", "aq_LSQ2x4", "ivfaq_PRQ2x2x4", "ivfpqr_pq8_8")


@pytest.mark.parametrize("lcase", params("lossy", lambda n, s: n in WARN_CASES), indirect=True)
def test_lossy_warning_line(f2m_bin, tmp_path, lcase):
    """Exactly one warning line: which codes the vectors were decoded from, and that the
    original vectors are not in the file."""
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path)
    assert run.rc == 0, run
    warns = [l for l in warning_lines(run) if any(w in l.lower() for w in ("lossy", "decoded"))]
    assert len(warns) == 1, f"want exactly one lossy warning line\n{run}"
    assert_mentions(warns[0], CODE_WORDS[lcase.entry["fourcc"]], ORIGINALS_GONE)


@pytest.mark.parametrize("lcase", params("lossy", lambda n, s: n in (
    "sq_8bit", "ivfsq_4bit_res", "pq_m8_nbits4", "ivfpq_m8_nbits8", "hnsw_sq8", "hnsw_pq8",
    "pqfs_m8", "ivfpqfs_m8", "aq_RQ2x6_Nqint8", "ivfaq_RQ2x4", "ivfpqr_pq8_8")), indirect=True)
def test_lossy_refused_by_policy(f2m_bin, tmp_path, lcase):
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path, lossy="refuse")
    line = assert_error_line(run)
    assert_mentions(line, lcase.path, ("lossy", "decoded", "not exact", "original vectors"),
                    "dumper.faiss.lossy")
    assert_no_manifest(tmp_path)


# ----------------------------------------------------------------------------- inspect

def milvus(j):
    mi = j["milvus_index"]
    return mi["index_type"], {k: str(v) for k, v in mi["params"].items()}


@pytest.mark.parametrize("lcase", params("lossy", lambda n, s: n in (
    "ivfsq_8bit_res", "ivfsq_8bit_nores", "ivfpq_m8_nbits8", "ivfpq_m4_nbits10", "hnsw_sq8",
    "hnsw_pq8", "pq_m8_nbits8", "sq_8bit")), indirect=True)
def test_inspect_lossy(f2m_bin, lcase):
    e = lcase.entry
    j = inspect_json(f2m_bin, lcase.path)
    assert j["exact"] is False and j["lossy_note"], j
    assert j["ntotal"] == e["ntotal"] and j["d"] == e["d"], j
    kind, p = milvus(j)
    if e["kind"] == "ivfsq":
        assert kind == "IVF_SQ8" and p.get("nlist") == str(e["nlist"]), j["milvus_index"]
    elif e["kind"] == "ivfpq":
        assert kind == "IVF_PQ", j["milvus_index"]
        assert p.get("nlist") == str(e["nlist"]) and p.get("m") == str(e["M"]) \
            and p.get("nbits") == str(e["nbits"]), j["milvus_index"]
    elif e["fourcc"] in ("IHNs", "IHNp"):
        assert kind.startswith("HNSW"), j["milvus_index"]
        assert p.get("M") == str(e["hnsw_M"]), j["milvus_index"]
        assert p.get("efConstruction") == str(e["hnsw"]["efConstruction"]), j["milvus_index"]
    elif e["fourcc"] == "IxPq":
        assert kind == "IVF_PQ" and p.get("m") == str(e["M"]) \
            and p.get("nbits") == str(e["nbits"]), j["milvus_index"]


# ----------------------------------------------------------------------------- pre-transforms

@pytest.mark.parametrize("lcase", params("pretransform", lambda n, s: s["invertible"]),
                         indirect=True)
def test_pretransform_inverted(f2m_bin, tmp_path, lcase):
    e = lcase.entry
    t = lcase.truth()
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path)
    assert run.rc == 0, run
    m, ids, vecs = read_dump(coll, e["d"], ntotal=e["ntotal"])
    assert_rows_close(ids, vecs, t["ids"], t["vectors"], rel=1e-5, norm="l2")
    # and not simply the transformed vectors
    inner = t["inner"][np.argsort(t["ids"])]
    assert not np.allclose(vecs[np.argsort(ids)], inner, atol=1e-3), "transform not inverted"


@pytest.mark.parametrize("lcase", params("pretransform", lambda n, s: not s["invertible"]),
                         indirect=True)
def test_pretransform_refused_by_default(f2m_bin, tmp_path, lcase):
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path)
    line = assert_error_line(run)
    names = {"PCA": ("PCA", "Pcam"), "VNrm": ("VNrm", "Normaliz", "L2norm")}[lcase.entry["transform"]]
    assert_mentions(line, lcase.path, names, "dumper.faiss.pretransform: keep")
    assert_no_manifest(tmp_path)


@pytest.mark.parametrize("lcase", params("pretransform"), indirect=True)
def test_pretransform_keep(f2m_bin, tmp_path, lcase):
    e = lcase.entry
    t = lcase.truth()
    run, coll = run_dump(f2m_bin, tmp_path, lcase.path, pretransform="keep")
    assert run.rc == 0, run
    m, ids, vecs = read_dump(coll, e["d_out"], ntotal=e["ntotal"])
    order_g, order_w = np.argsort(ids), np.argsort(t["ids"])
    assert np.array_equal(ids[order_g], t["ids"][order_w]), "ids differ"
    g, w = vecs[order_g], t["inner"][order_w].astype(np.float32)
    if e.get("ivf"):  # lossy inner index: decoded codes
        assert_rows_close(ids, vecs, t["ids"], t["inner"])
    else:
        bad = np.nonzero((g.view(np.uint32) != w.view(np.uint32)).any(axis=1))[0]
        assert len(bad) == 0, f"{len(bad)} rows differ in bits from the inner index's vectors"
