#!/usr/bin/env python3
"""Benchmark of `faiss2milvus dump` (issue 3): not a test, pytest never collects it.

    $F2M_CACHE/venv/bin/python bench/dump_bench.py [--bin PATH] [--dir DIR] [--repeat 3]

Builds (once, cached in DIR) a 1M x 128 IndexFlatL2 and a 1M x 128 IndexIVFFlat with the venv's
faiss, then times `dump` against copying the same file to the same disk with the same durability:
`cp` + `sync` vs `dump` + `sync`, and both without sync (two rows per index; the 4 GB Flat once,
with sync). Then compares the
peak RSS of dumping a ~50 MB Flat and a ~4 GB Flat (the 4 GB file is written as IxF2 bytes in
chunks, never held in RAM). Prints ratios and peak RSS (from os.wait4 of each child) against the
targets: ratio <= 1.3, peak RSS <= 256 MB for both sizes. Exit 1 if a dump fails or, with
--check, if a target is missed.
"""

import argparse
import os
import pathlib
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent
RATIO_TARGET = 1.3
RSS_TARGET_MB = 256
D = 128


GNU_TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def run(argv, rss=False):
    """Runs argv; returns (seconds, peak RSS in MB, exit code, stderr tail).

    Peak RSS comes from wait4's rusage of the process that ran the binary. A child forked from
    this Python starts as a copy of it (~60 MB with numpy) and ru_maxrss keeps that pre-exec
    high-water mark, so with rss=True the binary is started by GNU time (a ~2 MB process), whose
    own wait4 of the binary is what it prints (%M, KB)."""
    wrap = rss and GNU_TIME
    with tempfile.NamedTemporaryFile("r") as m:
        full = [GNU_TIME, "-q", "-f", "%M", "-o", m.name, *argv] if wrap else argv
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        peak_kb = int(m.read().split()[-1]) if wrap and p.returncode == 0 else ru.ru_maxrss
    return secs, peak_kb / 1024.0, p.returncode, err.decode(errors="replace")[-2000:]


def sync():
    t0 = time.perf_counter()
    os.sync()
    return time.perf_counter() - t0


def write_flat_bytes(path, n, d, chunk_rows=1 << 16, seed=1):
    """An IxF2 file of n random rows, written in chunks (memory ~ chunk_rows x d x 4)."""
    tmp = path.with_suffix(".tmp")
    rng = np.random.default_rng(seed)
    with open(tmp, "wb") as f:
        f.write(b"IxF2" + struct.pack("<iqqqBi", d, n, 1 << 20, 1 << 20, 1, 1))
        f.write(struct.pack("<Q", n * d))
        left = n
        while left:
            k = min(left, chunk_rows)
            f.write(rng.standard_normal((k, d), dtype=np.float32).tobytes())
            left -= k
    os.replace(tmp, path)


def build_faiss_indexes(folder, n):
    import faiss
    flat, ivf = folder / f"flat_{n}x{D}.index", folder / f"ivfflat_{n}x{D}.index"
    if flat.exists() and ivf.exists():
        return flat, ivf
    rng = np.random.default_rng(2)
    x = rng.standard_normal((n, D), dtype=np.float32)
    if not flat.exists():
        idx = faiss.IndexFlatL2(D)
        idx.add(x)
        faiss.write_index(idx, str(flat) + ".tmp")
        os.replace(str(flat) + ".tmp", flat)
        del idx
    if not ivf.exists():
        q = faiss.IndexFlatL2(D)
        idx = faiss.IndexIVFFlat(q, D, 1024)
        idx.train(x[:65536])
        idx.add(x)
        faiss.write_index(idx, str(ivf) + ".tmp")
        os.replace(str(ivf) + ".tmp", ivf)
    return flat, ivf


def config(folder, index, out):
    path = folder / f"bench-{index.stem}-{os.getpid()}.yaml"
    path.write_text(
        "source:\n  mode: local\n  local:\n"
        f"    faissFile: \"{index}\"\n"
        "target:\n  mode: local\n  local:\n"
        f"    outputDir: \"{out}\"\n"
        "  create:\n    collection:\n      name: bench\n")
    return path


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def time_pair(binary, folder, index, repeat, with_sync):
    """Median seconds of dump and of cp (each followed by sync when with_sync); dump peak RSS."""
    out = folder / f"out-{os.getpid()}"
    cfg = config(folder, index, out)
    copy = folder / f"copy-{os.getpid()}.index"
    dumps, cps, rss = [], [], 0.0
    warm(index)
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        copy.unlink(missing_ok=True)
        sync()
        secs, peak, rc, err = run([binary, "dump", "--config", str(cfg)], rss=True)
        if rc != 0:
            sys.exit(f"dump {index} failed (exit {rc}): {err}")
        dumps.append(secs + (sync() if with_sync else 0.0))
        rss = max(rss, peak)
        sync()
        secs, _, rc, err = run(["cp", str(index), str(copy)])
        if rc != 0:
            sys.exit(f"cp failed: {err}")
        cps.append(secs + (sync() if with_sync else 0.0))
    shutil.rmtree(out, ignore_errors=True)
    copy.unlink(missing_ok=True)
    cfg.unlink(missing_ok=True)
    return statistics.median(dumps), statistics.median(cps), rss


def dump_rss(binary, folder, index):
    out = folder / f"out-{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    cfg = config(folder, index, out)
    secs, peak, rc, err = run([binary, "dump", "--config", str(cfg)], rss=True)
    shutil.rmtree(out, ignore_errors=True)
    cfg.unlink(missing_ok=True)
    if rc != 0:
        sys.exit(f"dump {index} failed (exit {rc}): {err}")
    return secs, peak


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.environ.get(
        "F2M_BIN", str(REPO / "build" / "release" / "src" / "cli" / "faiss2milvus")))
    ap.add_argument("--dir", default=os.path.join(
        os.environ.get("F2M_CACHE", "/root/.cache/f2m"), "bench", "dump_bench"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--big-gb", type=float, default=4.0, help="size of the big Flat, GB")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--prepare", action="store_true", help="only build the cached inputs")
    a = ap.parse_args()
    folder = pathlib.Path(a.dir)
    folder.mkdir(parents=True, exist_ok=True)
    if not a.prepare and not os.access(a.bin, os.X_OK):
        sys.exit(f"no faiss2milvus binary at {a.bin}")

    print(f"building fixtures in {folder} (cached)", file=sys.stderr)
    if not GNU_TIME:
        print("warning: GNU time not found (apt package `time`): peak RSS includes the ~60 MB "
              "this Python had when it forked the dump", file=sys.stderr)
    flat, ivf = build_faiss_indexes(folder, a.rows)
    small = folder / "flat_50MB.index"
    big = folder / f"flat_{a.big_gb:g}GB.index"
    if not small.exists():
        write_flat_bytes(small, (50 << 20) // (4 * D), D)
    if not big.exists():
        write_flat_bytes(big, int(a.big_gb * (1 << 30)) // (4 * D), D)
    if a.prepare:
        return 0

    ok = True
    print(f"\n{'index':<28} {'durability':<11} {'dump s':>8} {'cp s':>8} {'ratio':>6} "
          f"{'dump peak RSS MB':>17}  target ratio <= {RATIO_TARGET}")
    rows = [(flat, True, a.repeat), (flat, False, a.repeat), (ivf, True, a.repeat),
            (ivf, False, a.repeat), (big, True, 1)]
    for index, with_sync, repeat in rows:
        size_mb = index.stat().st_size / (1 << 20)
        d, c, rss = time_pair(a.bin, folder, index, repeat, with_sync)
        ratio = d / c if c else float("inf")
        ok &= ratio <= RATIO_TARGET and rss <= RSS_TARGET_MB
        label = f"{index.stem} ({size_mb:.0f} MB)"
        print(f"{label:<28} {'+ sync' if with_sync else 'no sync':<11} {d:8.2f} {c:8.2f} "
              f"{ratio:6.2f} {rss:17.1f}  {'ok' if ratio <= RATIO_TARGET else 'MISSED'}")

    print("(dump fsyncs every file it writes: the like-for-like durability is the '+ sync' row;\n"
          " 'no sync' compares it with a cp whose data may still be in the page cache)")
    print(f"\n{'index':<28} {'size MB':>9} {'dump s':>8} {'peak RSS MB':>12}  target <= "
          f"{RSS_TARGET_MB} MB, flat in size")
    peaks = []
    for index in (small, big):
        secs, peak = dump_rss(a.bin, folder, index)
        peaks.append(peak)
        ok &= peak <= RSS_TARGET_MB
        print(f"{index.stem:<28} {index.stat().st_size / (1 << 20):9.0f} {secs:8.2f} {peak:12.1f}"
              f"  {'ok' if peak <= RSS_TARGET_MB else 'MISSED'}")
    print(f"peak RSS big/small: {peaks[1] / max(peaks[0], 1e-9):.2f}x")
    return 0 if ok or not a.check else 1


if __name__ == "__main__":
    sys.exit(main())
