#!/usr/bin/env bash
# Memory and start-up of the Standalone host in a real (non-sandbox) configuration: the Entra emulator as a separate
# process (Graph over HTTP), the demo LDIF directory, SQLite storage, Entra ID auth settings. A benchmark, not a test.
#
#   benchmarks/standalone-footprint.sh [--app DIR] [--emulator DIR] [--clients 50] [--seconds 60] [--label text] [--sandbox] [--wrk]
#
# --app / --emulator: `dotnet publish -c Release` outputs of src/ImmutableId.Standalone and src/ImmutableId.EntraEmulator
# (published from this tree into a temp folder when omitted). Extra environment (e.g. DOTNET_gcServer=0) is passed on.
# --sandbox: the host with no configuration instead (the sandbox: emulator in-process, demo LDIF, temporary SQLite).
# --wrk: the N clients are keep-alive connections of `wrk` (apt install wrk) instead of `curl` loops, which start a
# process per request and so reach only tens of requests/s on two cores. In the sandbox they call the authenticated
# status endpoint (a sandbox token; every call reads Graph, the in-process emulator, as a caller's would), otherwise
# liveness and the OpenAPI document in turn. The inbound rate limits (and the sandbox emulator's throttling) are off.
# Prints one Markdown row: ready after launch (ms), CPU the host spent until ready (ms: user + system, less sensitive
# to a busy machine than the wall time), RSS idle (MB), peak RSS under N concurrent clients (MB), requests, requests/s,
# the host's CPU per request under load (ms, user + system; with the clients on the same cores, steadier than the
# rate when other work shares the machine), answers other than 2xx (wrk only), and whether the emulator assembly is loaded in the host (its mapped images,
# /proc/<pid>/maps).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
app='' emulator='' clients=50 seconds=60 label='' sandbox=0 use_wrk=0
while [ $# -gt 0 ]; do
  case $1 in
    --app) app=$2; shift 2 ;;
    --emulator) emulator=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --sandbox) sandbox=1; shift ;;
    --wrk) use_wrk=1; shift ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
done
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "$app" ]; then app=$work/app; dotnet publish "$here/src/ImmutableId.Standalone" -c Release -o "$app" >/dev/null; fi
if [ -z "$emulator" ] && [ "$sandbox" -eq 0 ]; then emulator=$work/emulator; dotnet publish "$here/src/ImmutableId.EntraEmulator" -c Release -o "$emulator" >/dev/null; fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2/1024 }' "/proc/$1/status"; }

port=$(free_port)
export ASPNETCORE_URLS=http://127.0.0.1:$port
export Logging__LogLevel__Default=Warning Telemetry__Exporter=None
# One token makes every wrk call the same caller: the inbound limit per caller (600 reads/min) would answer most with 429.
if [ "$use_wrk" -eq 1 ]; then export RateLimits__Enabled=false; fi
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
cpu_now() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$apid/stat"; }
cpu_ms=$(cpu_now)
sleep 5
idle=$(rss_mb "$apid")

peak=$idle
cpu_before_load=$(cpu_now)
sample_peak() { local r; r=$(rss_mb "$apid"); if [ "$r" -gt "$peak" ]; then peak=$r; fi; }
if [ "$use_wrk" -eq 1 ]; then
  # N keep-alive connections for the duration; the peak is sampled every 0.5 s while they run.
  if [ "$sandbox" -eq 1 ]; then
    # The sandbox's emulator throttles as Graph does (3,500 resource units per 10 s for the demo tenant): at ~100
    # status calls/s its 429s and their 1 s Retry-After would be the limit. Off, so that the host's own work is.
    graph=$(grep -o 'emulator at http://127.0.0.1:[0-9]*' "$work/app.log" | head -1 | sed 's/emulator at //')
    curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"enabled":false}' "$graph/_emulator/throttling"
    token=$(curl -sf -X POST "http://127.0.0.1:$port/_sandbox/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
    wrk -t 2 -c "$clients" -d "${seconds}s" --latency -H "Authorization: Bearer $token" \
      "http://127.0.0.1:$port/api/users/adele.vance@contoso.com/immutable-id" >"$work/wrk.out" 2>&1 &
  else
    printf '%s\n' 'local n = 0' 'request = function() n = n + 1; if n % 2 == 0 then return wrk.format("GET", "/api/health") end return wrk.format("GET", "/api/openapi/v3.json") end' >"$work/alternate.lua"
    wrk -t 2 -c "$clients" -d "${seconds}s" --latency -s "$work/alternate.lua" "http://127.0.0.1:$port" >"$work/wrk.out" 2>&1 &
  fi
  wpid=$!
  pids+=($wpid)
  while kill -0 "$wpid" 2>/dev/null; do sample_peak; sleep 0.5; done
  wait "$wpid" || { cat "$work/wrk.out"; exit 1; }
  total=$(awk '/requests in/ { print $1 }' "$work/wrk.out")
  rate=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/wrk.out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.out"); non2xx=${non2xx:-0}
else
  # N clients in a loop for the duration: liveness and the OpenAPI document (the heaviest anonymous answer).
  end=$(( $(date +%s) + seconds ))
  first_client=${#pids[@]}
  for c in $(seq 1 "$clients"); do
    ( n=0; while [ "$(date +%s)" -lt "$end" ]; do
        if [ $((c % 2)) -eq 0 ]; then curl -s -o /dev/null "http://127.0.0.1:$port/api/health"; else curl -s -o /dev/null "http://127.0.0.1:$port/api/openapi/v3.json"; fi
        n=$((n + 1)); done; echo "$n" >"$work/count.$c" ) &
    pids+=($!)
  done
  while [ "$(date +%s)" -lt "$end" ]; do sample_peak; sleep 1; done
  wait "${pids[@]:$first_client}" 2>/dev/null || true
  total=$(cat "$work"/count.* | awk '{ s += $1 } END { print s }')
  rate=$(( total / seconds ))
  non2xx='—'
fi
sample_peak
cpu_per_request=$(awk -v a="$cpu_before_load" -v b="$(cpu_now)" -v n="$total" 'BEGIN { printf "%.2f", (n > 0 ? (b - a) / n : 0) }')
if grep -q 'ImmutableId.EntraEmulator.dll' "/proc/$apid/maps"; then loaded=yes; else loaded=no; fi
echo "| ${label:-$app} | $ready_ms | $cpu_ms | $idle | $peak | $total | $rate | $cpu_per_request | $non2xx | $loaded |"
