#!/usr/bin/env bash
# Not a server: publishes where the linters are (REDOCLY_PATH, SPECTRAL_PATH) for the tests. Nothing to stop.
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
for tool in redocly spectral; do
  [ -x "$dir/node_modules/.bin/$tool" ] || { echo "$tool missing: run tests/servers/openapi-lint/install.sh"; exit 1; }
done
{
  echo "REDOCLY_PATH=$dir/node_modules/.bin/redocly"
  echo "SPECTRAL_PATH=$dir/node_modules/.bin/spectral"
} >> "${IMMUTABLEID_TEST_ENV:?set IMMUTABLEID_TEST_ENV}"
