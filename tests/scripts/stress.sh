#!/usr/bin/env bash
# Flake hunt: runs the whole suite (./test.sh) RUNS times in a row while the CPUs are oversubscribed — LOAD busy
# loops per core (default 1, i.e. twice as many runnable threads as cores once the tests run) — and prints each
# run's closing line and duration. Exits non-zero when any run fails. Busy loops are ours and stopped by PID.
# Usage: tests/scripts/stress.sh [RUNS=5] [LOAD=1]
# IMMUTABLEID_SERVERS_LOCK=<file>: take that flock around each run (the test servers use fixed ports, so on a shared
# machine other runs can go in between stress runs instead of waiting for all of them).
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
load=${2:-1}
cores=$(nproc)
state=${IMMUTABLEID_TEST_STATE:-$PWD/.test-state}
mkdir -p "$state"
hogs=()
stop_hogs() { for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop_hogs EXIT
for ((i = 0; i < cores * load; i++)); do
  ( while :; do :; done ) &
  hogs+=($!)
done
echo "stress: $runs runs of ./test.sh with $((cores * load)) busy loops on $cores cores (pids ${hogs[*]})"
green=0
for ((r = 1; r <= runs; r++)); do
  t0=$(date +%s)
  if [ -n "${IMMUTABLEID_SERVERS_LOCK:-}" ]; then
    flock "$IMMUTABLEID_SERVERS_LOCK" ./test.sh > "$state/stress-run-$r.log" 2>&1
  else
    ./test.sh > "$state/stress-run-$r.log" 2>&1
  fi
  code=$?
  line=$(grep -E '^Tests: ' "$state/stress-run-$r.log" | tail -1)
  echo "run $r/$runs: exit $code, $(( $(date +%s) - t0 )) s, ${line:-no closing line (see $state/stress-run-$r.log)}"
  [ $code -eq 0 ] && green=$((green + 1))
done
echo "stress: $green of $runs runs green"
[ $green -eq $runs ]
