"""Shared pieces of the end-to-end tests: running the CLI, writing configs, reading a dump back
and checking it against the contract of docs/formats.md, and crafting Faiss bytes by hand."""

import hashlib
import io
import json
import os
import pathlib
import re
import resource
import struct
import subprocess
import tempfile
import threading

import numpy as np
import pytest

import faiss_fixtures  # tests/fixtures, put on sys.path by tests/conftest.py

ERROR_LINE = re.compile(r"^faiss2milvus: error: (\S+) (.+?): (.+)$")
CLI_TIMEOUT = 300


class Run:
    def __init__(self, args, rc, stdout, stderr, maxrss_kb):
        self.args, self.rc, self.stdout, self.stderr, self.maxrss_kb = \
            args, rc, stdout, stderr, maxrss_kb

    def __repr__(self):
        return (f"Run({' '.join(map(str, self.args))!r} -> exit {self.rc}\n"
                f"--- stdout:\n{self.stdout[-3000:]}\n--- stderr:\n{self.stderr[-3000:]})")


def run_cli(binary, *args, cwd=None, mem_limit=None, env=None, timeout=CLI_TIMEOUT):
    """Runs the binary; returns Run with exit code (negative: killed by a signal) and maxrss_kb,
    wait4's ru_maxrss: an upper bound that includes this Python's image at fork (bench/ measures
    through GNU time instead)."""
    def limits():
        if mem_limit:
            resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))

    full_env = dict(os.environ, NO_COLOR="1")
    full_env.update(env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([binary, *map(str, args)], cwd=cwd, stdout=out, stderr=err,
                             stdin=subprocess.DEVNULL, env=full_env, preexec_fn=limits)
        timer = threading.Timer(timeout, p.kill)
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)  # this child's own rusage (peak RSS)
        finally:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        o, e = out.read(), err.read()
    if p.returncode == -9 and not mem_limit:
        raise AssertionError(f"{args} killed after {timeout} s; stderr: {e[-2000:]!r}")
    return Run([binary, *args], p.returncode, o.decode("utf-8", "replace"),
               e.decode("utf-8", "replace"), ru.ru_maxrss)


def yaml_str(s):
    return json.dumps(str(s))  # a JSON string is a valid YAML double-quoted scalar


def config_text(index, out_dir, name="test", dim=None, metric=None, max_file_size=None,
                id_field=None, vector_field=None, lossy=None, pretransform=None):
    """A migration.yaml in milvus-migration's shape, local source and local target."""
    lines = [
        "dumper:",
        "  worker:",
        "    limit: 2",
        "    workMode: faiss",
        "    reader:",
        "      bufferSize: 1024",
        "    writer:",
        "      bufferSize: 1024",
    ]
    if max_file_size is not None:
        lines += ["  chunk:", f"    maxFileSize: {int(max_file_size)}"]
    if lossy is not None or pretransform is not None:
        lines.append("  faiss:")
        lines += [f"    lossy: {lossy}"] if lossy is not None else []
        lines += [f"    pretransform: {pretransform}"] if pretransform is not None else []
    lines += [
        "loader:",
        "  worker:",
        "    limit: 2",
        "source:",
        "  mode: local",
        "  local:",
        f"    faissFile: {yaml_str(index)}",
        "target:",
        "  mode: local",
        "  local:",
        f"    outputDir: {yaml_str(out_dir)}",
        "  create:",
        "    collection:",
        f"      name: {yaml_str(name)}",
        "      shardsNum: 2",
    ]
    if dim is not None:
        lines.append(f"      dim: {dim}")
    if metric is not None:
        lines.append(f"      metricType: {metric}")
    if id_field is not None:
        lines.append(f"      idField: {yaml_str(id_field)}")
    if vector_field is not None:
        lines.append(f"      vectorField: {yaml_str(vector_field)}")
    return "\n".join(lines) + "\n"


def write_config(path, *args, **kw):
    with open(path, "w") as f:
        f.write(config_text(*args, **kw))
    return str(path)


def dump(binary, tmp_path, index, name="test", **kw):
    """Runs `dump` on a fresh config under tmp_path. Returns (Run, collection folder)."""
    out = tmp_path / "out"
    cfg = write_config(tmp_path / "migration.yaml", index, out, name=name, **kw)
    return run_cli(binary, "dump", "--config", cfg), out / name


def assert_error_line(run, codes=(1, 2)):
    """Exactly one stderr line `faiss2milvus: error: <operation> <object>: <cause>`; returns it."""
    assert run.rc in codes, run
    lines = [l for l in run.stderr.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith("faiss2milvus: error: ")]
    assert len(errors) == 1, f"want exactly one error line\n{run}"
    assert ERROR_LINE.match(errors[0]), f"error line shape: {errors[0]!r}"
    assert "Traceback" not in run.stderr and "terminate called" not in run.stderr, run
    return errors[0]


PATH = re.compile(r"/[^\s:'\"]+")


def without_paths(line):
    """The line with absolute paths blanked: temp paths carry test names and numbers."""
    return PATH.sub("<path>", line)


def assert_mentions(line, *alternatives_groups):
    """Each argument is a str or a tuple of alternatives; each group must match (case-free).
    Groups that are paths are looked for in the whole line; other words only outside paths."""
    for group in alternatives_groups:
        group = (group,) if isinstance(group, str) else group
        ok = any((g in line) if g.startswith("/") else (g.lower() in without_paths(line).lower())
                 for g in group)
        assert ok, f"{line!r} should mention one of {group}"


def numbers_in(line):
    """Integers in the line outside paths (byte offsets, counts)."""
    return [int(x) for x in re.findall(r"(?<![\w.^])\d+(?![\w.])", without_paths(line))]


def assert_no_manifest(folder):
    for root, _, files in os.walk(folder):
        assert "manifest.json" not in files, f"manifest.json left in {root} after a failure"


def wild_root():
    """Real-world fixtures: F2M_WILD, or shared/fixtures/wild beside the repository."""
    env = os.environ.get("F2M_WILD")
    repo = pathlib.Path(__file__).resolve().parents[2]
    return pathlib.Path(env) if env else repo.parent / "shared" / "fixtures" / "wild"


def case_params(predicate=lambda name, spec: True):
    """Params `label/name` (for the indirect `case` fixture) of every generated fixture whose
    spec passes predicate, for both Faiss builds."""
    return [pytest.param((label, name), id=f"{label}/{name}")
            for label in faiss_fixtures.LABELS
            for name, spec in faiss_fixtures.SPECS.items() if predicate(name, spec)]


# ----------------------------------------------------------------------------- reading a dump

def npy_header_bytes(dtype, shape):
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False,
              "shape": tuple(shape)})
    return buf.getvalue()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_npy_checked(path, dtype, shape):
    """np.load with the exact dtype/shape, and header bytes identical to numpy.save's."""
    arr = np.load(path, allow_pickle=False)
    assert arr.dtype == np.dtype(dtype), (path, arr.dtype)
    assert arr.shape == tuple(shape), (path, arr.shape, shape)
    want = npy_header_bytes(dtype, shape)
    with open(path, "rb") as f:
        got = f.read(len(want))
        f.seek(0, 2)
        size = f.tell()
    assert got == want, f"{path}: npy header {got!r} != numpy.save's {want!r}"
    assert size == len(want) + arr.nbytes, f"{path}: {size} bytes, want {len(want) + arr.nbytes}"
    return arr


def read_dump(coll, d, vector_dtype="<f4", id_field="id", vector_field="data", ntotal=None):
    """Checks the folder against formats.md and returns (manifest, ids, vectors)."""
    mpath = coll / "manifest.json"
    assert mpath.is_file(), f"no manifest.json in {coll}: {sorted(os.listdir(coll)) if coll.exists() else 'no folder'}"
    m = json.loads(mpath.read_text())
    assert m.get("state") == "complete", m.get("state")
    assert m.get("format") == "faiss2milvus-manifest", m.get("format")
    idx = m["index"]
    assert idx["d"] == d, (idx["d"], d)
    if ntotal is not None:
        assert idx["ntotal"] == ntotal, (idx["ntotal"], ntotal)
    n = idx["ntotal"]
    parts = m["parts"]
    names = sorted(p["name"] for p in parts)
    on_disk = sorted(e for e in os.listdir(coll) if e != "manifest.json")
    assert on_disk == names, f"stray entries in {coll}: {on_disk} vs manifest {names}"
    row = 0
    ids, vecs = [], []
    width = d // 8 if np.dtype(vector_dtype) == np.uint8 else d
    for i, p in enumerate(parts):
        assert p["name"] == f"part-{i:05d}", p["name"]
        assert p["row_begin"] == row, (p["name"], p["row_begin"], row)
        assert p["row_end"] > p["row_begin"], p
        assert p["rows"] == p["row_end"] - p["row_begin"], p
        row = p["row_end"]
        folder = coll / p["name"]
        files = {f["name"]: f for f in p["files"]}
        assert set(files) == {f"{id_field}.npy", f"{vector_field}.npy"}, files
        assert sorted(os.listdir(folder)) == sorted(files), os.listdir(folder)
        for f in files.values():
            path = folder / f["name"]
            assert f["bytes"] == path.stat().st_size, (path, f["bytes"])
            assert f["sha256"] == sha256_file(path), f"sha256 of {path}"
        ids.append(load_npy_checked(folder / f"{id_field}.npy", "<i8", (p["rows"],)))
        vecs.append(load_npy_checked(folder / f"{vector_field}.npy", vector_dtype,
                                     (p["rows"], width)))
    assert row == n, f"parts end at row {row}, ntotal {n}"
    if not parts:
        return m, np.zeros(0, np.int64), np.zeros((0, width), np.dtype(vector_dtype))
    return m, np.concatenate(ids), np.concatenate(vecs)


def _row_keys(vecs):
    v = np.ascontiguousarray(vecs)
    return v.view(np.dtype((np.void, v.dtype.itemsize * v.shape[1]))).ravel() if v.shape[1] \
        else np.zeros(len(v), np.dtype((np.void, 1)))


def canonical(ids, vecs):
    """Rows sorted by (id, row bytes): equal multisets of (id, vector) compare equal."""
    order = np.lexsort((_row_keys(vecs), ids)) if len(ids) else np.zeros(0, np.int64)
    return ids[order], vecs[order]


def assert_same_rows(got_ids, got_vecs, want_ids, want_vecs, exact=True, tol=1e-6):
    """Same multiset of (id, vector): bit-exact (as uint32/uint8) or within tol x scale."""
    assert got_ids.dtype == np.int64
    assert len(got_ids) == len(want_ids), f"{len(got_ids)} rows, want {len(want_ids)}"
    gi, gv = canonical(got_ids, got_vecs)
    wi, wv = canonical(want_ids.astype(np.int64), want_vecs)
    if not np.array_equal(gi, wi):
        missing = np.setdiff1d(wi, gi)[:5]
        extra = np.setdiff1d(gi, wi)[:5]
        dup = len(gi) - len(np.unique(gi))
        raise AssertionError(f"ids differ: missing {missing}, unexpected {extra}, "
                             f"{dup} repeated (want {len(wi) - len(np.unique(wi))})")
    if exact:
        a = gv.view(np.uint32) if gv.dtype.itemsize == 4 else gv.view(np.uint8)
        b = wv.view(np.uint32) if wv.dtype.itemsize == 4 else wv.view(np.uint8)
        bad = np.nonzero((a != b).any(axis=1))[0] if a.size else []
        assert len(bad) == 0, f"{len(bad)} rows differ in bits, first id {gi[bad[0]]}"
    else:
        scale = max(float(np.max(np.abs(wv))) if wv.size else 1.0, 1.0)
        err = float(np.max(np.abs(gv.astype(np.float64) - wv))) if wv.size else 0.0
        assert err <= tol * scale, f"max abs error {err} > {tol} x {scale}"


# ----------------------------------------------------------------------------- crafted bytes

FLAT_HEADER = struct.Struct("<4siqqqBi")  # fourcc, d, ntotal, 1<<20, 1<<20, is_trained, metric


def flat_bytes(vectors, fourcc=b"IxF2", metric=1, metric_arg=None, ntotal=None, count=None):
    """An IndexFlat file, byte for byte as faiss.write_index writes it."""
    vectors = np.ascontiguousarray(vectors, dtype="<f4")
    n, d = vectors.shape
    b = FLAT_HEADER.pack(fourcc, d, n if ntotal is None else ntotal, 1 << 20, 1 << 20, 1, metric)
    if metric > 1:
        b += struct.pack("<f", metric_arg or 0.0)
    b += struct.pack("<Q", n * d if count is None else count)
    return b + vectors.tobytes()


def idmap_bytes(inner, ids, d, ntotal, fourcc=b"IxMp", metric=1):
    head = FLAT_HEADER.pack(fourcc, d, ntotal, 1 << 20, 1 << 20, 1, metric)
    ids = np.ascontiguousarray(ids, dtype="<i8")
    return head + inner + struct.pack("<Q", len(ids)) + ids.tobytes()
