#!/usr/bin/env bash
# Publishes the on-prem agent as the README tells an administrator to (self-contained single file, linux-x64) and
# starts that file: with its API settings missing it must exit 2 naming them, without a stack trace — which proves
# the single file starts, binds its configuration and validates it on this machine. (win-x64 is the same project
# with another runtime identifier; it cannot run here.)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${IMMUTABLEID_TEST_STATE:-.test-state}/agent-single-file
rm -rf "$out"
dotnet publish src/ImmutableId.Agent -c Release -r linux-x64 -o "$out" -nologo -v q >/dev/null
[ -x "$out/ImmutableId.Agent" ] || { echo "FAIL: no single file $out/ImmutableId.Agent"; exit 1; }
[ ! -e "$out/ImmutableId.Agent.dll" ] || { echo "FAIL: the publish is not a single file (ImmutableId.Agent.dll beside it)"; exit 1; }
set +e
output=$(cd "$out" && Agent__RunOnce=true Agent__ApiBaseUrl= Agent__ApiScope= timeout 120 ./ImmutableId.Agent 2>&1)
code=$?
set -e
fail=0
[ "$code" -eq 2 ] || { echo "FAIL: exit code $code, expected 2 (configuration not valid)"; fail=1; }
grep -q "Agent:ApiBaseUrl is required" <<<"$output" || { echo "FAIL: the missing Agent:ApiBaseUrl is not named"; fail=1; }
if grep -qE '^\s+at ' <<<"$output"; then echo "FAIL: a stack trace was printed"; fail=1; fi
[ $fail -eq 0 ] && echo "agent single file OK: $(du -m "$out/ImmutableId.Agent" | cut -f1) MB, starts, exits 2 naming the missing settings" || echo "$output" | head -20
exit $fail
