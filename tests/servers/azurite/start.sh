#!/usr/bin/env bash
# Starts Azurite's Table service on 127.0.0.1:10002 and its Queue service on 127.0.0.1:10001 (bulk jobs), in memory
# (nothing persists), records their PIDs under $IMMUTABLEID_TEST_STATE and appends AZURITE_TABLE_CONNECTION_STRING and
# AZURITE_QUEUE_CONNECTION_STRING to $IMMUTABLEID_TEST_ENV. AZURITE_TABLE_PORT / AZURITE_QUEUE_PORT choose other ports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${IMMUTABLEID_TEST_STATE:?set IMMUTABLEID_TEST_STATE (./test.sh does)}"
: "${IMMUTABLEID_TEST_ENV:?set IMMUTABLEID_TEST_ENV (./test.sh does)}"
port=${AZURITE_TABLE_PORT:-10002}
queue_port=${AZURITE_QUEUE_PORT:-10001}
state=$IMMUTABLEID_TEST_STATE/azurite
mkdir -p "$state"
pidfile=$state/azurite.pid
queue_pidfile=$state/azurite-queue.pid
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
if [ -f "$queue_pidfile" ] && kill -0 "$(cat "$queue_pidfile")" 2>/dev/null; then
  echo "azurite: queue service already running (pid $(cat "$queue_pidfile"))"
else
  if (exec 3<>"/dev/tcp/127.0.0.1/$queue_port") 2>/dev/null; then
    echo "azurite: 127.0.0.1:$queue_port is already in use by a process this script did not start; stop it (or set AZURITE_QUEUE_PORT)"
    exit 1
  fi
  [ -x "$here/node_modules/.bin/azurite-queue" ] || "$here/install.sh"
  "$here/node_modules/.bin/azurite-queue" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry \
    >"$state/azurite-queue.log" 2>&1 &
  echo $! >"$queue_pidfile"
fi
# The well-known development account (public, documented by Microsoft; not a secret) on loopback only.
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
queue_conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;"
for _ in $(seq 1 60); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$queue_port") 2>/dev/null; then
    # Quoted: the file is sourced by bash, and the value holds ';'.
    echo "AZURITE_TABLE_CONNECTION_STRING='$conn'" >>"$IMMUTABLEID_TEST_ENV"
    echo "AZURITE_QUEUE_CONNECTION_STRING='$queue_conn'" >>"$IMMUTABLEID_TEST_ENV"
    echo "azurite: table service on 127.0.0.1:$port (pid $(cat "$pidfile")), queue service on 127.0.0.1:$queue_port (pid $(cat "$queue_pidfile"))"
    exit 0
  fi
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "azurite: exited; see $state/azurite.log"; cat "$state/azurite.log"; exit 1; }
  kill -0 "$(cat "$queue_pidfile")" 2>/dev/null || { echo "azurite: queue service exited; see $state/azurite-queue.log"; cat "$state/azurite-queue.log"; exit 1; }
  sleep 0.5
done
echo "azurite: did not answer on 127.0.0.1:$port and :$queue_port within 30 s; see $state/azurite.log and azurite-queue.log"
exit 1
