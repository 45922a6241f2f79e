#!/usr/bin/env bash
# Starts Azurite's Table service on 127.0.0.1:10002, in memory (nothing persists), records its PID under
# $IMMUTABLEID_TEST_STATE and appends AZURITE_TABLE_CONNECTION_STRING to $IMMUTABLEID_TEST_ENV.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${IMMUTABLEID_TEST_STATE:?set IMMUTABLEID_TEST_STATE (./test.sh does)}"
: "${IMMUTABLEID_TEST_ENV:?set IMMUTABLEID_TEST_ENV (./test.sh does)}"
port=${AZURITE_TABLE_PORT:-10002}
state=$IMMUTABLEID_TEST_STATE/azurite
mkdir -p "$state"
pidfile=$state/azurite.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "azurite: already running (pid $(cat "$pidfile"))"
else
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "azurite: 127.0.0.1:$port is already in use by a process this script did not start; stop it (or set AZURITE_TABLE_PORT)"
    exit 1
  fi
  [ -x "$here/node_modules/.bin/azurite-table" ] || "$here/install.sh"
  "$here/node_modules/.bin/azurite-table" --tableHost 127.0.0.1 --tablePort "$port" \
    --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry \
    >"$state/azurite.log" 2>&1 &
  echo $! >"$pidfile"
fi
# The well-known development account (public, documented by Microsoft; not a secret) on loopback only.
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
for _ in $(seq 1 60); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    # Quoted: the file is sourced by bash, and the value holds ';'.
    echo "AZURITE_TABLE_CONNECTION_STRING='$conn'" >>"$IMMUTABLEID_TEST_ENV"
    echo "azurite: table service on 127.0.0.1:$port (pid $(cat "$pidfile"))"
    exit 0
  fi
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "azurite: exited; see $state/azurite.log"; cat "$state/azurite.log"; exit 1; }
  sleep 0.5
done
echo "azurite: did not answer on 127.0.0.1:$port within 30 s; see $state/azurite.log"
exit 1
