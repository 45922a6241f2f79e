#!/usr/bin/env bash
# Not a server: publishes where Chromium is (CHROMIUM_PATH) for the report rendering test. Nothing to stop; the test
# starts its own headless Chromium per test and ends it by its process id.
set -euo pipefail
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "Chromium missing: run tests/servers/chromium/install.sh"; exit 1; }
echo "CHROMIUM_PATH=$chromium" >> "${IMMUTABLEID_TEST_ENV:?set IMMUTABLEID_TEST_ENV}"
