"""One crafted-input CLI test per error path of the walking skeleton (issue 3, "Bad input"):
exit code, exactly one line `faiss2milvus: error: <operation> <object>: <cause>` naming the object
(and the byte offset where one applies), no crash, no allocation sized by an unchecked header
field (the binary runs under a 1 GiB address-space limit), and no manifest.json afterwards."""

import os
import shutil
import signal
import struct
import subprocess
import time

import numpy as np
import pytest

import faiss_fixtures
from helpers import (FLAT_HEADER, Run, assert_error_line, assert_mentions, assert_no_manifest,
                     assert_same_rows, case_params, config_text, flat_bytes, idmap_bytes,
                     numbers_in, read_dump, run_cli, write_config)

MEM_LIMIT = 1 << 30  # RLIMIT_AS: a header-sized allocation (2^40 rows) fails instead of passing
DATA_ERROR = (1,)          # the operation failed (DataLoss, NotFound, Unimplemented...)
CONFIG_ERROR = (2,)        # usage or configuration error
EITHER = (1, 2)            # the contract allows both (issue 3: "exit 1 or 2")

# Lossy and binary kinds: what `dump` does with each (default config). "lossy": dumps the decoded
# vectors, within 1e-6 x scale of Faiss's own decode, manifest exact = false; "binary": uint8
# (n, d/8) byte-exact; ("refuse", why): one error line naming the kind and saying why. `names`
# are the ways a message may name the kind (used by the refusals and the lossy-refuse policy).
CODECS = {
    "lossy_sq8_d64_n500": ("lossy", ("IxSQ", "ScalarQuantizer", "scalar-quantizer", "SQ8")),
    "lossy_pq_d64_n500": ("lossy", ("IxPq", "IndexPQ", "product-quantizer", "PQ8")),
    "lossy_ivfpq_d64_n1000": ("lossy", ("IwPQ", "IVFPQ", "product-quantizer", "PQ8")),
    "lossy_hnswsq_d64_n500": ("lossy", ("IHNs", "HNSWSQ", "scalar-quantizer", "QT_8bit")),
    "binary_flat_d64_n500": ("binary", ("IBxF", "BinaryFlat")),
    "binary_ivf_d64_n500": ("binary", ("IBwF", "BinaryIVF")),
    "binary_idmap_d64_n500": ("binary", ("IBMp", "BinaryIDMap", "IBxF")),
    "binary_hnsw_d64_n500": ("binary", ("IBHf", "BinaryHNSW")),
    "lossy_ivfsq8_d32_n2000": ("lossy", ("IwSq", "IVFScalarQuantizer", "scalar-quantizer",
                                         "QT_8bit")),
    # IndexPreTransform: the tool inverts the random rotation / PCA (faiss reverse_transform).
    "lossy_rr_flat_d32_n500": ("lossy", ("IxPT", "PreTransform", "pre-transform", "rotation")),
    # PCA 32 -> 16 drops components: refused unless dumper.faiss.pretransform: keep.
    "lossy_pca_flat_d32_n500": (("refuse", ("cannot be inverted", "dropped", "lost")),
                                ("IxPT", "PreTransform", "pre-transform", "PCA")),
}
LOSSY_WHY = ("lossy", "not exact", "decoded", "original vectors are not")


def dump_expect_error(f2m_bin, tmp_path, index, codes=DATA_ERROR, **kw):
    out = tmp_path / "out"
    cfg = write_config(tmp_path / "migration.yaml", index, out, **kw)
    run = run_cli(f2m_bin, "dump", "--config", cfg, mem_limit=MEM_LIMIT)
    line = assert_error_line(run, codes)
    assert_no_manifest(tmp_path)
    return line


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def vectors(n, d, seed=7):
    return np.random.default_rng(seed).standard_normal((n, d), dtype=np.float32)


# ----------------------------------------------------------------------------- truncation

FLAT = flat_bytes(vectors(100, 16))  # header ends at 37, count at 37..45, floats from 45
FLAT_PAYLOAD = 45


@pytest.mark.parametrize("cut", [FLAT_PAYLOAD + 1000, FLAT_PAYLOAD + 6399, len(FLAT) - 1],
                         ids=["mid-vectors", "last-row", "one-byte-short"])
def test_truncated_mid_vectors(f2m_bin, tmp_path, cut):
    p = write(tmp_path, "cut.index", FLAT[:cut])
    line = dump_expect_error(f2m_bin, tmp_path, p)
    assert_mentions(line, str(p), ("truncat", "end of file", "eof", "short", "past the end"))
    assert any(37 <= x <= len(FLAT) for x in numbers_in(line)), f"no byte offset in {line!r}"


@pytest.mark.parametrize("cut", [2, 6, 20, 36, 40], ids=lambda c: f"at-{c}")
def test_truncated_mid_header(f2m_bin, tmp_path, cut):
    p = write(tmp_path, "cut.index", FLAT[:cut])
    line = dump_expect_error(f2m_bin, tmp_path, p)
    assert_mentions(line, str(p), ("truncat", "end of file", "eof", "short", "too small",
                                   "past the end", "not a faiss"))
    if cut >= 4:  # once the fourcc is there the reader knows where it stopped
        assert any(0 <= x <= 45 for x in numbers_in(line.split(str(p))[-1])), line


@pytest.mark.parametrize("case", case_params(lambda n, s: n in (
    "ivf_full_l2_d64_n5000_nl64_random", "idmap2_hnsw_d64_n2000_random",
    "idmap_flat_d64_n1000_random", "refine_ivfpq_d64_n2000", "ivf_dm_hash_full_d64_n2000_nl32_random",
    "ivf_sprs_l2_d64_n50_nl1024_random", "idmap_ivf_d64_n2000_random")), indirect=True)
def test_truncated_real_files_everywhere(f2m_bin, tmp_path, case):
    """Cut a real file at 12 places (headers, graph, lists, id_map trailer): always one error
    line, exit 1, never a crash, never a manifest."""
    data = case.path.read_bytes()
    cuts = sorted({4, 30, 41, 100, len(data) // 7, len(data) // 3, len(data) // 2,
                   2 * len(data) // 3, len(data) - 4000, len(data) - 1000, len(data) - 9,
                   len(data) - 1})
    for cut in cuts:
        sub = tmp_path / f"c{cut}"
        sub.mkdir()
        p = write(sub, "cut.index", data[:cut])
        line = dump_expect_error(f2m_bin, sub, p)
        assert str(p) in line, line
        shutil.rmtree(sub)


# ----------------------------------------------------------------------------- not Faiss

FOREIGN = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200),
    "text": b"hello, this is not an index\n" * 20,
    "empty": b"",
    "npy": b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_foreign_file(f2m_bin, tmp_path, kind):
    p = write(tmp_path, f"thing.{kind}", FOREIGN[kind])
    line = dump_expect_error(f2m_bin, tmp_path, p, codes=EITHER)
    assert_mentions(line, str(p), ("faiss", "fourcc", "empty", "truncat", "unknown"))
    run = run_cli(f2m_bin, "inspect", p, "--json", mem_limit=MEM_LIMIT)
    line = assert_error_line(run, EITHER)
    assert str(p) in line


def test_unknown_fourcc_at_top(f2m_bin, tmp_path):
    p = write(tmp_path, "zz.index", b"Zzzz" + FLAT[4:])
    line = dump_expect_error(f2m_bin, tmp_path, p, codes=EITHER)
    assert_mentions(line, str(p), "Zzzz")


def test_unknown_fourcc_nested(f2m_bin, tmp_path):
    """An IDMap whose inner index is 'Zzzz': named, with its offset 37 (4 + 33-byte header)."""
    inner = b"Zzzz" + FLAT[4:]
    p = write(tmp_path, "nested.index", idmap_bytes(inner, np.arange(100), 16, 100))
    line = dump_expect_error(f2m_bin, tmp_path, p, codes=EITHER)
    assert_mentions(line, str(p), "Zzzz")
    assert 37 in numbers_in(line), f"offset 37 of the inner fourcc not in {line!r}"


# ----------------------------------------------------------------------------- lying headers

def patched(data, offset, fmt, value):
    b = bytearray(data)
    struct.pack_into(fmt, b, offset, value)
    return bytes(b)


# name -> (bytes, byte offsets the message may point at: the lying field or what it disagrees with)
HEADER_LIES = {
    # ntotal (offset 8) far beyond the file; count left as it was, then both lying together.
    "ntotal-2^40": (patched(FLAT, 8, "<q", 1 << 40), {8, 37, 45}),
    "ntotal-and-count-2^40": (patched(patched(FLAT, 8, "<q", 1 << 40), 37, "<Q", (1 << 40) * 16),
                              {8, 37, 45}),
    "count-2^40": (patched(FLAT, 37, "<Q", 1 << 40), {37, 45}),
    "count-overflows": (patched(FLAT, 37, "<Q", (1 << 64) - 16), {37, 45}),
    "ntotal-negative": (patched(FLAT, 8, "<q", -5), {8}),
    "d-negative": (patched(FLAT, 4, "<i", -1), {4}),
    "d-zero": (patched(FLAT, 4, "<i", 0), {4, 37}),
    "d-2^31-1": (patched(FLAT, 4, "<i", (1 << 31) - 1), {4, 37}),
    "metric-unknown": (patched(FLAT, 33, "<i", 77), {33, 37, 41}),
}
TOO_BIG = ("exceed", "truncat", "larger", "beyond", "past", "remain", "file size", "overflow",
           "mismatch", "disagree", "inconsistent", "is not", "2^64")


@pytest.mark.parametrize("lie", sorted(HEADER_LIES))
def test_header_counts_that_exceed_the_file(f2m_bin, tmp_path, lie):
    data, offsets = HEADER_LIES[lie]
    p = write(tmp_path, "lie.index", data)
    line = dump_expect_error(f2m_bin, tmp_path, p)
    assert str(p) in line, line
    if lie.startswith(("ntotal-2", "count-")):
        assert_mentions(line, TOO_BIG)
    assert offsets & set(numbers_in(line)), f"none of the offsets {offsets} in {line!r}"
    run = run_cli(f2m_bin, "inspect", p, mem_limit=MEM_LIMIT)
    assert_error_line(run, DATA_ERROR)


def test_ivf_list_sizes_that_exceed_the_file(f2m_bin, tmp_path, fixture_dirs):
    """A `full` ilar sizes table whose first list claims 2^40 entries."""
    src = os.path.join(fixture_dirs["pypi"], "ivf_full_l2_d64_n5000_nl64_random.index")
    data = open(src, "rb").read()
    at = data.find(b"full", data.find(b"ilar")) + 4 + 8  # sizes vec: count, then u64 sizes
    p = write(tmp_path, "ivf.index", patched(data, at, "<Q", 1 << 40))
    line = dump_expect_error(f2m_bin, tmp_path, p)
    assert str(p) in line, line
    assert_mentions(line, TOO_BIG + ("add up", "says"))
    assert numbers_in(line), f"no number in {line!r}"


def test_idmap_with_short_id_map(f2m_bin, tmp_path):
    """id_map count (99) disagrees with ntotal (100)."""
    p = write(tmp_path, "idmap.index", idmap_bytes(FLAT, np.arange(99), 16, 100))
    line = dump_expect_error(f2m_bin, tmp_path, p)
    assert str(p) in line, line
    assert 37 + len(FLAT) in numbers_in(line), f"offset of the id_map count not in {line!r}"


# ----------------------------------------------------------------------------- config vs index

def test_dim_disagrees_with_index(f2m_bin, tmp_path, flat_case):
    line = dump_expect_error(f2m_bin, tmp_path, flat_case.path, codes=EITHER, dim=32)
    assert_mentions(line, "dim", "32", "64")


def test_metric_disagrees_with_index(f2m_bin, tmp_path, flat_case):
    line = dump_expect_error(f2m_bin, tmp_path, flat_case.path, codes=EITHER, metric="IP")
    assert_mentions(line, "metric", "IP", "L2")


def test_metric_not_a_metric(f2m_bin, tmp_path, flat_case):
    line = dump_expect_error(f2m_bin, tmp_path, flat_case.path, codes=CONFIG_ERROR,
                             metric="EUCLIDEAN_PLUS")
    assert_mentions(line, "metric", "EUCLIDEAN_PLUS")


def test_missing_index_file(f2m_bin, tmp_path):
    p = tmp_path / "nowhere" / "x.index"
    line = dump_expect_error(f2m_bin, tmp_path, p, codes=EITHER)
    assert_mentions(line, str(p), ("no such file", "not found", "does not exist", "missing"))
    run = run_cli(f2m_bin, "inspect", p)
    assert str(p) in assert_error_line(run, EITHER)


def test_missing_config_file(f2m_bin, tmp_path):
    p = tmp_path / "absent.yaml"
    run = run_cli(f2m_bin, "dump", "--config", p)
    assert_mentions(assert_error_line(run, CONFIG_ERROR), str(p))


def test_unwritable_output_folder(f2m_bin, tmp_path, flat_case):
    blocker = tmp_path / "a-regular-file"
    blocker.write_text("I am a file, not a folder\n")
    out = blocker / "sub"
    cfg = write_config(tmp_path / "migration.yaml", flat_case.path, out)
    run = run_cli(f2m_bin, "dump", "--config", cfg)
    line = assert_error_line(run, EITHER)
    assert_mentions(line, str(blocker))
    assert_no_manifest(tmp_path)
    assert blocker.read_text() == "I am a file, not a folder\n"


def test_config_with_lost_nesting(f2m_bin, tmp_path, flat_case):
    """`name:` (and friends) at the top level: the YAML lost its indentation."""
    cfg = tmp_path / "migration.yaml"
    cfg.write_text(config_text(flat_case.path, tmp_path / "out").replace(
        "      name: \"test\"\n", "") + "name: test\ndim: 64\n")
    run = run_cli(f2m_bin, "dump", "--config", cfg)
    line = assert_error_line(run, CONFIG_ERROR)
    assert_mentions(line, "name", ("nest", "top level", "top-level", "indent",
                                   "target.create.collection"))
    assert_no_manifest(tmp_path)


def test_config_not_yaml(f2m_bin, tmp_path):
    cfg = tmp_path / "migration.yaml"
    cfg.write_text("source: [unclosed\n  mode: : :\n")
    run = run_cli(f2m_bin, "dump", "--config", cfg)
    assert_mentions(assert_error_line(run, CONFIG_ERROR), str(cfg))


def test_config_without_collection_name(f2m_bin, tmp_path, flat_case):
    cfg = tmp_path / "migration.yaml"
    cfg.write_text(config_text(flat_case.path, tmp_path / "out").replace(
        "      name: \"test\"\n", ""))
    run = run_cli(f2m_bin, "dump", "--config", cfg)
    assert_mentions(assert_error_line(run, CONFIG_ERROR), "name")
    assert_no_manifest(tmp_path)


# ----------------------------------------------------------------------------- interruption

@pytest.mark.parametrize("case", [pytest.param(("pypi", "flat_l2_d64_n100000"), id="pypi/flat100k")],
                         indirect=True)
def test_sigint_mid_dump_exits_130_and_a_rerun_completes(f2m_bin, tmp_path, case):
    """SIGINT after the first part appears: exit 130, one error line, no manifest; running the
    same config again gives a complete, exact dump (1000 parts of 100 rows keep it busy)."""
    out = tmp_path / "out"
    cfg = write_config(tmp_path / "migration.yaml", case.path, out, max_file_size=256 * 100)
    p = subprocess.Popen([f2m_bin, "dump", "--config", cfg], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (out / "test" / "part-00000").exists() and p.poll() is None:
        assert time.monotonic() < deadline, "no part appeared in 60 s"
        time.sleep(0.005)
    p.send_signal(signal.SIGINT)
    stdout, stderr = p.communicate(timeout=120)
    run = Run([f2m_bin, "dump"], p.returncode, stdout.decode(), stderr.decode(), 0)
    assert run.rc == 130, f"want exit 130 after SIGINT (a dump of 1000 parts finished first?)\n{run}"
    assert_mentions(assert_error_line(run, (130,)), "interrupt")
    assert_no_manifest(tmp_path)
    again = run_cli(f2m_bin, "dump", "--config", cfg)
    assert again.rc == 0, again
    m, ids, vecs = read_dump(out / "test", 64, ntotal=100000)
    assert len(m["parts"]) == 1000
    assert_same_rows(ids, vecs, *case.truth())


# ----------------------------------------------------------------------------- usage

@pytest.mark.parametrize("args", [[], ["frobnicate"], ["inspect"], ["dump", "--no-such-flag"]],
                         ids=["no-command", "unknown-command", "inspect-no-index", "bad-flag"])
def test_usage_errors_exit_2(f2m_bin, args):
    run = run_cli(f2m_bin, *args)
    assert run.rc == 2, run
    assert run.stderr.strip(), "usage errors say something on stderr"


def test_help_and_version(f2m_bin):
    run = run_cli(f2m_bin, "--help")
    assert run.rc == 0, run
    for cmd in ("dump", "inspect"):
        assert cmd in run.stdout, run
    run = run_cli(f2m_bin, "--version")
    assert run.rc == 0 and "0.1.0" in run.stdout, run


# ----------------------------------------------------------------------------- lossy / binary

def codec_params():
    return case_params(lambda n, s: not faiss_fixtures.is_exact_float(s))


@pytest.mark.parametrize("case", codec_params(), indirect=True)
def test_lossy_and_binary_kinds(f2m_bin, tmp_path, case):
    expect, names = CODECS[case.name][0], CODECS[case.name][1]
    if isinstance(expect, tuple):  # ("refuse", whys)
        line = dump_expect_error(f2m_bin, tmp_path, case.path, codes=EITHER)
        assert_mentions(line, str(case.path), names, expect[1])
        return
    out = tmp_path / "out"
    run = run_cli(f2m_bin, "dump", "--config", write_config(tmp_path / "m.yaml", case.path, out))
    assert run.rc == 0, run
    binary = expect == "binary"
    assert binary == (case.entry["vector_type"] == "binary")
    m, ids, vecs = read_dump(out / "test", case.entry["d"], "|u1" if binary else "<f4",
                             ntotal=case.entry["ntotal"])
    assert m["index"]["vector_type"] == ("binary" if binary else "float32"), m["index"]
    assert m["index"]["exact"] is binary, m["index"]
    assert_same_rows(ids, vecs, *case.truth(), exact=binary)


@pytest.mark.parametrize("case", case_params(lambda n, s: CODECS.get(n, ("",))[0] == "lossy"),
                         indirect=True)
def test_lossy_refused_by_policy(f2m_bin, tmp_path, case):
    """dumper.faiss.lossy: refuse turns every lossy kind into a named refusal."""
    line = dump_expect_error(f2m_bin, tmp_path, case.path, codes=EITHER, lossy="refuse")
    assert_mentions(line, str(case.path), CODECS[case.name][1], LOSSY_WHY)


@pytest.mark.parametrize("case", case_params(lambda n, s: s["kind"] == "pretransform"),
                         indirect=True)
def test_pretransform_keep_dumps_the_transformed_vectors(f2m_bin, tmp_path, case):
    """dumper.faiss.pretransform: keep: the inner index's vectors, as stored (bit-exact), with
    the inner d (PCA 32 -> 16 gives d = 16)."""
    with np.load(case.folder / (case.name + ".inner.npz")) as z:
        want_ids, want_vecs = z["ids"], z["vectors"]
    out = tmp_path / "out"
    cfg = write_config(tmp_path / "m.yaml", case.path, out, pretransform="keep")
    run = run_cli(f2m_bin, "dump", "--config", cfg)
    assert run.rc == 0, run
    m, ids, vecs = read_dump(out / "test", want_vecs.shape[1], ntotal=case.entry["ntotal"])
    assert_same_rows(ids, vecs, want_ids, want_vecs, exact=True)


def test_codec_table_covers_every_codec_fixture():
    assert sorted(CODECS) == sorted(n for n, s in faiss_fixtures.SPECS.items()
                                    if not faiss_fixtures.is_exact_float(s))


def test_flat_bytes_helper_matches_faiss(flat_case):
    """The crafted-bytes helper writes what faiss.write_index writes (so crafted = realistic)."""
    ids, vecs = flat_case.truth()
    assert flat_bytes(vecs) == flat_case.path.read_bytes()
    assert FLAT_HEADER.size == 37
