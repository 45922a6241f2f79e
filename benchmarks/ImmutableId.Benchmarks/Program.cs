// A benchmark, not a test: the API's own overhead over the whole request path. The Standalone host runs as its own
// process in a real (non-sandbox) configuration: Entra ID tokens from the test issuer, SQLite storage, the demo LDIF,
// Graph = the Entra emulator over HTTP (in this process, so its request log is read here). For status, a dry-run set
// and a real set (Idempotency-Key, lease, audit intent and outcome), each iteration times the HTTP call, then sends
// the very Graph round trips the host made (read from the emulator's log) again raw from here and times them:
// own overhead = API latency − raw Graph latency, per iteration. Inner Graph requests count each request in a $batch
// (Graph throttles per request, not per round trip).
//   dotnet build -c Release benchmarks/ImmutableId.Benchmarks
//   dotnet run -c Release --no-build --project benchmarks/ImmutableId.Benchmarks -- [--iterations 200]
//       [--warmup-seconds 15] [--app PUBLISH_FOLDER]
//       [--ldif-users N] [--idempotency-keys N] [--audit-records N] [--without-index NAME] [--clients 50 --seconds 60]
// --warmup-seconds: each operation is called for that long (and at least 20 times) before it is measured. The runtime
// compiles the host's code again, optimised, during its first 15-25 s of traffic (tiered compilation: about 15,000
// methods for these four operations, on the same 2 cores as the calls); 0 measures that cold phase, the default the
// steady state a long-running host serves in. --app runs the host from a publish folder (e.g. ReadyToRun) instead of
// its build output.
// --ldif-users adds N generated users to the demo LDIF; --idempotency-keys and --audit-records store N live keys /
// N newer audit records in the SQLite file before the run (costs that must not grow with size); --without-index drops
// one SQLite index after the host created its schema (the "before" of a fix that added it). --clients: afterwards, N
// concurrent authenticated clients alternate status and dry-run calls for S seconds; the host's idle and peak RSS.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ImmutableId.Api.Auth;
using ImmutableId.Benchmarks;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Hosting;
using ImmutableId.Testing;
using Microsoft.Data.Sqlite;

var iterations = Option("--iterations", 200);
var warmupSeconds = Option("--warmup-seconds", 15);
var ldifUsers = Option("--ldif-users", 0);
var idempotencyKeys = Option("--idempotency-keys", 0);
var auditRecords = Option("--audit-records", 0);
var clients = Option("--clients", 0);
var seconds = Option("--seconds", 60);
var app = TextOption("--app");
var withoutIndex = TextOption("--without-index");
const string Upn = "adele.vance@contoso.com";
var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

await using var emulator = await EntraEmulatorHost.StartAsync();

// Graph's throttling stays out of this measurement (the jobs benchmark measures it): on an idle machine the calls and
// their raw replays exceed the emulated resource-unit budget (3,500 per 10 s) within seconds, and the 429s' 1 s
// Retry-After became the dry run's p99 (1,007 ms, 7.1 inner requests instead of 7).
// Reset() restores the default throttling, so every reset turns it off again (ResetTenant): before, the set and clear
// iterations re-enabled it and the refused set that follows them met an emulated 429 (one call in 100, p99 1 s).
var unthrottled = new ImmutableId.EntraEmulator.Throttling.ThrottleSettings(Enabled: false);
emulator.Throttling = unthrottled;
await using var issuer = await TestTokenIssuer.StartAsync();
var folder = Directory.CreateTempSubdirectory("immutableid-bench-").FullName;
var database = Path.Combine(folder, "audit.db");
var ldif = Path.Combine(folder, "directory.ldif");
var entries = BenchDirectory.Write(ldif, Path.Combine(HostProcess.Directory, "Demo", "demo-directory.ldif"), ldifUsers);
var settings = new Dictionary<string, string?>
{
    ["Entra:Credential"] = "Emulator",
    ["Entra:GraphBaseUrl"] = emulator.GraphBaseUrl,
    ["Entra:TenantId"] = DemoTenant.TenantId,
    ["Entra:ClientId"] = DemoTenant.FunctionAppId,
    ["OnPrem:Mode"] = "Ldif",
    ["OnPrem:LdifPath"] = ldif,
    ["Policy:AllowedUpnDomains:0"] = "contoso.com",
    ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
    ["Storage:Provider"] = "Sqlite",
    ["Storage:SqlitePath"] = database,
    ["Telemetry:Exporter"] = "None",
    ["Logging:LogLevel:Default"] = "Warning",
    // The limiter stays in the path, with limits this run cannot reach.
    ["RateLimits:Reads:PermitLimit"] = "1000000",
    ["RateLimits:Writes:PermitLimit"] = "1000000",
    ["RateLimits:DryRuns:PermitLimit"] = "1000000",
    // So does the Graph write budget (by default 2,925 writes per 150 s, burst 40, shared with jobs): back-to-back sets
    // spend the burst in the warm-up and would then wait about 26 ms per set for the budget's next token — Graph's
    // write limit, paced on purpose, not the host's own work.
    ["Jobs:WritesPerWindow"] = "18000",
    ["Jobs:WriteWindowSeconds"] = "0.1",
    ["Jobs:WriteBurst"] = "3000",
};
foreach (var (key, value) in issuer.AuthSettings)
{
    settings[key] = value;
}

await using var host = await HostProcess.StartAsync(settings, app);
using var api = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.AppToken(AppRoles.Read, AppRoles.Write, AppRoles.Clear));
using var raw = new HttpClient();
raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.MintToken(DemoTenant.FunctionAppId));

await StoreSizeAsync(database, idempotencyKeys, auditRecords);
if (withoutIndex is not null)
{
    // "Before": the host created its schema at start; without this index the store works as it did before it existed.
    await using var connection = new SqliteConnection($"Data Source={database}");
    await connection.OpenAsync();
    using var drop = connection.CreateCommand();
    drop.CommandText = $"DROP INDEX {withoutIndex.Replace("\"", "", StringComparison.Ordinal)}";
    await drop.ExecuteNonQueryAsync();
}

// Each operation: its name, whether the tenant is reset before it (and before its raw replay), the value the user holds
// then (a clear needs one), the request, and the status it must answer.
var operations = new (string Name, bool Reset, string? Holding, Func<int, HttpRequestMessage> Request, HttpStatusCode Expected)[]
{
    ("status", false, null, _ => new HttpRequestMessage(HttpMethod.Get, $"/api/users/{Upn}/immutable-id"), HttpStatusCode.OK),
    ("dry-run set", false, null, _ => new HttpRequestMessage(HttpMethod.Put, $"/api/users/{Upn}/immutable-id?dryRun=true"), HttpStatusCode.OK),
    ("set (Idempotency-Key, audit)", true, null, i => new HttpRequestMessage(HttpMethod.Put, $"/api/users/{Upn}/immutable-id")
    {
        Headers = { { "Idempotency-Key", $"\"bench-{Guid.NewGuid():N}-{i}\"" } },
        Content = new StringContent("{\"ticket\":\"BENCH-1\"}", Encoding.UTF8, "application/json"),
    }, HttpStatusCode.OK),
    ("clear (audit)", true, "9+XToSwLbk2PEBorPE1eAQ==", _ => new HttpRequestMessage(HttpMethod.Delete, $"/api/users/{Upn}/immutable-id?ticket=BENCH-2"), HttpStatusCode.OK),
    ("set refused (privileged target)", false, null, _ => new HttpRequestMessage(HttpMethod.Put, "/api/users/isaiah.langer@contoso.com/immutable-id")
    {
        Content = new StringContent("{\"ticket\":\"BENCH-3\"}", Encoding.UTF8, "application/json"),
    }, HttpStatusCode.Forbidden),
    ("audit query (to=)", false, null, _ => new HttpRequestMessage(HttpMethod.Get,
        $"/api/operations?to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-3).ToString("O", CultureInfo.InvariantCulture))}"), HttpStatusCode.OK),
};

var rows = new List<string>();
var requests = new List<string>();
var mismatches = 0;
foreach (var (name, reset, holding, request, expected) in operations)
{
    var apiTimes = new List<double>();
    var rawTimes = new List<double>();
    var overheads = new List<double>();
    long roundTrips = 0, graphRequests = 0;
    var cpuBefore = 0L;
    var warming = Stopwatch.StartNew();
    for (int call = 0, i = -1; i < iterations; call++)
    {
        // Warm-up: at least 20 calls and at least --warmup-seconds of them; then i counts the measured iterations.
        if (i < 0 && call >= 20 && warming.Elapsed.TotalSeconds >= warmupSeconds)
        {
            i = 0;
            cpuBefore = host.CpuMilliseconds();
        }

        if (reset)
        {
            ResetTenant();      // the user back to no immutable ID
            await HoldAsync(raw, emulator, Upn, holding);
        }

        emulator.RequestLog.Clear();
        using var message = request(call);
        var watch = Stopwatch.StartNew();
        using var response = await api.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        var apiMs = watch.Elapsed.TotalMilliseconds;
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}{Environment.NewLine}{host.Output}");
        }

        var log = emulator.RequestLog.Entries;
        if (reset)
        {
            ResetTenant();      // the raw replay meets the same state
            await HoldAsync(raw, emulator, Upn, holding);
        }

        watch.Restart();
        foreach (var entry in log.Where(e => e.IsRoundTrip))
        {
            using var replay = Replay(emulator, entry);
            using var answer = await raw.SendAsync(replay);
            await answer.Content.ReadAsByteArrayAsync();
            mismatches += (int)answer.StatusCode == entry.Status ? 0 : 1;
        }

        var rawMs = watch.Elapsed.TotalMilliseconds;
        if (i < 0)
        {
            continue;           // warm-up
        }

        if (i == 0)
        {
            requests.Add($"{name}: " + string.Join(", ", log.Select(e => (e.IsRoundTrip ? "" : "  └ ") + $"{e.Method} {e.Path}{(e.Query.Length > 0 ? "?" + e.Query : "")} {e.Status}")));
        }

        apiTimes.Add(apiMs);
        rawTimes.Add(rawMs);
        overheads.Add(apiMs - rawMs);
        roundTrips += log.Count(e => e.IsRoundTrip);
        graphRequests += log.Count(e => !(e.IsRoundTrip && e.Path == "/$batch"));
        i++;
    }

    var cpu = (host.CpuMilliseconds() - cpuBefore) / (double)iterations;
    rows.Add(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {roundTrips / (double)iterations:0.#} | {graphRequests / (double)iterations:0.#} | {P(apiTimes, 0.5):0.0} / {P(apiTimes, 0.99):0.0} | {P(rawTimes, 0.5):0.0} / {P(rawTimes, 0.99):0.0} | **{P(overheads, 0.5):0.0} / {P(overheads, 0.99):0.0}** | {cpu:0.0} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Standalone host (own process, production configuration), {iterations} iterations per operation after a warm-up of {warmupSeconds} s (at least 20 calls) each; LDIF {entries} entries, {idempotencyKeys} stored idempotency keys, {auditRecords} newer audit records{(withoutIndex is null ? "" : $", without index {withoutIndex}")}; load average {string.Join(' ', load)} at start, {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])} at end."));
Console.WriteLine();
Console.WriteLine("| operation | Graph round trips | inner Graph requests | API p50 / p99 ms | same Graph requests raw p50 / p99 ms | own overhead p50 / p99 ms | host CPU ms/op |");
Console.WriteLine("|---|---|---|---|---|---|---|");
rows.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine("The Graph requests of one iteration (└ = inside the $batch before it):");
requests.ForEach(Console.WriteLine);
if (mismatches > 0)
{
    Console.WriteLine($"WARNING: {mismatches} replayed Graph requests answered another status than the host's.");
}

if (clients > 0)
{
    var idle = host.ResidentMegabytes();
    var peak = idle;
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var failures = 0;
    var until = DateTime.UtcNow.AddSeconds(seconds);
    var callers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        for (var n = 0; DateTime.UtcNow < until; n++)
        {
            using var message = operations[(c + n) % 2].Request(n);
            var watch = Stopwatch.StartNew();
            using var response = await api.SendAsync(message);
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        }
    })).ToList();
    while (callers.Any(t => !t.IsCompleted))
    {
        peak = Math.Max(peak, host.ResidentMegabytes());
        await Task.WhenAny(Task.WhenAll(callers), Task.Delay(500));
    }

    await Task.WhenAll(callers);
    var sorted = latencies.ToList();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{clients} concurrent clients (status and dry run alternating) for {seconds} s: {sorted.Count} calls ({sorted.Count / (double)seconds:0} /s), {failures} not 2xx, p50 {P(sorted, 0.5):0} ms, p99 {P(sorted, 0.99):0} ms; host RSS before them {idle:0} MB, peak {peak:0} MB; load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}."));
}

SqliteConnection.ClearAllPools();
await host.DisposeAsync();
Directory.Delete(folder, recursive: true);
return mismatches == 0 ? 0 : 1;

string? TextOption(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

void ResetTenant()
{
    emulator.Reset();
    emulator.Throttling = unthrottled;
}

int Option(string name, int fallback) => TextOption(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

// Puts the user's immutable ID in place straight through the emulator's Graph surface (outside what is measured).
static async Task HoldAsync(HttpClient raw, EntraEmulatorHost emulator, string upn, string? immutableId)
{
    if (immutableId is null)
    {
        return;
    }

    using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{emulator.GraphBaseUrl}/users/{upn}")
    {
        Content = new StringContent($"{{\"onPremisesImmutableId\":\"{immutableId}\"}}", Encoding.UTF8, "application/json"),
    };
    using var answer = await raw.SendAsync(patch);
    answer.EnsureSuccessStatusCode();
}

static double P(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

// The round trip exactly as logged: method, path, query, body and the headers Graph reads.
static HttpRequestMessage Replay(EntraEmulatorHost emulator, RequestLogEntry entry)
{
    var path = entry.Path.StartsWith("/beta/", StringComparison.Ordinal) ? entry.Path : "/v1.0" + entry.Path;
    var url = new Uri(emulator.BaseAddress, path + (entry.Query.Length > 0 ? "?" + entry.Query : ""));
    var message = new HttpRequestMessage(new HttpMethod(entry.Method), url);
    if (entry.Body is not null)
    {
        message.Content = new StringContent(entry.Body, Encoding.UTF8, "application/json");
    }

    foreach (var (header, value) in entry.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
    {
        message.Headers.TryAddWithoutValidation(header, value);
    }

    return message;
}

// Live idempotency keys (other callers' writes, valid for a day) and audit records newer than the to= bound.
static async Task StoreSizeAsync(string database, int keys, int records)
{
    if (keys == 0 && records == 0)
    {
        return;
    }

    await using var connection = new SqliteConnection($"Data Source={database}");
    await connection.OpenAsync();
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    using (var insert = connection.CreateCommand())
    {
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO idempotency (scope, key, fingerprint, claimed_ms, expires_ms, completed, status_code) VALUES ('bench', $key, 'x', $now, $expires, 1, 200)";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        insert.Parameters.AddWithValue("$now", now);
        insert.Parameters.AddWithValue("$expires", now + 86_400_000);
        for (var i = 0; i < keys; i++)
        {
            key.Value = $"key-{i}";
            await insert.ExecuteNonQueryAsync();
        }
    }

    using (var insert = connection.CreateCommand())
    {
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO audit (operation_id, sort_key, time_ms, upn, ticket, outcome, record) VALUES ($id, $sort, $time, 'someone@contoso.com', NULL, 'Succeeded', '{}')";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var sort = insert.Parameters.Add("$sort", SqliteType.Text);
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        for (var i = 0; i < records; i++)
        {
            var at = now - i;
            var operation = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(at));
            id.Value = operation.ToString("D");
            sort.Value = (999_999_999_999_999 - at).ToString("D15", CultureInfo.InvariantCulture) + "_" + operation.ToString("N");
            time.Value = at;
            await insert.ExecuteNonQueryAsync();
        }
    }

    await transaction.CommitAsync();
}
