#!/usr/bin/env bash
# The project's one test command (README, .ci/run):
#   1. scripts/setup.sh (skipped with F2M_SKIP_SETUP=1);
#   2. configure and build the release preset;
#   3. starts the servers the tests use, when their scripts exist (scripts/servers.sh: MinIO,
#      azurite, fake-gcs, exporting the F2M_*_ENDPOINT variables it prints; scripts/milvus.sh:
#      Milvus 2.3.5), unless F2M_SKIP_SERVICES=1; stops at the end only what it started;
#   4. ctest --preset release (GoogleTest beside the code; some talk to those servers);
#   5. pytest over tests/ with the venv's python, F2M_BIN = the binary just built.
# Extra arguments go to pytest (e.g. scripts/test.sh -k inspect -x).
# Exits non-zero when anything failed (a build error, a failing test, pytest collecting no test)
# and ends with one plain line: `N passed, N failed` (ctest and pytest added up).
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
cache="${F2M_CACHE:-/root/.cache/f2m}"
venv_python="$cache/venv/bin/python"
jobs="${F2M_JOBS:-2}"
export CCACHE_DIR="${CCACHE_DIR:-$cache/ccache}" CCACHE_BASEDIR="$repo" CCACHE_NOHASHDIR=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
skipped=0
status=0

step() { echo "=== $*" >&2; }
fail() { echo "test.sh: $*" >&2; status=1; }
summary() {
  local line="$passed passed, $failed failed"
  ((skipped)) && line+=", $skipped skipped"
  echo "$line"
  exit "$status"
}

if [[ "${F2M_SKIP_SETUP:-0}" != 1 ]]; then
  step "setup"
  if ! bash scripts/setup.sh; then
    fail "scripts/setup.sh failed"
    failed=$((failed + 1))
    summary
  fi
fi

step "build (release preset)"
if ! { cmake --preset release && cmake --build --preset release -j"$jobs"; }; then
  fail "build failed"
  failed=$((failed + 1))
  summary
fi

started=()
stop_started() {
  local s
  for s in "${started[@]}"; do
    case "$s" in
      servers) bash scripts/servers.sh stop >/dev/null 2>&1 || true ;;
      milvus) bash scripts/milvus.sh stop >/dev/null 2>&1 || true ;;
    esac
  done
}
trap 'stop_started; rm -rf "$work"' EXIT

if [[ "${F2M_SKIP_SERVICES:-0}" != 1 ]]; then
  if [[ -f scripts/servers.sh ]]; then
    step "storage servers (scripts/servers.sh)"
    was_up="$(bash scripts/servers.sh status 2>/dev/null | grep -c ': up' || true)"
    if env_lines="$(bash scripts/servers.sh start)"; then
      eval "$(grep '^export ' <<<"$env_lines" || true)"
      [[ "$was_up" == 0 ]] && started+=(servers)
    else
      fail "scripts/servers.sh start failed"
      failed=$((failed + 1))
    fi
  fi
  if [[ -f scripts/milvus.sh ]]; then
    step "milvus (scripts/milvus.sh)"
    if [[ "$(bash scripts/milvus.sh status 2>/dev/null)" != running* ]]; then
      if bash scripts/milvus.sh start --local; then
        started+=(milvus)
      else
        fail "scripts/milvus.sh start failed"
        failed=$((failed + 1))
      fi
    fi
  fi
fi

step "ctest --preset release"
ctest --preset release -j"$jobs" 2>&1 | tee "$work/ctest.log"
ctest_rc=${PIPESTATUS[0]}
# "100% tests passed, 0 tests failed out of 42"
if read -r c_failed c_total < <(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1 \2/p' \
    "$work/ctest.log" | tail -n1); then
  passed=$((passed + c_total - c_failed))
  failed=$((failed + c_failed))
  if ((ctest_rc != 0 && c_failed == 0)); then
    fail "ctest exited $ctest_rc"
    failed=$((failed + 1))
  fi
elif grep -q "No tests were found" "$work/ctest.log"; then
  fail "ctest found no tests"
  failed=$((failed + 1))
else
  fail "ctest exited $ctest_rc without a summary"
  failed=$((failed + 1))
fi
((ctest_rc != 0)) && status=1

step "pytest"
export F2M_BIN="$repo/build/release/src/cli/faiss2milvus"
if [[ ! -x "$venv_python" ]]; then
  fail "no venv python at $venv_python (run scripts/setup.sh)"
  failed=$((failed + 1))
  summary
fi
"$venv_python" -m pytest --junitxml="$work/pytest.xml" "$@"
pytest_rc=$?
if [[ -f "$work/pytest.xml" ]]; then
  read -r p_passed p_failed p_skipped < <("$venv_python" - "$work/pytest.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = sum(int(s.get("tests", 0)) for s in suites)
f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
k = sum(int(s.get("skipped", 0)) for s in suites)
print(t - f - k, f, k)
PY
  )
  passed=$((passed + p_passed))
  failed=$((failed + p_failed))
  skipped=$((skipped + p_skipped))
fi
case "$pytest_rc" in
  0) ;;
  1) status=1 ;;
  5) fail "pytest collected no test"; failed=$((failed + 1)) ;;
  *) fail "pytest exited $pytest_rc (interrupted, internal or usage error)"
     failed=$((failed + 1)) ;;
esac
summary
