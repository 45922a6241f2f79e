#!/usr/bin/env bash
# Headless Chromium from the distribution's packages, for the readiness report's rendering test
# (tests/ImmutableId.Standalone.Tests: the page as a person's browser shows it). Idempotent.
set -euo pipefail
if command -v chromium >/dev/null; then echo "chromium: already installed ($(chromium --version 2>/dev/null || true))"; exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "chromium: install Chromium by hand (the test runs 'chromium --headless'), or run ./test.sh on Debian/Ubuntu." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
chromium --version
