#!/usr/bin/env bash
# Starts and stops the one real Milvus 2.3.5 of this machine (PyPI `milvus`, embedded etcd).
#
#   scripts/milvus.sh start [--auth] [--local|--minio]   fresh data dir, waits until 19530 answers
#   scripts/milvus.sh stop                                stops wrapper and `milvus` child by pid
#   scripts/milvus.sh restart [--auth] [--local|--minio]
#   scripts/milvus.sh status                              prints "running <flags>" or "stopped"
#
# --local (default): Milvus's local storage; imports take absolute paths.
# --minio: data in MinIO 127.0.0.1:9000 (minioadmin/minioadmin, bucket a-bucket, started by
#          scripts/servers.sh); imports take bucket-relative keys.
# --auth: --authorization-enabled true (user root, password Milvus).
# Only one milvus-server can run per machine (shared pid file and etcd peer port 2380).
set -euo pipefail

CACHE="${F2M_CACHE:-/root/.cache/f2m}"
VENV="$CACHE/venv"
RUN="$CACHE/run/milvus"
DATA="$RUN/data"
PIDS="$RUN/pids"        # "<wrapper pid> <milvus pid>"
FLAGS="$RUN/flags"      # the flags of the running server, for restart by tests
LOG="$RUN/server.log"
PORTS=(19530 2379 2380 9091)
START_TIMEOUT="${F2M_MILVUS_START_TIMEOUT:-120}"  # per attempt
START_ATTEMPTS=2  # under heavy CPU load the embedded etcd can stall a start (seen once)
STOP_TIMEOUT=60

die() { echo "milvus.sh: $*" >&2; exit 1; }

port_open() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q LISTEN; }

any_port_open() {
  local p
  for p in "${PORTS[@]}"; do port_open "$p" && return 0; done
  return 1
}

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# Answers when the proxy serves GetVersion (the port opens before the server is ready).
answers() {
  local auth="$1"
  "$VENV/bin/python" - "$auth" <<'PY' >/dev/null 2>&1
import sys
from pymilvus import connections, utility
kw = dict(user="root", password="Milvus") if sys.argv[1] == "1" else {}
connections.connect("probe", host="127.0.0.1", port="19530", timeout=5, **kw)
utility.get_server_version(using="probe")
PY
}

do_stop() {
  local wrapper="" child=""
  if [[ -f "$PIDS" ]]; then read -r wrapper child <"$PIDS" || true; fi
  if [[ -z "$child" ]] && alive "$wrapper"; then child="$(pgrep -P "$wrapper" || true)"; fi
  local pid
  for pid in $wrapper $child; do alive "$pid" && kill -TERM "$pid" 2>/dev/null || true; done
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while (alive "$wrapper" || alive "$child") && ((SECONDS < deadline)); do sleep 0.5; done
  for pid in $wrapper $child; do alive "$pid" && kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$PIDS" "$FLAGS"
  deadline=$((SECONDS + STOP_TIMEOUT))
  while any_port_open && ((SECONDS < deadline)); do sleep 0.5; done
  if any_port_open; then
    die "stop: ports ${PORTS[*]} still in use by a Milvus this script did not start: $(ss -Hltnp | grep -E ':(19530|2379|2380|9091) ' | tr -s ' ')"
  fi
  echo "milvus.sh: stopped"
}

do_start() {
  local attempt
  for ((attempt = 1; attempt <= START_ATTEMPTS; attempt++)); do
    if start_once "$@"; then return 0; fi
    echo "milvus.sh: start attempt $attempt: Milvus did not answer within ${START_TIMEOUT}s" >&2
    do_stop >/dev/null || true
  done
  tail -n 20 "$DATA/logs/milvus-stdout.log" >&2 2>/dev/null || true
  die "start: Milvus did not answer on 127.0.0.1:19530 after $START_ATTEMPTS attempts; see $LOG and $DATA/logs"
}

# Starts once and waits; returns 1 when Milvus does not answer in time (dies on a setup error).
start_once() {
  local auth=0 storage=local arg
  for arg in "$@"; do
    case "$arg" in
      --auth) auth=1 ;;
      --local) storage=local ;;
      --minio) storage=minio ;;
      *) die "unknown option $arg (use --auth, --local or --minio)" ;;
    esac
  done
  [[ -x "$VENV/bin/milvus-server" ]] || die "no $VENV/bin/milvus-server: run scripts/setup.d/30-milvus.sh"
  if [[ -f "$PIDS" ]]; then do_stop >/dev/null; fi
  any_port_open && die "start: a port of ${PORTS[*]} is in use (another Milvus?): $(ss -Hltnp | grep -E ':(19530|2379|2380|9091) ' | tr -s ' ')"
  if [[ "$storage" == minio ]]; then
    port_open 9000 || die "start --minio: MinIO is not listening on 127.0.0.1:9000 (scripts/servers.sh start)"
  fi
  rm -rf "$DATA"
  mkdir -p "$DATA"
  local args=(--data "$DATA" --proxy-port 19530 --etcd-port 2379)
  local comp
  for comp in proxy rootCoord dataCoord dataNode queryCoord queryNode indexCoord indexNode; do
    args+=(--extra-config "$comp.ip=127.0.0.1")
  done
  if [[ "$storage" == minio ]]; then
    args+=(--extra-config common.storageType=minio --extra-config minio.address=127.0.0.1
           --extra-config minio.port=9000 --extra-config minio.accessKeyID=minioadmin
           --extra-config minio.secretAccessKey=minioadmin --extra-config minio.bucketName=a-bucket)
  fi
  ((auth)) && args+=(--authorization-enabled true)
  setsid "$VENV/bin/milvus-server" "${args[@]}" >"$LOG" 2>&1 </dev/null &
  local wrapper=$! child="" started=$SECONDS deadline=$((SECONDS + START_TIMEOUT))
  echo "$wrapper" >"$PIDS"
  while ((SECONDS < deadline)); do
    alive "$wrapper" || { echo "milvus.sh: milvus-server exited; see $LOG" >&2; return 1; }
    [[ -n "$child" ]] || { child="$(pgrep -P "$wrapper" || true)"; [[ -n "$child" ]] && echo "$wrapper $child" >"$PIDS"; }
    if port_open 19530 && answers "$auth"; then
      local flags="--$storage"; ((auth)) && flags+=" --auth"
      echo "$flags" >"$FLAGS"
      echo "milvus.sh: Milvus 2.3.5 on 127.0.0.1:19530 ($flags) after $((SECONDS - started))s, pids $wrapper $child, data $DATA"
      return 0
    fi
    sleep 1
  done
  return 1
}

mkdir -p "$RUN"
case "${1:-}" in
  start) shift; do_start "$@" ;;
  stop) do_stop ;;
  restart) shift; do_stop >/dev/null; do_start "$@" ;;
  status) if [[ -f "$FLAGS" ]] && port_open 19530; then echo "running $(cat "$FLAGS")"; else echo stopped; fi ;;
  *) die "usage: milvus.sh start|stop|restart|status [--auth] [--local|--minio]" ;;
esac
