#!/usr/bin/env bash
# Installs Redocly CLI and Spectral (the OpenAPI linters the integration tests run on both documents) into this
# folder from npm, pinned by package.json/package-lock.json. Idempotent: does nothing when they are installed.
set -euo pipefail
cd "$(dirname "$0")"
if [ -x node_modules/.bin/redocly ] && [ -x node_modules/.bin/spectral ]; then
  echo "openapi-lint: already installed (redocly $(node -p "require('./node_modules/@redocly/cli/package.json').version"), spectral $(node -p "require('./node_modules/@stoplight/spectral-cli/package.json').version"))"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "openapi-lint: npm missing, installing nodejs and npm with apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
echo "openapi-lint: installed"
