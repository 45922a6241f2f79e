#!/usr/bin/env bash
# Runs one test command, keeps its whole output in LOG and shows it without the per-test "Passed"/"Skipped" lines.
# Exits non-zero when the command fails or crashes (any non-zero exit, a signal included) or when it printed no test
# summary ("Total tests: N") at all — a test host that dies before reporting is a failure, never a silent pass.
# Usage: tests/scripts/run-dotnet-test.sh LOG command [args...]
set -uo pipefail
log=${1:?usage: run-dotnet-test.sh LOG command [args...]}
shift
[ $# -gt 0 ] || { echo "run-dotnet-test.sh: no command given" >&2; exit 2; }
"$@" 2>&1 | tee "$log" | grep -Ev '^\s+(Passed|Skipped) '
codes=("${PIPESTATUS[@]}")   # read at once: any later command resets PIPESTATUS
code=${codes[0]}
if [ "$code" -ne 0 ]; then
  echo "run-dotnet-test.sh: '$1' exited with code $code"
  exit 1
fi
if ! grep -Eq '^\s*Total tests: [0-9]+' "$log"; then
  echo "run-dotnet-test.sh: '$1' exited 0 but printed no test summary (Total tests: N): treated as a failure"
  exit 1
fi
exit 0
