"""The storage test servers (scripts/servers.sh) and the fault proxy (tests/tools/fault_proxy.py).

These check the tooling the storage tests stand on, with independent clients (boto3,
azure-storage-blob, plain HTTP): each server answers on 127.0.0.1 only, MinIO has a-bucket, and
the proxy passes bytes through unchanged, injects 500s and drops connections when told.
They never skip: a server that is down fails with the command that starts it.
"""
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVERS = ROOT / "scripts" / "servers.sh"
PROXY = ROOT / "tests" / "tools" / "fault_proxy.py"
MINIO = "127.0.0.1:9000"


def require_up(name):
    out = subprocess.run(["bash", str(SERVERS), "status", name], capture_output=True, text=True)
    if out.stdout.strip() != f"{name}: up":
        pytest.fail(f"{name} is not running: start it with `scripts/servers.sh start {name}` "
                    f"({out.stdout.strip()} {out.stderr.strip()})")


def s3(endpoint=MINIO, attempts=1):
    import boto3
    from botocore.config import Config
    return boto3.client("s3", endpoint_url=f"http://{endpoint}", aws_access_key_id="minioadmin",
                        aws_secret_access_key="minioadmin", region_name="us-east-1",
                        config=Config(retries={"max_attempts": attempts, "mode": "standard"},
                                      connect_timeout=5, read_timeout=10))


class Proxy:
    def __init__(self, tmp_path, *args):
        self.port_file = tmp_path / f"port-{uuid.uuid4().hex}"
        self.proc = subprocess.Popen(
            [sys.executable, str(PROXY), "--target", MINIO, "--port-file", str(self.port_file),
             "--max-seconds", "60", *args], stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while not self.port_file.exists():
            assert self.proc.poll() is None, "fault_proxy.py exited at start"
            assert time.monotonic() < deadline, "fault_proxy.py did not start"
            time.sleep(0.05)
        self.endpoint = f"127.0.0.1:{self.port_file.read_text()}"

    def stop(self):
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=10)
        return out.strip()


def listening(port):
    out = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True)
    return [line.split()[3] for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("name,ports", [("minio", [9000, 9001]), ("azurite", [10000]),
                                        ("gcs", [4443])])
def test_server_is_up_on_loopback_only(name, ports):
    require_up(name)
    for port in ports:
        addrs = listening(port)
        assert addrs, f"nothing listens on port {port}"
        loopback = all(a.startswith(("127.0.0.1:", "[::1]:")) for a in addrs)
        assert loopback, f"{name} listens beyond loopback: {addrs}"


def test_minio_has_the_bucket_and_start_is_idempotent():
    require_up("minio")
    s3().head_bucket(Bucket="a-bucket")
    again = subprocess.run(["bash", str(SERVERS), "start", "minio"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "already answering: reusing it" in again.stderr
    assert "F2M_MINIO_ENDPOINT=127.0.0.1:9000" in again.stdout


def test_azurite_answers_the_blob_sdk():
    require_up("azurite")
    from azure.storage.blob import BlobServiceClient
    conn = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")
    service = BlobServiceClient.from_connection_string(conn)
    name = f"f2m-{uuid.uuid4().hex[:12]}"
    container = service.create_container(name)
    try:
        container.upload_blob("x/y.bin", b"azurite bytes")
        assert container.download_blob("x/y.bin").readall() == b"azurite bytes"
    finally:
        container.delete_container()


def test_fake_gcs_answers_the_json_api():
    require_up("gcs")
    with urllib.request.urlopen("http://127.0.0.1:4443/storage/v1/b", timeout=5) as r:
        assert r.status == 200
        assert b'"kind"' in r.read()


def test_proxy_passes_bytes_through_unchanged(tmp_path):
    require_up("minio")
    proxy = Proxy(tmp_path)
    key = f"f2m-test/proxy-{uuid.uuid4().hex}"
    data = os.urandom(3 << 20)
    try:
        client = s3(proxy.endpoint)
        client.put_object(Bucket="a-bucket", Key=key, Body=data)
        assert client.get_object(Bucket="a-bucket", Key=key)["Body"].read() == data
    finally:
        s3().delete_object(Bucket="a-bucket", Key=key)
        summary = proxy.stop()
    assert "0 dropped, 0 answered 500, 0 replies lost" in summary


def test_proxy_injects_500_with_an_s3_error_body(tmp_path):
    require_up("minio")
    from botocore.exceptions import ClientError
    proxy = Proxy(tmp_path, "--error", "1.0")
    try:
        with pytest.raises(ClientError) as err:
            s3(proxy.endpoint).head_bucket(Bucket="a-bucket")
        assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
        with pytest.raises(ClientError) as err:
            s3(proxy.endpoint).list_objects_v2(Bucket="a-bucket")
        assert "fault_proxy: injected 500" in str(err.value)
    finally:
        summary = proxy.stop()
    assert " 0 dropped, " in summary and " 0 answered 500" not in summary, summary


def test_proxy_drops_connections_and_stops_faulting_when_told(tmp_path):
    require_up("minio")
    proxy = Proxy(tmp_path, "--drop", "1.0", "--drop-after", "10", "10", "--max-faults", "1")
    url = f"http://{proxy.endpoint}/minio/health/live"
    try:
        with pytest.raises(OSError):  # reset after 10 request bytes: no answer at all
            urllib.request.urlopen(url, timeout=10)
        with urllib.request.urlopen(url, timeout=10) as r:  # --max-faults 1: this one passes
            assert r.status == 200
    finally:
        summary = proxy.stop()
    assert "2 connections, 1 dropped" in summary


def test_proxy_refuses_a_non_loopback_target(tmp_path):
    out = subprocess.run([sys.executable, str(PROXY), "--target", "10.0.0.1:9000",
                          "--max-seconds", "1"], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert "not a loopback address" in out.stderr
