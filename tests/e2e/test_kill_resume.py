"""Kill tests of `migrate` on the real stack (Milvus 2.3.5 on MinIO, target.mode remote): one
collection lifecycle in which `migrate` is killed at named steps spread over the dump and the
load (F2M_TEST_CRASH_AT=<step>[@<part>] makes the tool _exit(137) there, as SIGKILL would: no
cleanup, no flush) and once by a real SIGKILL at an arbitrary moment, each time started again
with the same config. The end: exactly ntotal rows, no duplicate id, vectors equal bit for bit,
and every part imported by exactly one Completed Milvus task (Milvus does not deduplicate).
"""
import os
import signal
import subprocess
import time

import pytest

from migrate_helpers import (assert_exact_copy, build_index, completed_tasks_per_part, connect,
                             drop, ensure_milvus, f2m, require_minio, write_config)
from milvus_helpers import unique_name

# In the order one resumed run after another reaches them (6 parts, one import at a time).
CRASH_POINTS = [
    "part-written@0",   # dump: first part written, nothing submitted
    "part-written@3",   # dump of part 3 while part 0 is being submitted/imported
    "after-submit@1",   # Import sent, task id not recorded: found again by its files
    "after-record@2",   # task id recorded, import running
    None,               # a real SIGKILL while an import runs (see below)
    "mid-wait",         # killed while waiting for a recorded task
    "before-submit@4",  # "submitting" recorded, Import never sent
    "after-submit@5",
    "before-finish",    # every part imported, before flush/index/load
    "loaded",           # loaded and counted, before verify
]


@pytest.fixture(scope="module", autouse=True)
def minio_milvus():
    require_minio()
    had = ensure_milvus("--minio")
    yield
    ensure_milvus(*had)  # restores the flags it ran with (tests may have restarted it)


def sigkill_after(binary, config, seconds):
    p = subprocess.Popen([binary, "migrate", "--config", str(config)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=dict(os.environ, NO_COLOR="1"))
    time.sleep(seconds)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    return p.returncode


def test_migrate_killed_at_ten_points_resumes_exactly(f2m_bin, tmp_path):
    name = unique_name("f2m_kill")
    ids, vectors = build_index(tmp_path / "x.index", "ivfflat", n=6000, d=32, seed=3)
    config = write_config(tmp_path, tmp_path / "x.index", name, max_file_size="128KiB")
    alias = connect()
    try:
        for point in CRASH_POINTS:
            if point is None:
                rc = sigkill_after(f2m_bin, config, 2.0)
                assert rc in (-signal.SIGKILL, 0), rc
                continue
            r = f2m(f2m_bin, "migrate", config, crash_at=point)
            assert r.rc == 137, f"step {point} not reached: {r}"
        r = f2m(f2m_bin, "migrate", config)
        assert r.rc == 0, r
        assert "migrated 6000 rows" in r.stdout and "1000 sampled vectors equal" in r.stdout, r
        assert_exact_copy(name, alias, ids, vectors)
        per_part = completed_tasks_per_part(name, alias)
        assert len(per_part) == 6 and set(per_part.values()) == {1}, per_part
    finally:
        drop(name, alias)
