"""Issue 4, on-disk inverted lists (`ilod` + .ivfdata) from faiss 1.7.3 and the newest faiss-cpu
(merge_ondisk, and OnDiskInvertedLists grown by several adds so lists have capacity > size):
the dump equals Faiss's lists; the data file is found at the stored path, beside the index when
the stored path is stale, or where `dumper.faiss.ivfdataFile` says; a missing or short data file
is one clear error and no manifest."""

import os
import shutil
import struct

import numpy as np
import pytest

import lossy_fixtures as LF
from helpers import assert_error_line, assert_mentions, assert_no_manifest, read_dump
from test_lossy_kinds import (assert_rows_close, lcase, lossy_catalogs, lossy_dirs,  # noqa: F401
                              params, run_dump)


def with_stored_path(data, new_path):
    """The index bytes with the ilod filename replaced (vec<char>: u64 count, bytes)."""
    t = LF._ilod_table(data)
    at = t["fname_at"]
    (n,) = struct.unpack_from("<Q", data, at)
    new = str(new_path).encode()
    return data[:at] + struct.pack("<Q", len(new)) + new + data[at + 8 + n:]


def place(lcase, folder, ivfdata_folder=None, stored=None, ivfdata_bytes=None):
    """Copies the index into folder (stored path rewritten if given) and the data file into
    ivfdata_folder (if given). Returns (index path, data path)."""
    folder.mkdir(parents=True, exist_ok=True)
    e = lcase.entry
    data = open(lcase.path, "rb").read()
    if stored is not None:
        data = with_stored_path(data, stored)
    idx = folder / e["file"]
    idx.write_bytes(data)
    dpath = None
    if ivfdata_folder is not None:
        ivfdata_folder.mkdir(parents=True, exist_ok=True)
        dpath = ivfdata_folder / e["ivfdata"]
        src = f"{lcase.folder}/{e['ivfdata']}"
        if ivfdata_bytes is None:
            shutil.copyfile(src, dpath)
        else:
            dpath.write_bytes(ivfdata_bytes(open(src, "rb").read()))
    return idx, dpath


def check_dump(lcase, coll):
    e = lcase.entry
    t = lcase.truth()
    m, ids, vecs = read_dump(coll, e["d"], ntotal=e["ntotal"])
    if e["exact"]:
        gi, wi = np.argsort(ids), np.argsort(t["ids"])
        assert np.array_equal(ids[gi], t["ids"][wi]), "ids differ"
        assert np.array_equal(vecs[gi].view(np.uint32), t["vectors"][wi].view(np.uint32)), \
            "vectors differ in bits"
        assert m["index"]["exact"] is True, m["index"]
    else:
        assert_rows_close(ids, vecs, t["ids"], t["vectors"])


ALL = params("ondisk")


@pytest.mark.parametrize("lcase", ALL, indirect=True)
def test_fixture_layout(lcase):
    """The stored path is absolute and stale (the generator's temp folder); the grown lists
    have gaps; the data file's size is totsize."""
    e = lcase.entry
    t = LF._ilod_table(open(lcase.path, "rb").read())
    assert t["filename"].startswith("/") and t["filename"].endswith(e["ivfdata"]), t["filename"]
    assert not os.path.exists(t["filename"]), "stored path should be stale"
    assert os.path.getsize(f"{lcase.folder}/{e['ivfdata']}") == t["totsize"]
    if e["kind"] == "ondisk_grown":
        assert e["gaps"] > 0, "no list with capacity > size: the case is not exercised"


@pytest.mark.parametrize("lcase", ALL, indirect=True)
def test_stale_path_data_beside_index(f2m_bin, tmp_path, lcase):
    idx, _ = place(lcase, tmp_path / "idx", tmp_path / "idx")
    run, coll = run_dump(f2m_bin, tmp_path, idx)
    assert run.rc == 0, run
    check_dump(lcase, coll)


@pytest.mark.parametrize("lcase", ALL, indirect=True)
def test_stored_absolute_path_elsewhere(f2m_bin, tmp_path, lcase):
    stored = tmp_path / "data" / lcase.entry["ivfdata"]
    idx, _ = place(lcase, tmp_path / "idx", tmp_path / "data", stored=stored)
    run, coll = run_dump(f2m_bin, tmp_path, idx)
    assert run.rc == 0, run
    check_dump(lcase, coll)


@pytest.mark.parametrize("lcase", ALL, indirect=True)
def test_config_ivfdata_file(f2m_bin, tmp_path, lcase):
    idx, _ = place(lcase, tmp_path / "idx")
    other = tmp_path / "elsewhere"
    other.mkdir()
    target = other / "renamed.data"
    shutil.copyfile(f"{lcase.folder}/{lcase.entry['ivfdata']}", target)
    run, coll = run_dump(f2m_bin, tmp_path, idx, ivfdata=target)
    assert run.rc == 0, run
    check_dump(lcase, coll)


@pytest.mark.parametrize("lcase", ALL, indirect=True)
def test_ivfdata_missing(f2m_bin, tmp_path, lcase):
    idx, _ = place(lcase, tmp_path / "idx")
    run, coll = run_dump(f2m_bin, tmp_path, idx)
    line = assert_error_line(run)
    assert_mentions(line, "/" + lcase.entry["ivfdata"], ("not found", "no such file", "missing",
                                                  "does not exist", "cannot open"))
    assert_no_manifest(tmp_path)


@pytest.mark.parametrize("lcase", ALL, indirect=True)
@pytest.mark.parametrize("cut", [1, 4096, "half"])
def test_ivfdata_truncated(f2m_bin, tmp_path, lcase, cut):
    """Cut into the valid entries: an error. The grown file ends with unused capacity (ids gap of
    the last list) that the 1- and 4096-byte cuts only eat into: an error or a complete, exact
    dump are both acceptable there (the index's totsize then disagrees with the file)."""
    def short(b):
        return b[: len(b) // 2] if cut == "half" else b[:-cut]
    idx, _ = place(lcase, tmp_path / "idx", tmp_path / "idx", ivfdata_bytes=short)
    run, coll = run_dump(f2m_bin, tmp_path, idx)
    if run.rc == 0 and lcase.entry["kind"] == "ondisk_grown" and cut != "half":
        check_dump(lcase, coll)
        return
    line = assert_error_line(run)
    assert_mentions(line, "/" + lcase.entry["ivfdata"], ("truncat", "short", "too small", "size",
                                                  "end of file", "past the end", "bytes"))
    assert_no_manifest(tmp_path)


@pytest.mark.parametrize("lcase", ALL[:1], indirect=True)
def test_config_ivfdata_file_missing(f2m_bin, tmp_path, lcase):
    idx, _ = place(lcase, tmp_path / "idx", tmp_path / "idx")
    target = tmp_path / "nowhere" / "x.ivfdata"
    run, coll = run_dump(f2m_bin, tmp_path, idx, ivfdata=target)
    line = assert_error_line(run)
    assert_mentions(line, str(target))
    assert_no_manifest(tmp_path)
