"""The remote FileSystem against real servers, checked by independent clients.

Our side is the storage test binary's StorageTool drivers (src/storage/storage_tool_test.cc):
DISABLED_Upload streams a local file into a bucket through NewRemoteFileSystem, DISABLED_Download
the reverse. boto3 (MinIO) and azure-storage-blob (Azurite) read what we wrote and write what
we read, byte for byte. Servers come from scripts/servers.sh; nothing here skips.
The gcp (XML API, HMAC) case runs against MinIO: fake-gcs-server has no HMAC/SigV4 support, so
this proves our gcp path signs and addresses like S3, not that Google accepts it.
"""
import hashlib
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from test_storage_servers import require_up, s3

ROOT = Path(__file__).resolve().parents[2]
AZ_ACCOUNT = "devstoreaccount1"
AZ_KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
AZ_ENDPOINT = f"http://127.0.0.1:10000/{AZ_ACCOUNT}"
CONTAINER = "f2m-e2e"


def tool_bin():
    env = os.environ.get("F2M_STORAGE_TEST_BIN")
    if env:
        return Path(env)
    found = [p for p in (ROOT / "build").glob("*/src/storage/f2m_storage_test") if p.is_file()]
    if not found:
        pytest.fail("f2m_storage_test not built: cmake --build build/<dir> --target "
                    "f2m_storage_test (or set F2M_STORAGE_TEST_BIN)")
    return max(found, key=lambda p: p.stat().st_mtime)


def tool(action, local, key, **env):
    full = dict(os.environ, F2M_TOOL_LOCAL=str(local), F2M_TOOL_KEY=key,
                F2M_TOOL_PART_SIZE=str(5 << 20), **env)
    out = subprocess.run([str(tool_bin()), "--gtest_also_run_disabled_tests",
                          f"--gtest_filter=StorageTool.DISABLED_{action}"],
                         env=full, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "tool: " in out.stdout, out.stdout[-3000:] + out.stderr[-2000:]
    return out.stdout


MINIO_ENV = dict(F2M_TOOL_CLOUD="aws", F2M_TOOL_ENDPOINT="127.0.0.1:9000",
                 F2M_TOOL_BUCKET="a-bucket", F2M_TOOL_AK="minioadmin", F2M_TOOL_SK="minioadmin")
AZ_ENV = dict(F2M_TOOL_CLOUD="azure", F2M_TOOL_ENDPOINT=AZ_ENDPOINT, F2M_TOOL_BUCKET=CONTAINER,
              F2M_TOOL_AK=AZ_ACCOUNT, F2M_TOOL_SK=AZ_KEY)


def random_file(path, size):
    path.write_bytes(os.urandom(size))
    return path


def container():
    from azure.storage.blob import BlobServiceClient
    conn = (f"DefaultEndpointsProtocol=http;AccountName={AZ_ACCOUNT};AccountKey={AZ_KEY};"
            f"BlobEndpoint={AZ_ENDPOINT};")
    c = BlobServiceClient.from_connection_string(conn).get_container_client(CONTAINER)
    if not c.exists():
        c.create_container()
    return c


def test_minio_multipart_upload_reads_back_identical_with_boto3(tmp_path):
    require_up("minio")
    src = random_file(tmp_path / "src.bin", (13 << 20) + 5)
    key = f"f2m-test/e2e-{uuid.uuid4().hex}/part-00000/data.npy"
    tool("Upload", src, key, **MINIO_ENV)
    client = s3()
    try:
        got = client.get_object(Bucket="a-bucket", Key=key)
        assert got["ETag"].endswith('-3"'), got["ETag"]  # three parts: 5 + 5 + 3 MiB
        assert got["Body"].read() == src.read_bytes()
        uploads = client.list_multipart_uploads(Bucket="a-bucket", Prefix=key).get("Uploads", [])
        assert uploads == []
    finally:
        client.delete_object(Bucket="a-bucket", Key=key)


def test_minio_object_written_by_boto3_downloads_identical(tmp_path):
    require_up("minio")
    data = os.urandom((7 << 20) + 3)
    key = f"f2m-test/e2e-{uuid.uuid4().hex}/x.index"
    client = s3()
    client.put_object(Bucket="a-bucket", Key=key, Body=data)
    try:
        tool("Download", tmp_path / "back.bin", key, **MINIO_ENV)
        assert (tmp_path / "back.bin").read_bytes() == data
    finally:
        client.delete_object(Bucket="a-bucket", Key=key)


def test_gcp_hmac_path_signs_like_s3_proven_against_minio(tmp_path):
    require_up("minio")
    src = random_file(tmp_path / "src.bin", 1 << 20)
    key = f"f2m-test/e2e-{uuid.uuid4().hex}/gcp.bin"
    # cloud gcp with a custom endpoint: the XML API path (path-style, SigV4 with HMAC keys).
    tool("Upload", src, key, **dict(MINIO_ENV, F2M_TOOL_CLOUD="gcp"))
    client = s3()
    try:
        assert client.get_object(Bucket="a-bucket", Key=key)["Body"].read() == src.read_bytes()
    finally:
        client.delete_object(Bucket="a-bucket", Key=key)


def test_azurite_block_upload_reads_back_identical_with_the_sdk(tmp_path):
    require_up("azurite")
    c = container()
    src = random_file(tmp_path / "src.bin", (12 << 20) + 1)
    name = f"e2e-{uuid.uuid4().hex}/part-00000/data.npy"
    tool("Upload", src, name, **AZ_ENV)
    try:
        blob = c.get_blob_client(name)
        assert blob.download_blob().readall() == src.read_bytes()
        committed, uncommitted = blob.get_block_list("all")
        assert [b.size for b in committed] == [5 << 20, 5 << 20, (2 << 20) + 1]
        assert uncommitted == []
    finally:
        c.delete_blob(name)


def test_azurite_blob_written_by_the_sdk_downloads_identical(tmp_path):
    require_up("azurite")
    c = container()
    data = os.urandom((3 << 20) + 11)
    name = f"e2e-{uuid.uuid4().hex}/x.index"
    c.upload_blob(name, data)
    try:
        tool("Download", tmp_path / "back.bin", name, **AZ_ENV)
        assert hashlib.sha256((tmp_path / "back.bin").read_bytes()).hexdigest() == \
            hashlib.sha256(data).hexdigest()
    finally:
        c.delete_blob(name)
