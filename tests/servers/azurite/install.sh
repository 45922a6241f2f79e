#!/usr/bin/env bash
# Installs Azurite (the Azure Storage emulator: Tables for the stores, Queues for bulk jobs) into this folder from npm,
# pinned by package.json/package-lock.json. Idempotent: does nothing when it is already installed.
set -euo pipefail
cd "$(dirname "$0")"
if [ -x node_modules/.bin/azurite-table ] && [ -x node_modules/.bin/azurite-queue ]; then
  echo "azurite: already installed ($(node -p "require('./node_modules/azurite/package.json').version"))"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "azurite: npm missing, installing nodejs and npm with apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
# Azurite 3.37 declares node >= 22 but runs on node 20; the warning is expected.
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
echo "azurite: installed $(node -p "require('./node_modules/azurite/package.json').version")"
