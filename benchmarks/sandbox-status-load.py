#!/usr/bin/env python3
"""Peak RSS and throughput of a Standalone host under authenticated status calls (a benchmark, not a test).

Starts `dotnet <dll>` for each app folder given, as the sandbox on 127.0.0.1, one after the other in this one run,
and drives N keep-alive clients calling GET /api/users/<upn>/immutable-id (each call reads Graph: the in-process
emulator) for S seconds. Prints one Markdown row per app: RSS idle, peak RSS, requests/s, non-2xx answers.

  benchmarks/sandbox-status-load.py --clients 50 --seconds 60 LABEL=DIR [LABEL=DIR ...]
"""
import argparse, http.client, json, os, socket, subprocess, sys, tempfile, threading, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0

def run(label, folder, clients, seconds, upn):
    port = free_port()
    env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{port}", Logging__LogLevel__Default="Warning",
               RateLimits__Enabled="false", Telemetry__Exporter="None")
    work = tempfile.mkdtemp()
    proc = subprocess.Popen(["dotnet", os.path.join(folder, "ImmutableId.Standalone.dll")], cwd=work, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5); c.request("GET", "/api/health")
                if c.getresponse().status == 200: break
            except OSError: pass
            time.sleep(0.1)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10); c.request("POST", "/_sandbox/token")
        token = json.loads(c.getresponse().read())["access_token"]
        time.sleep(5)
        idle = rss_mb(proc.pid)
        end = time.time() + seconds
        counts, errors = [0] * clients, [0] * clients
        def client(i):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"Authorization": "Bearer " + token}
            while time.time() < end:
                try:
                    conn.request("GET", f"/api/users/{upn}/immutable-id", headers=headers)
                    r = conn.getresponse(); r.read()
                    counts[i] += 1
                    if r.status >= 300: errors[i] += 1
                except OSError:
                    errors[i] += 1; conn.close(); conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
        for t in threads: t.start()
        peak = idle
        while time.time() < end:
            peak = max(peak, rss_mb(proc.pid)); time.sleep(0.5)
        for t in threads: t.join()
        peak = max(peak, rss_mb(proc.pid))
        print(f"| {label} | {idle} | {peak} | {sum(counts) / seconds:.0f} | {sum(errors)} |", flush=True)
    finally:
        proc.kill(); proc.wait()

if __name__ == "__main__":
    a = argparse.ArgumentParser()
    a.add_argument("--clients", type=int, default=50)
    a.add_argument("--seconds", type=int, default=60)
    a.add_argument("--upn", default="adele.vance@contoso.com")
    a.add_argument("apps", nargs="+", help="LABEL=FOLDER (the build output holding ImmutableId.Standalone.dll)")
    args = a.parse_args()
    print("| build | RSS idle (MB) | peak RSS (MB) | requests/s | non-2xx |\n|---|---|---|---|---|", flush=True)
    for app in args.apps:
        label, folder = app.split("=", 1)
        run(label, folder, args.clients, args.seconds, args.upn)
