#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that injects storage faults between faiss2milvus and a server.

Each accepted connection is forwarded to --target. With a seeded RNG, a connection may instead:
  * drop:  forward the first N client bytes (N drawn from --drop-after), then reset both sides
           (the request may or may not have reached the server: the nasty case);
  * error: answer the first request with an HTTP 500 (S3-style XML body) and close, without
           forwarding anything;
  * lose-reply: forward the request, then reset as the server's answer starts (the server did
           the work, the client never hears: tests that retries of POSTs leave no strays);
  * stall: forward the request and one byte of the answer, then go silent for --stall-seconds
           before resetting (a slow server: the client's low-speed timeout must fire).
Faults stop after --fault-seconds or --max-faults, whichever comes first, so a client whose
retries outlast them must succeed; the proxy itself exits after --max-seconds. Loopback only.

  fault_proxy.py --target 127.0.0.1:9000 --port-file /tmp/p --drop 0.3 --error 0.2 --seed 1

The chosen port is written to --port-file once listening; a summary line of what was injected
is printed to stdout on exit (SIGTERM/SIGINT or --max-seconds).
"""
import argparse
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

ERROR_BODY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>'
              b'<Message>fault_proxy: injected 500</Message></Error>')
ERROR_REPLY = (b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\n"
               b"Connection: close\r\nContent-Length: " + str(len(ERROR_BODY)).encode() +
               b"\r\n\r\n" + ERROR_BODY)


def loopback(addr):
    host, port = addr.rsplit(":", 1)
    if not (host == "localhost" or host.startswith("127.")):
        raise SystemExit(f"fault_proxy: {host} is not a loopback address")
    return host, int(port)


def reset(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv on this socket
    except OSError:
        pass
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


class Proxy:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.lock = threading.Lock()
        self.start = time.monotonic()
        self.stats = {"connections": 0, "drops": 0, "errors": 0, "lost_replies": 0, "stalls": 0}

    def decide(self):
        with self.lock:
            self.stats["connections"] += 1
            faults = sum(v for k, v in self.stats.items() if k != "connections")
            if (time.monotonic() - self.start > self.args.fault_seconds
                    or faults >= self.args.max_faults):
                return "pass", 0
            r = self.rng.random()
            if r < self.args.drop:
                self.stats["drops"] += 1
                lo, hi = self.args.drop_after
                return "drop", self.rng.randint(lo, hi)
            if r < self.args.drop + self.args.error:
                self.stats["errors"] += 1
                return "error", 0
            if r < self.args.drop + self.args.error + self.args.lose_reply:
                self.stats["lost_replies"] += 1
                return "lose-reply", 0
            if r < self.args.drop + self.args.error + self.args.lose_reply + self.args.stall:
                self.stats["stalls"] += 1
                return "stall", 0
            return "pass", 0

    def handle(self, client):
        action, limit = self.decide()
        if action == "error":
            client.settimeout(10)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                client.sendall(ERROR_REPLY)
                client.shutdown(socket.SHUT_WR)
                time.sleep(0.05)
            except OSError:
                pass
            reset(client)
            return
        try:
            upstream = socket.create_connection(loopback(self.args.target), timeout=10)
        except OSError:
            reset(client)
            return
        upstream.settimeout(None)
        client.settimeout(None)
        done = threading.Event()

        def pump(src, dst, budget, stall=0.0):
            sent = 0
            try:
                while True:
                    chunk = src.recv(65536)
                    if not chunk:
                        break
                    if budget and sent + len(chunk) >= budget:
                        dst.sendall(chunk[: budget - sent])
                        if stall:
                            done.wait(stall)  # silent, until the client gives up or time is up
                        break
                    dst.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            if not done.is_set():
                done.set()
                reset(client)
                reset(upstream)

        reply_budget = 1 if action in ("lose-reply", "stall") else 0
        stall = self.args.stall_seconds if action == "stall" else 0.0
        t = threading.Thread(target=pump, args=(upstream, client, reply_budget, stall),
                             daemon=True)
        t.start()
        pump(client, upstream, limit if action == "drop" else 0)
        t.join(timeout=5)

    def serve(self):
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(loopback(self.args.listen))
        srv.listen(64)
        srv.settimeout(0.2)
        if self.args.port_file:
            with open(self.args.port_file + ".tmp", "w") as f:
                f.write(str(srv.getsockname()[1]))
            os.replace(self.args.port_file + ".tmp", self.args.port_file)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        while not stop.is_set() and time.monotonic() - self.start < self.args.max_seconds:
            try:
                client, _ = srv.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self.handle, args=(client,), daemon=True).start()
        srv.close()
        s = self.stats
        print(f"fault_proxy: {s['connections']} connections, {s['drops']} dropped, "
              f"{s['errors']} answered 500, {s['lost_replies']} replies lost, "
              f"{s['stalls']} stalled", flush=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", default="127.0.0.1:0", help="loopback host:port (0: any port)")
    p.add_argument("--target", required=True, help="loopback host:port of the real server")
    p.add_argument("--port-file", help="write the listening port here once ready")
    p.add_argument("--drop", type=float, default=0.0, help="probability a connection is dropped")
    p.add_argument("--error", type=float, default=0.0, help="probability of an injected 500")
    p.add_argument("--lose-reply", type=float, default=0.0,
                   help="probability a connection forwards the request but loses the answer")
    p.add_argument("--stall", type=float, default=0.0,
                   help="probability a connection goes silent after one byte of the answer")
    p.add_argument("--stall-seconds", type=float, default=30.0)
    p.add_argument("--drop-after", type=int, nargs=2, default=[1, 4 << 20], metavar=("MIN", "MAX"),
                   help="a dropped connection forwards this many client bytes first")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--fault-seconds", type=float, default=30.0, help="inject only this long")
    p.add_argument("--max-faults", type=int, default=1000, help="inject at most this many")
    p.add_argument("--max-seconds", type=float, default=600.0, help="exit after this long")
    args = p.parse_args(argv)
    loopback(args.target)
    loopback(args.listen)
    Proxy(args).serve()


if __name__ == "__main__":
    sys.exit(main())
