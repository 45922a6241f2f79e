#!/usr/bin/env bash
# Stops the Azurite services started by start.sh (table and queue), by their recorded PIDs only.
set -uo pipefail
for name in azurite azurite-queue; do
  pidfile=${IMMUTABLEID_TEST_STATE:-.}/azurite/$name.pid
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
done
echo "azurite: stopped"
