#!/usr/bin/env bash
# Not a server: publishes where PowerShell is (PWSH_PATH) for the tests. Nothing to stop.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
pwsh=$root/.tools/pwsh/pwsh
[ -x "$pwsh" ] || { echo "PowerShell missing: run tests/servers/pwsh/install.sh"; exit 1; }
echo "PWSH_PATH=$pwsh" >> "${IMMUTABLEID_TEST_ENV:?set IMMUTABLEID_TEST_ENV}"
