#!/usr/bin/env bash
# PowerShell 7 for the Graph permission grant script's test (infra/scripts/grant-graph-permissions.ps1).
# A dotnet tool from NuGet, installed into the repository's .tools folder (git-ignored); idempotent.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dir=.tools/pwsh
version=7.6.9
if [ -x "$dir/pwsh" ] && "$dir/pwsh" -NoLogo -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -qx "$version"; then
  echo "PowerShell $version already in $dir"
  exit 0
fi
rm -rf "$dir"
dotnet tool install --tool-path "$dir" PowerShell --version "$version"
