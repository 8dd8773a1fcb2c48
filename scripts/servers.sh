#!/usr/bin/env bash
# Starts, stops and reports the storage servers the tests use, all on 127.0.0.1 only:
#   minio    S3 API 127.0.0.1:9000 (console :9001), root minioadmin/minioadmin, bucket a-bucket
#   azurite  Azure Blob 127.0.0.1:10000 (devstoreaccount1, the well-known emulator key)
#   gcs      fake-gcs-server JSON API http://127.0.0.1:4443 (checks no credentials)
# Usage: scripts/servers.sh start|stop|status|env [minio|azurite|gcs ...]   (default: all)
# Binaries come from scripts/setup.d/20-storage-servers.sh (run it first on a fresh machine).
# State lives in $F2M_CACHE/run (data dirs, <name>.pid, <name>.log); `env` prints the
# F2M_*_ENDPOINT variables the server tests read. A server already answering on its port is
# reused, not restarted; stop kills only the pid this script recorded.
set -euo pipefail

cache="${F2M_CACHE:-/root/.cache/f2m}"
run="${F2M_SERVERS_DIR:-$cache/run}"
bin="$cache/bin"
mkdir -p "$run"

log() { echo "servers: $*" >&2; }

http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true; }

ready_minio() { [[ "$(http_code http://127.0.0.1:9000/minio/health/live)" == 200 ]]; }
ready_azurite() { local c; c="$(http_code http://127.0.0.1:10000/devstoreaccount1?comp=list)"; [[ -n "$c" && "$c" != 000 ]]; }
ready_gcs() { [[ "$(http_code http://127.0.0.1:4443/storage/v1/b)" == 200 ]]; }

wait_ready() {  # wait_ready NAME SECONDS
  local name="$1" deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if "ready_$name"; then return 0; fi
    if [[ -f "$run/$name.pid" ]] && ! kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
      log "$name exited; last lines of $run/$name.log:"; tail -n 20 "$run/$name.log" >&2 || true
      return 1
    fi
    sleep 0.3
  done
  log "$name did not answer within $2 s; see $run/$name.log"
  return 1
}

launch() {  # launch NAME CMD...: runs CMD in the background, records its pid
  local name="$1"; shift
  nohup "$@" >"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
}

start_minio() {
  [[ -x "$bin/minio" ]] || { log "no $bin/minio: run scripts/setup.d/20-storage-servers.sh"; return 1; }
  mkdir -p "$run/minio-data"
  MINIO_ROOT_USER=minioadmin MINIO_ROOT_PASSWORD=minioadmin \
    launch minio "$bin/minio" server "$run/minio-data" --address 127.0.0.1:9000 \
    --console-address 127.0.0.1:9001 --quiet
  wait_ready minio 60
  # The bucket Milvus and the tests use; 409 (already owned) is fine.
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT --user minioadmin:minioadmin \
    --aws-sigv4 'aws:amz:us-east-1:s3' -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' \
    http://127.0.0.1:9000/a-bucket)"
  [[ "$code" == 200 || "$code" == 409 ]] || { log "creating bucket a-bucket failed: HTTP $code"; return 1; }
}

start_azurite() {
  local exe="$cache/node/node_modules/.bin/azurite-blob"
  [[ -x "$exe" ]] || { log "no $exe: run scripts/setup.d/20-storage-servers.sh"; return 1; }
  mkdir -p "$run/azurite-data"
  launch azurite "$exe" --blobHost 127.0.0.1 --blobPort 10000 --location "$run/azurite-data" \
    --skipApiVersionCheck --loose --silent
  wait_ready azurite 60
}

start_gcs() {
  [[ -x "$bin/fake-gcs-server" ]] || { log "no $bin/fake-gcs-server: run scripts/setup.d/20-storage-servers.sh"; return 1; }
  mkdir -p "$run/gcs-data"
  launch gcs "$bin/fake-gcs-server" -host 127.0.0.1 -port 4443 -scheme http \
    -backend filesystem -filesystem-root "$run/gcs-data" -public-host 127.0.0.1:4443
  wait_ready gcs 60
}

start() {
  local name="$1"
  if "ready_$name"; then log "$name already answering: reusing it"; return 0; fi
  log "starting $name"
  "start_$name"
  log "$name ready"
}

stop() {
  local name="$1" pidfile="$run/$1.pid"
  [[ -f "$pidfile" ]] || { log "$name: no pid file, nothing to stop"; return 0; }
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "$name (pid $pid) stopped"
  fi
  rm -f "$pidfile"
}

status() {
  local name="$1"
  if "ready_$name"; then echo "$name: up"; else echo "$name: down"; fi
}

print_env() {
  echo "export F2M_MINIO_ENDPOINT=127.0.0.1:9000 F2M_MINIO_ACCESS_KEY=minioadmin F2M_MINIO_SECRET_KEY=minioadmin F2M_MINIO_BUCKET=a-bucket"
  echo "export F2M_AZURITE_ENDPOINT=http://127.0.0.1:10000/devstoreaccount1"
  echo "export F2M_GCS_ENDPOINT=http://127.0.0.1:4443"
}

cmd="${1:-status}"; shift || true
names=("$@"); ((${#names[@]})) || names=(minio azurite gcs)
for n in "${names[@]}"; do
  case "$n" in minio|azurite|gcs) ;; *) log "unknown server $n (minio, azurite, gcs)"; exit 2 ;; esac
done
case "$cmd" in
  start) for n in "${names[@]}"; do start "$n"; done; print_env ;;
  stop) for n in "${names[@]}"; do stop "$n"; done ;;
  status) for n in "${names[@]}"; do status "$n"; done ;;
  env) print_env ;;
  *) log "usage: $0 start|stop|status|env [minio|azurite|gcs ...]"; exit 2 ;;
esac
