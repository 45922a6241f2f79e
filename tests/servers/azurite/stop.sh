#!/usr/bin/env bash
# Stops the Azurite started by start.sh, by its recorded PID only.
set -uo pipefail
pidfile=${IMMUTABLEID_TEST_STATE:-.}/azurite/azurite.pid
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
fi
rm -f "$pidfile"
echo "azurite: stopped"
