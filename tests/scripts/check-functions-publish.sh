#!/usr/bin/env bash
# Publishes the Functions app and checks that the output is deployable: host.json, functions.metadata listing
# every function class, worker.config.json; every certs/*.pem (and nothing else from certs/) under certs/; and, in
# hybridConnection mode, the CA file the app is configured to trust (the app refuses to start without it).
#   ON_PREM_CONNECTIVITY   as azd has it (default agent); hybridConnection checks the CA file
#   LDAP_TRUSTED_CA_PATH   the app's OnPrem__TrustedCaPath (default infra/main.bicep's ldapTrustedCaPath,
#                          D:\home\site\wwwroot\certs\onprem-ca.pem; empty = the Windows store, nothing to check)
#   FUNCTIONS_PUBLISH_NO_BUILD=1   publish the existing Release build (--no-build)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${IMMUTABLEID_TEST_STATE:-.test-state}/publish
rm -rf "$out"
no_build=()
[ "${FUNCTIONS_PUBLISH_NO_BUILD:-}" = 1 ] && no_build=(--no-build)
dotnet publish src/ImmutableId.Functions -c Release -o "$out" -nologo -v q "${no_build[@]}" >/dev/null
fail=0
for f in host.json functions.metadata worker.config.json; do
  [ -f "$out/$f" ] || { echo "FAIL: $f missing from the publish output"; fail=1; }
done
expected=$(grep -rhoE '\[Function\("[A-Za-z0-9]+"\)\]' src/ImmutableId.Functions | sed -E 's/.*"(.*)".*/\1/' | sort -u)
for name in $expected; do
  grep -q "\"name\": *\"$name\"" "$out/functions.metadata" || { echo "FAIL: function $name not in functions.metadata"; fail=1; }
done

# certs/: PEM files only, each published.
pems=0
for pem in src/ImmutableId.Functions/certs/*.pem; do
  [ -e "$pem" ] || continue
  pems=$((pems + 1))
  [ -f "$out/certs/$(basename "$pem")" ] || { echo "FAIL: $pem not published to certs/"; fail=1; }
done
if [ -d "$out/certs" ]; then
  extra=$(find "$out/certs" -type f ! -name '*.pem' -printf '%f ')
  [ -z "$extra" ] || { echo "FAIL: non-PEM files published from certs/: $extra"; fail=1; }
fi

# hybridConnection: the configured CA file must be in the package.
ca_note=""
if [ "${ON_PREM_CONNECTIVITY:-agent}" = hybridConnection ]; then
  ca=${LDAP_TRUSTED_CA_PATH-'D:\home\site\wwwroot\certs\onprem-ca.pem'}
  prefix='d:\home\site\wwwroot\'
  lower=${ca,,}
  if [ -z "$ca" ]; then
    ca_note=", no CA file configured (Windows trust store)"
  elif [ "${lower:0:${#prefix}}" != "$prefix" ]; then
    ca_note=", CA file $ca is outside the package (not checked)"
  else
    relative=${ca:${#prefix}}
    relative=${relative//\\//}
    if [ -f "$out/$relative" ]; then
      ca_note=", configured CA file $relative present"
    else
      echo "FAIL: the app trusts $ca (OnPrem__TrustedCaPath) but $relative is not in the publish output: copy the DC's root CA (PEM) to src/ImmutableId.Functions/$relative, or deploy with ldapTrustedCaPath empty to use the Windows store"
      fail=1
    fi
  fi
fi
[ $fail -eq 0 ] && echo "publish output OK: host.json, worker.config.json, functions.metadata lists $(echo $expected | wc -w) functions, $pems PEM file(s) in certs/$ca_note"
exit $fail
