#!/usr/bin/env bash
# Installs the ImmutableId agent as a systemd service on Linux.
# Usage: sudo ./install-agent.sh   (from the folder of `dotnet publish src/ImmutableId.Agent -c Release -r linux-x64`)
# Then put the settings in /etc/immutableid-agent/agent.env (see docs/agent.md) and: systemctl restart immutableid-agent
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)"; exit 1; }
[ -x "$here/ImmutableId.Agent" ] || { echo "ImmutableId.Agent not found in $here: publish it first (-r linux-x64)"; exit 1; }
id immutableid-agent >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin immutableid-agent
install -d -m 0755 /opt/immutableid-agent
cp -r "$here"/. /opt/immutableid-agent/
install -d -m 0750 -o root -g immutableid-agent /etc/immutableid-agent
[ -f /etc/immutableid-agent/agent.env ] || install -m 0640 -o root -g immutableid-agent /dev/null /etc/immutableid-agent/agent.env
install -m 0644 "$here/immutableid-agent.service" /etc/systemd/system/immutableid-agent.service
systemctl daemon-reload
systemctl enable immutableid-agent
echo "Installed. Edit /etc/immutableid-agent/agent.env (Agent__ApiBaseUrl, Agent__ApiScope, OnPrem__Server, OnPrem__BaseDns__0, …), then: systemctl restart immutableid-agent; journalctl -u immutableid-agent"
