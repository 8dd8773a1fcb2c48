"""Helpers for the end-to-end tests of the milvus layer against the real Milvus 2.3.5.

The C++ side is driven through build/*/src/milvus/f2m_milvus_probe (one MilvusClient call per run,
JSON on stdout); pymilvus reads back independently. The server is managed by scripts/milvus.sh.
Nothing here skips: a missing server or binary fails the test with what to run.
"""
import json
import os
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
MILVUS_SH = ROOT / "scripts" / "milvus.sh"
HOST, PORT = "127.0.0.1", 19530
ROOT_USER, ROOT_PASSWORD = "root", "Milvus"


def probe_path():
    env = os.environ.get("F2M_MILVUS_PROBE")
    if env:
        return Path(env)
    found = [p for p in (ROOT / "build").glob("*/src/milvus/f2m_milvus_probe") if p.is_file()]
    if not found:
        pytest.fail("f2m_milvus_probe not built: cmake --build build/<dir> --target f2m_milvus_probe "
                    "(or set F2M_MILVUS_PROBE)")
    return max(found, key=lambda p: p.stat().st_mtime)


class ProbeResult:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.json = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]

    def one(self):
        assert self.rc == 0, f"probe failed rc={self.rc}: {self.stderr}"
        assert len(self.json) == 1, self.stdout
        return self.json[0]


def probe(*args, endpoint=f"{HOST}:{PORT}", user=None, password=None, attempts=None,
          timeout=600):
    cmd = [str(probe_path()), "--endpoint", endpoint]
    if user is not None:
        cmd += ["--user", user]
    if attempts is not None:
        cmd += ["--attempts", str(attempts)]
    env = dict(os.environ)
    env.pop("MILVUS_PASSWORD", None)
    if password is not None:
        env["MILVUS_PASSWORD"] = password
    proc = subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, env=env,
                          timeout=timeout)
    return ProbeResult(proc)


def milvus_status():
    out = subprocess.run([str(MILVUS_SH), "status"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def require_milvus():
    """Fails (never skips) when no Milvus answers; returns the flags it runs with."""
    status = milvus_status()
    if not status.startswith("running"):
        pytest.fail("Milvus is not running on 127.0.0.1:19530: start it with "
                    "`scripts/milvus.sh start --local` (these tests must not be skipped)")
    return status.split()[1:]


def restart_milvus(*flags):
    subprocess.run([str(MILVUS_SH), "restart", *flags], check=True, timeout=300)


def unique_name(prefix="f2m_it"):
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def write_part(directory, ids, vectors):
    """One import file group: id.npy (int64) and data.npy (float32 (n, d) or uint8 (n, d/8))."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    np.save(directory / "id.npy", np.asarray(ids, dtype=np.int64))
    np.save(directory / "data.npy", vectors)
    return [str((directory / "id.npy").resolve()), str((directory / "data.npy").resolve())]


def pymilvus_connect(user="", password=""):
    from pymilvus import connections
    alias = unique_name("conn")
    connections.connect(alias, host=HOST, port=str(PORT), user=user, password=password, timeout=30)
    return alias


def pymilvus_count(collection, alias):
    from pymilvus import Collection
    rows = Collection(collection, using=alias).query(expr="", output_fields=["count(*)"],
                                                     consistency_level="Strong")
    return rows[0]["count(*)"]


def pymilvus_vectors(collection, alias, ids):
    from pymilvus import Collection
    rows = Collection(collection, using=alias).query(
        expr=f"id in {list(map(int, ids))}", output_fields=["id", "data"],
        consistency_level="Strong")
    return {int(r["id"]): r["data"] for r in rows}
