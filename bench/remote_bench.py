#!/usr/bin/env python3
"""Upload throughput to MinIO: the storage layer's S3 writer next to one `curl --aws-sigv4` PUT.

    scripts/servers.sh start minio
    /root/.cache/f2m/venv/bin/python bench/remote_bench.py [--bin build/release/src/storage/f2m_storage_test]
        [--file PATH] [--part-size 16777216] [--in-flight 4] [--repeat 3] [--check]

The file defaults to the 1M x 128 IndexIVFFlat that bench/dump_bench.py caches
(${F2M_CACHE}/bench/ivfflat_1000000x128.index), built here with the venv's faiss when missing.
Our side runs the storage_tool_test.cc driver (StorageTool.DISABLED_Upload: 8 MiB reads of the
local file Appended to an S3 writer). Both uploads go to the same MinIO (127.0.0.1:9000, bucket a-bucket); curl is the practical limit
(one streaming PUT, UNSIGNED-PAYLOAD, no hashing). Our writer signs each part's SHA-256 and sends
multipart parts in parallel. Reports the median time of --repeat runs, the ratio, the writer's
peak RSS (os.wait4), and checks the uploaded object byte for byte (SHA-256 via boto3).
Target (issue 5): ratio <= 1.2 and peak RSS <= 256 MB; --check exits 1 when one is missed.
This times the storage layer alone; once `dump` writes to a bucket, time `dump` the same way.
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("F2M_CACHE", "/root/.cache/f2m"))
ENDPOINT = "127.0.0.1:9000"
BUCKET = "a-bucket"


def build_ivf(path, n=1_000_000, d=128):
    import faiss
    import numpy as np
    rng = np.random.default_rng(1)
    xb = rng.random((n, d), dtype=np.float32)
    quantizer = faiss.IndexFlatL2(d)
    index = faiss.IndexIVFFlat(quantizer, d, 1024)
    index.train(xb[:50_000])
    index.add(xb)
    path.parent.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(path) + ".tmp")
    os.replace(str(path) + ".tmp", path)


def timed(argv, env=None):
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.wait()
    secs = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"remote_bench: {' '.join(argv[:2])} failed:\n{out[-3000:]}")
    return secs, usage.ru_maxrss * 1024, out


def curl_put(path, key):
    return timed(["curl", "-sS", "-f", "-o", "/dev/null", "--user", "minioadmin:minioadmin",
                  "--aws-sigv4", "aws:amz:us-east-1:s3", "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                  "-T", str(path), f"http://{ENDPOINT}/{BUCKET}/{key}"])


def ours(binary, path, key, part_size, in_flight, unsigned=False):
    env = dict(os.environ, F2M_TOOL_LOCAL=str(path), F2M_TOOL_KEY=key,
               F2M_TOOL_PART_SIZE=str(part_size), F2M_TOOL_IN_FLIGHT=str(in_flight),
               F2M_TOOL_ENDPOINT=ENDPOINT, F2M_TOOL_BUCKET=BUCKET,
               F2M_TOOL_UNSIGNED="1" if unsigned else "0")
    return timed([str(binary), "--gtest_also_run_disabled_tests",
                  "--gtest_filter=StorageTool.DISABLED_Upload"], env)


def remote_sha256(key):
    import boto3
    s3 = boto3.client("s3", endpoint_url=f"http://{ENDPOINT}", aws_access_key_id="minioadmin",
                      aws_secret_access_key="minioadmin", region_name="us-east-1")
    h = hashlib.sha256()
    for chunk in s3.get_object(Bucket=BUCKET, Key=key)["Body"].iter_chunks(8 << 20):
        h.update(chunk)
    s3.delete_object(Bucket=BUCKET, Key=key)
    return h.hexdigest()


def fmt(times):
    return " ".join(f"{t:.2f}" for t in times)


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(8 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=REPO / "build/release/src/storage/f2m_storage_test",
                    help="the storage test binary (its StorageTool.DISABLED_Upload driver)")
    ap.add_argument("--file", type=Path, default=CACHE / "bench/ivfflat_1000000x128.index")
    ap.add_argument("--part-size", type=int, default=16 << 20)
    ap.add_argument("--in-flight", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.build_only:
        build_ivf(a.file)
        return 0
    if not a.file.exists():
        # In a child: a forked uploader would otherwise report faiss's memory as its peak RSS.
        print(f"remote_bench: building {a.file} (1M x 128 IVFFlat)", flush=True)
        subprocess.run([sys.executable, __file__, "--build-only", "--file", str(a.file)], check=True)
    size = a.file.stat().st_size
    curl_t, ours_t, unsigned_t, rss = [], [], [], 0
    for i in range(a.repeat):  # interleaved, so load on the machine hits all three alike
        curl_t.append(curl_put(a.file, f"bench/curl-{i}.index")[0])
        secs, peak, _ = ours(a.bin, a.file, f"bench/ours-{i}.index", a.part_size, a.in_flight)
        ours_t.append(secs)
        rss = max(rss, peak)
        secs, peak, _ = ours(a.bin, a.file, f"bench/unsigned-{i}.index", a.part_size,
                             a.in_flight, unsigned=True)
        unsigned_t.append(secs)
        rss = max(rss, peak)
    want = file_sha256(a.file)
    same = all(remote_sha256(f"bench/{w}-{i}.index") == want
               for w in ("curl", "ours", "unsigned") for i in range(a.repeat))
    c, o, u = (statistics.median(curl_t), statistics.median(ours_t),
               statistics.median(unsigned_t))
    mb = size / 1e6
    print(f"file          {a.file.name}  {mb:.0f} MB")
    print(f"curl PUT      {c:.2f} s  {mb / c:.0f} MB/s")
    print(f"S3 writer     {o:.2f} s  {mb / o:.0f} MB/s  (part {a.part_size >> 20} MiB x {a.in_flight} in flight)")
    print(f"  unsigned    {u:.2f} s  {mb / u:.0f} MB/s  (UNSIGNED-PAYLOAD, like curl; the https default)")
    print(f"ratio         {o / c:.2f} signed, {u / c:.2f} unsigned  (target <= 1.2)")
    print(f"runs (s)      curl {fmt(curl_t)}; signed {fmt(ours_t)}; unsigned {fmt(unsigned_t)}")
    print(f"peak RSS      {rss / 2**20:.0f} MB  (target <= 256; includes the test binary)")
    print(f"byte-identical {same}")
    if a.check and (o / c > 1.2 or rss > 256 << 20 or not same):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
