#!/usr/bin/env bash
# What the README's and docs/'s shell examples need beyond bash (DocsExamplesTests runs them): curl and jq.
# Idempotent; apt-based distributions (as every tests/servers/*/install.sh).
set -euo pipefail
command -v curl >/dev/null && command -v jq >/dev/null && { echo "examples: curl and jq already installed"; exit 0; }
command -v apt-get >/dev/null || { echo "examples: install curl and jq by hand (no apt-get here)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends curl jq ca-certificates >/dev/null
echo "examples: curl and jq installed"
