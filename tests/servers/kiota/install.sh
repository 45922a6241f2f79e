#!/usr/bin/env bash
# Kiota (the OpenAPI client generator) for the typed-client test: a dotnet tool from NuGet, installed into the
# repository's .tools folder (git-ignored); idempotent.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dir=.tools/kiota
version=1.38.0
if [ -x "$dir/kiota" ] && "$dir/kiota" --version 2>/dev/null | grep -q "^$version"; then
  echo "Kiota $version already in $dir"
  exit 0
fi
rm -rf "$dir"
dotnet tool install --tool-path "$dir" Microsoft.OpenApi.Kiota --version "$version"
