#!/usr/bin/env python3
"""Benchmark of `faiss2milvus dump` on lossy and binary IVF indexes (issue 4): not a test.

    $F2M_CACHE/venv/bin/python bench/lossy_bench.py [--bin PATH] [--dir DIR] [--n 1000000] [--check]

Builds once (cached in DIR, default ${F2M_CACHE:-/root/.cache/f2m}/bench/lossy_bench) with the
venv's faiss:
  * ivfpq.index: 1M x 128 "IVF1024,PQ16" (8-bit codes, by_residual), trained on 50k vectors;
  * bivf.index:  1M x 256-bit IndexBinaryIVF, nlist 1024, trained on 50k codes;
then dumps each once and prints wall time, rows/s and the peak RSS of the dump process, against
the target: peak RSS <= 256 MB (codebooks and coarse centroids are the only resident data).
Exit 1 if a dump fails, or with --check if a target is missed.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent
RSS_TARGET_MB = 256
GNU_TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def run(argv):
    """(seconds, peak RSS MB, exit code, stderr tail). Under GNU time when present, so that the
    rusage is the binary's own and not a fork of this (numpy-sized) Python."""
    with tempfile.NamedTemporaryFile("r") as m:
        full = [GNU_TIME, "-q", "-f", "%M", "-o", m.name, *argv] if GNU_TIME else argv
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        peak_kb = int(m.read().split()[-1]) if GNU_TIME and rc == 0 else ru.ru_maxrss
    return secs, peak_kb / 1024.0, rc, err.decode(errors="replace")[-2000:]


def build_ivfpq(path, n, d=128, nt=50_000):
    import faiss
    faiss.omp_set_num_threads(2)
    rng = np.random.default_rng(1)
    idx = faiss.index_factory(d, "IVF1024,PQ16")
    idx.train(rng.standard_normal((nt, d), dtype=np.float32))
    for b in range(0, n, 100_000):
        idx.add(rng.standard_normal((min(100_000, n - b), d), dtype=np.float32))
    faiss.write_index(idx, str(path))


def build_bivf(path, n, d=256, nt=50_000):
    import faiss
    faiss.omp_set_num_threads(2)
    rng = np.random.default_rng(2)
    q = faiss.IndexBinaryFlat(d)
    idx = faiss.IndexBinaryIVF(q, d, 1024)
    idx.train(rng.integers(0, 256, size=(nt, d // 8), dtype=np.uint8))
    for b in range(0, n, 100_000):
        m = min(100_000, n - b)
        idx.add_with_ids(rng.integers(0, 256, size=(m, d // 8), dtype=np.uint8),
                         np.arange(b, b + m, dtype=np.int64) * 7 + 3)
    faiss.write_index_binary(idx, str(path))
    del q


def config(index, out):
    return (f"dumper:\n  worker:\n    workMode: faiss\n  faiss:\n    lossy: decode\n"
            f"source:\n  mode: local\n  local:\n    faissFile: \"{index}\"\n"
            f"target:\n  mode: local\n  local:\n    outputDir: \"{out}\"\n"
            f"  create:\n    collection:\n      name: bench\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.environ.get("F2M_BIN")
                    or str(REPO / "build" / "release" / "src" / "cli" / "faiss2milvus"))
    ap.add_argument("--dir", default=os.path.join(os.environ.get("F2M_CACHE", "/root/.cache/f2m"),
                                                  "bench", "lossy_bench"))
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    folder = pathlib.Path(a.dir)
    folder.mkdir(parents=True, exist_ok=True)
    cases = [("IVF1024,PQ16 1M x 128", folder / f"ivfpq_{a.n}.index", build_ivfpq),
             ("BinaryIVF1024 1M x 256 bit", folder / f"bivf_{a.n}.index", build_bivf)]
    failed = missed = False
    print(f"binary: {a.bin}")
    print(f"{'index':<30} {'file MB':>9} {'build s':>8} {'dump s':>8} {'rows/s':>10} "
          f"{'peak RSS MB':>12}  target")
    for label, path, builder in cases:
        t_build = 0.0
        if not path.exists():
            t0 = time.perf_counter()
            tmp = path.with_suffix(".tmp")
            builder(tmp, a.n)
            os.replace(tmp, path)
            t_build = time.perf_counter() - t0
        out = pathlib.Path(tempfile.mkdtemp(prefix="out-", dir=folder))
        try:
            cfg = out / "m.yaml"
            cfg.write_text(config(path, out / "o"))
            secs, rss, rc, err = run([a.bin, "dump", "--config", str(cfg)])
            if rc == 0:  # the dump is complete: every row, in the declared vector type
                m = json.loads((out / "o" / "bench" / "manifest.json").read_text())
                rows = sum(p["rows"] for p in m["parts"])
                if m["state"] != "complete" or rows != a.n:
                    rc, err = 1, f"manifest: state {m['state']}, {rows} rows, want {a.n}"
        finally:
            shutil.rmtree(out, ignore_errors=True)
        if rc != 0:
            failed = True
            print(f"{label:<30} dump failed (exit {rc}): {err}")
            continue
        ok = rss <= RSS_TARGET_MB
        missed |= not ok
        print(f"{label:<30} {path.stat().st_size / 2**20:>9.1f} {t_build:>8.1f} {secs:>8.2f} "
              f"{a.n / secs:>10.0f} {rss:>12.1f}  <= {RSS_TARGET_MB} MB "
              f"{'ok' if ok else 'MISSED'}")
    sys.exit(1 if failed or (a.check and missed) else 0)


if __name__ == "__main__":
    main()
