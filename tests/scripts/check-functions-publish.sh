#!/usr/bin/env bash
# Publishes the Functions app and checks that the output is deployable: host.json, functions.metadata listing
# every function class, worker.config.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${IMMUTABLEID_TEST_STATE:-.test-state}/publish
rm -rf "$out"
dotnet publish src/ImmutableId.Functions -c Release -o "$out" -nologo -v q >/dev/null
fail=0
for f in host.json functions.metadata worker.config.json; do
  [ -f "$out/$f" ] || { echo "FAIL: $f missing from the publish output"; fail=1; }
done
expected=$(grep -rhoE '\[Function\("[A-Za-z0-9]+"\)\]' src/ImmutableId.Functions | sed -E 's/.*"(.*)".*/\1/' | sort -u)
for name in $expected; do
  grep -q "\"name\": *\"$name\"" "$out/functions.metadata" || { echo "FAIL: function $name not in functions.metadata"; fail=1; }
done
[ $fail -eq 0 ] && echo "publish output OK: host.json, worker.config.json, functions.metadata lists $(echo $expected | wc -w) functions"
exit $fail
