#!/usr/bin/env bash
# Not a server: publishes where Kiota is (KIOTA_PATH) for the tests. Nothing to stop.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
kiota=$root/.tools/kiota/kiota
[ -x "$kiota" ] || { echo "Kiota missing: run tests/servers/kiota/install.sh"; exit 1; }
echo "KIOTA_PATH=$kiota" >> "${IMMUTABLEID_TEST_ENV:?set IMMUTABLEID_TEST_ENV}"
