#!/usr/bin/env bash
# Removes the ImmutableId agent's systemd service and files (--purge: also its settings and state).
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)"; exit 1; }
systemctl disable --now immutableid-agent 2>/dev/null || true
rm -f /etc/systemd/system/immutableid-agent.service
systemctl daemon-reload
rm -rf /opt/immutableid-agent
if [ "${1:-}" = "--purge" ]; then rm -rf /etc/immutableid-agent /var/lib/immutableid-agent; userdel immutableid-agent 2>/dev/null || true; fi
echo "Removed."
