#!/usr/bin/env bash
# Stops the Samba DC that start.sh started: only the PID recorded in its private pid file, never by name.
DC_DIR=${DC_DIR:-${IMMUTABLEID_TEST_STATE:?set IMMUTABLEID_TEST_STATE}/samba-dc}
PIDFILE="$DC_DIR/run/samba.pid"
[ -f "$PIDFILE" ] || { echo "samba: no DC running for $DC_DIR"; exit 0; }
PID=$(cat "$PIDFILE")
BULKPID=$(cat "$DC_DIR/run/bulk-ldapadd.pid" 2>/dev/null || true)
[ -n "$BULKPID" ] && kill -0 "$BULKPID" 2>/dev/null && kill -TERM "$BULKPID" 2>/dev/null
if kill -0 "$PID" 2>/dev/null && grep -q samba "/proc/$PID/cmdline" 2>/dev/null; then
  kill -TERM "$PID"
  for i in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$PID" 2>/dev/null; then kill -KILL -- "-$PID" 2>/dev/null || kill -KILL "$PID"; fi
  echo "samba: DC (pid $PID) stopped"
fi
rm -f "$PIDFILE"
