#!/usr/bin/env bash
# Memory and start-up of the Standalone host in a real (non-sandbox) configuration: the Entra emulator as a separate
# process (Graph over HTTP), the demo LDIF directory, SQLite storage, Entra ID auth settings. A benchmark, not a test.
#
#   benchmarks/standalone-footprint.sh [--app DIR] [--emulator DIR] [--clients 50] [--seconds 60] [--label text] [--sandbox]
#
# --app / --emulator: `dotnet publish -c Release` outputs of src/ImmutableId.Standalone and src/ImmutableId.EntraEmulator
# (published from this tree into a temp folder when omitted). Extra environment (e.g. DOTNET_gcServer=0) is passed on.
# --sandbox: the host with no configuration instead (the sandbox: emulator in-process, demo LDIF, temporary SQLite).
# Prints one Markdown row: ready after launch (ms), CPU the host spent until ready (ms: user + system, less sensitive
# to a busy machine than the wall time), RSS idle (MB), peak RSS under N concurrent clients (MB), requests, and
# whether the emulator assembly is loaded in the host (its mapped images, /proc/<pid>/maps).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
app='' emulator='' clients=50 seconds=60 label='' sandbox=0
while [ $# -gt 0 ]; do
  case $1 in
    --app) app=$2; shift 2 ;;
    --emulator) emulator=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --sandbox) sandbox=1; shift ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
done
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "$app" ]; then app=$work/app; dotnet publish "$here/src/ImmutableId.Standalone" -c Release -o "$app" >/dev/null; fi
if [ -z "$emulator" ]; then emulator=$work/emulator; dotnet publish "$here/src/ImmutableId.EntraEmulator" -c Release -o "$emulator" >/dev/null; fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2/1024 }' "/proc/$1/status"; }

port=$(free_port)
export ASPNETCORE_URLS=http://127.0.0.1:$port
export Logging__LogLevel__Default=Warning Telemetry__Exporter=None
if [ "$sandbox" -eq 0 ]; then
  eport=$(free_port)
  "$emulator/ImmutableId.EntraEmulator" --port "$eport" >"$work/emulator.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$eport/v1.0/\$metadata" 2>/dev/null && break; (exec 3<>"/dev/tcp/127.0.0.1/$eport") 2>/dev/null && break; sleep 0.1; done

  ldif=$(find "$app" -name demo-directory.ldif | head -1)
  export Entra__Credential=Emulator Entra__GraphBaseUrl=http://127.0.0.1:$eport/v1.0
  export Entra__TenantId=c0a7e1d5-0000-4000-8000-00000000c0de Entra__ClientId=44444444-0000-4000-8000-000000000002
  export OnPrem__Mode=Ldif OnPrem__LdifPath=$ldif
  export Policy__AllowedUpnDomains__0=contoso.com Policy__AllowedOrganizationalUnits__0='OU=Staff,DC=contoso,DC=com'
  export Auth__TenantId=c0a7e1d5-0000-4000-8000-00000000c0de Auth__Audiences__0=api://immutableid
  export Storage__Provider=Sqlite Storage__SqlitePath=$work/audit.db
fi
start=$(date +%s%N)
"$app/ImmutableId.Standalone" >"$work/app.log" 2>&1 &
apid=$!
pids+=($apid)
until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do
  kill -0 "$apid" 2>/dev/null || { echo "the host exited:"; cat "$work/app.log"; exit 1; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$apid/stat")
sleep 5
idle=$(rss_mb "$apid")

# N clients in a loop for the duration: liveness and the OpenAPI document (the heaviest anonymous answer).
end=$(( $(date +%s) + seconds ))
first_client=${#pids[@]}
for c in $(seq 1 "$clients"); do
  ( n=0; while [ "$(date +%s)" -lt "$end" ]; do
      if [ $((c % 2)) -eq 0 ]; then curl -s -o /dev/null "http://127.0.0.1:$port/api/health"; else curl -s -o /dev/null "http://127.0.0.1:$port/api/openapi/v3.json"; fi
      n=$((n + 1)); done; echo "$n" >"$work/count.$c" ) &
  pids+=($!)
done
peak=$idle
while [ "$(date +%s)" -lt "$end" ]; do r=$(rss_mb "$apid"); [ "$r" -gt "$peak" ] && peak=$r; sleep 1; done
wait "${pids[@]:$first_client}" 2>/dev/null || true
total=$(cat "$work"/count.* | awk '{ s += $1 } END { print s }')
if grep -q 'ImmutableId.EntraEmulator.dll' "/proc/$apid/maps"; then loaded=yes; else loaded=no; fi
echo "| ${label:-$app} | $ready_ms | $cpu_ms | $idle | $peak | $total | $loaded |"
