#!/usr/bin/env bash
# Every test of the project, on a fresh machine or a developer's:
#   1. installs what the machine lacks (each tests/servers/<name>/install.sh: apt, npm, dotnet tools),
#   2. starts the real test servers on 127.0.0.1 (tests/servers/<name>/start.sh), which publish their
#      connection settings as KEY=VALUE lines in $IMMUTABLEID_TEST_ENV,
#   3. builds and runs every test project of the solution, checks the Functions publish output and starts the
#      agent's single-file publish,
#   4. stops the servers it started (by PID), whatever happened, and exits non-zero on any failure.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Anchor]
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export IMMUTABLEID_TEST_STATE=${IMMUTABLEID_TEST_STATE:-$ROOT/.test-state}
export IMMUTABLEID_TEST_ENV=$IMMUTABLEID_TEST_STATE/servers.env
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$IMMUTABLEID_TEST_STATE"
: > "$IMMUTABLEID_TEST_ENV"

log() { printf '\n== %s\n' "$*"; }
servers=()
for dir in tests/servers/*/; do [ -x "$dir/start.sh" ] && servers+=("${dir%/}"); done

stop_servers() {
  local code=$?
  for ((i=${#servers[@]}-1; i>=0; i--)); do
    [ -x "${servers[$i]}/stop.sh" ] && "${servers[$i]}/stop.sh" || true
  done
  exit $code
}
trap stop_servers EXIT

command -v dotnet >/dev/null || { echo "dotnet (SDK 10) is required"; exit 1; }

# every tests/servers/<name>/install.sh, also of folders with nothing to start (tests/servers/examples: curl, jq)
for dir in tests/servers/*/; do
  if [ -x "$dir/install.sh" ]; then log "install: ${dir%/}"; "$dir/install.sh"; fi
done
for s in "${servers[@]}"; do log "start: $s"; "$s/start.sh"; done
set -a; . "$IMMUTABLEID_TEST_ENV"; set +a

log "build"
dotnet build ImmutableIdFunctions.sln -c Release -nologo -v q

log "test"
results=$IMMUTABLEID_TEST_STATE/results
rm -rf "$results"
status=0
tests/scripts/run-dotnet-test.sh "$IMMUTABLEID_TEST_STATE/test.log" \
  dotnet test ImmutableIdFunctions.sln -c Release --no-build -nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=normal" "$@" || status=1
if [ $# -eq 0 ]; then
  # every test assembly must report; one whose host died without a summary is a failure
  expected=$(ls tests/*.Tests/*.Tests.csproj | wc -l)
  reported=$(grep -cE '^\s*Total tests: [0-9]+' "$IMMUTABLEID_TEST_STATE/test.log" || true)
  [ "$reported" -eq "$expected" ] || { echo "$reported of $expected test assemblies reported a summary"; status=1; }
fi

log "publish check: src/ImmutableId.Functions"
tests/scripts/check-functions-publish.sh || status=1

log "publish check: src/ImmutableId.Agent (self-contained single file, linux-x64)"
tests/scripts/check-agent-single-file.sh || status=1

# One closing line for the whole run, summed over every test assembly.
count() { awk -v k="$1" '$1 == k":" && $2 ~ /^[0-9]+$/ { s += $2 } END { print s + 0 }' "$IMMUTABLEID_TEST_STATE/test.log"; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
[ "$passed" -gt 0 ] || { echo "no test ran"; status=1; }
[ "$failed" -eq 0 ] || status=1
[ "$skipped" -eq 0 ] || { echo "skipped tests are defects here: every real-server test must run"; status=1; }
# The failed tests by name, right above the closing line: a CI log shows its tail, and a long run's failure lines
# are otherwise far above it.
if [ "$failed" -gt 0 ]; then
  echo
  echo "Failed tests:"
  # each failed test's name, then the first lines of its error message
  grep -E -A3 '^\s+Failed [A-Za-z_]' "$IMMUTABLEID_TEST_STATE/test.log" | cut -c1-300 | head -80 || true
  # what the hosts under test met upstream: the emulator's own failures and Graph calls given up after the retry budget
  upstream=$(grep -E 'entra-emulator: |retry budget .* spent .*the last: ' "$IMMUTABLEID_TEST_STATE/test.log" | sed -E 's/^[[:space:]]+//' | cut -c1-300 | sort | uniq -c | sort -rn | head -12 || true)
  if [ -n "$upstream" ]; then
    echo
    echo "Upstream failures met during the run (count, line):"
    echo "$upstream"
  fi
fi
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
