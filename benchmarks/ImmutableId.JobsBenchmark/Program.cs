extern alias EntraEmulator;
extern alias Standalone;

// Throughput benchmark of bulk jobs (not a test): N users through POST /api/jobs against the Entra emulator throttling
// with Graph's real limits (3,000 writes per 150 s per app), the app's shared write budget at its default (2,925 per
// 150 s), every Graph round trip delayed by --latency ms. Side by side in the same run: the seed script's sequential
// pattern (GET by filter, PATCH, GET) over --script-users other users, and the latency of interactive PUTs with no job
// and while the job runs. PATCHes per user and 429s are counted from the emulator's request log.
//   dotnet run -c Release --project benchmarks/ImmutableId.JobsBenchmark -- [--users 10000] [--time-scale 1]
//     [--latency 100] [--script-users 200] [--interactive 10] [--concurrency 32] [--tables]
// --time-scale S runs the emulator's buckets and the app's budget window S times faster (rates are reported scaled
// back, divided by S; injected latency is not scaled). --tables: Azure Tables + Queues on Azurite
// (AZURITE_TABLE_CONNECTION_STRING, AZURITE_QUEUE_CONNECTION_STRING); default SQLite and its local queue.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using EntraEmulator::ImmutableId.EntraEmulator.Faults;
using EntraEmulator::ImmutableId.EntraEmulator.Seeding;
using EntraEmulator::ImmutableId.EntraEmulator.Throttling;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

int IntArg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);
var users = IntArg("--users", 10_000);
var scale = (double)IntArg("--time-scale", 1);
var latency = IntArg("--latency", 100);
var scriptUsers = IntArg("--script-users", 200);
var interactive = IntArg("--interactive", 10);
var concurrency = IntArg("--concurrency", 32);
var tables = args.Contains("--tables");
string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set.");
const string Ou = "OU=Bench,DC=contoso,DC=com";

// Users 1..N for the job, then the script's, then the idle interactive PUTs', then those during the job.
var total = users + scriptUsers + (2 * interactive);
string Upn(int n) => string.Create(CultureInfo.InvariantCulture, $"bulk{n:D6}@contoso.com");
var guids = Enumerable.Range(0, total + 1).Select(_ => Guid.NewGuid()).ToArray();
var folder = Path.Combine(Path.GetTempPath(), "immutableid-jobs-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var ldif = Path.Combine(folder, "bench.ldif");
await using (var writer = new StreamWriter(ldif, false, new UTF8Encoding(false)))
{
    await writer.WriteLineAsync("version: 1");
    for (var n = 1; n <= total; n++)
    {
        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"\ndn: CN=bench{n:D6},{Ou}\nobjectClass: user\nobjectGUID:: {Convert.ToBase64String(guids[n].ToByteArray())}\nsAMAccountName: bench{n:D6}\nuserPrincipalName: {Upn(n)}\nuserAccountControl: 512\n"));
    }
}

await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(total, "contoso.com", "bulk")] } });
emulator.Throttling = new ThrottleSettings(TimeScale: scale);
emulator.Faults = new FaultSettings(LatencyMs: latency);
await using var issuer = await TestTokenIssuer.StartAsync();
int port;
using (var listener = new TcpListener(IPAddress.Loopback, 0))
{
    listener.Start();
    port = ((IPEndPoint)listener.LocalEndpoint).Port;
}

var settings = new Dictionary<string, string>
{
    ["urls"] = $"http://127.0.0.1:{port}",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Telemetry:Exporter"] = "None",
    ["Sandbox:Enabled"] = "false",
    ["Entra:Credential"] = "Emulator",
    ["Entra:GraphBaseUrl"] = emulator.GraphBaseUrl,
    ["Entra:TenantId"] = DemoTenant.TenantId,
    ["Entra:ClientId"] = DemoTenant.FunctionAppId,
    ["OnPrem:Mode"] = "Ldif",
    ["OnPrem:LdifPath"] = ldif,
    ["Policy:AllowedUpnDomains:0"] = "contoso.com",
    ["Policy:AllowedOrganizationalUnits:0"] = "*",
    // The defaults (2,925 writes per 150 s, burst 40, reserve 20), the window time-scaled like the emulator's.
    ["Jobs:WriteWindowSeconds"] = (150 / scale).ToString(CultureInfo.InvariantCulture),
    ["Jobs:WorkerConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
    ["Jobs:PollMilliseconds"] = "100",
    ["Storage:Provider"] = tables ? "AzureTables" : "Sqlite",
};
if (tables)
{
    settings["Storage:TableConnectionString"] = Env("AZURITE_TABLE_CONNECTION_STRING");
    settings["Storage:QueueConnectionString"] = Env("AZURITE_QUEUE_CONNECTION_STRING");
    settings["Storage:TablePrefix"] = "B" + Guid.NewGuid().ToString("N")[..12];
    settings["Jobs:QueueName"] = "bench-" + Guid.NewGuid().ToString("N")[..12];
}
else
{
    settings["Storage:SqlitePath"] = Path.Combine(folder, "immutableid.db");
}

foreach (var (key, value) in issuer.AuthSettings)
{
    settings[key] = value!;
}

var repository = BuildOutput.RepositoryRoot;
// WebApplicationFactory outside a test project: tell it where the Standalone host's content root is.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_IMMUTABLEID_STANDALONE", Path.Combine(repository, "src", "ImmutableId.Standalone"));
await using var factory = new WebApplicationFactory<Standalone::Program>().WithWebHostBuilder(web =>
{
    foreach (var (key, value) in settings)
    {
        web.UseSetting(key, value);
    }
});
factory.UseKestrel(port);
factory.StartServer();
using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.CreateToken(new TestToken { Roles = ["ImmutableId.Read", "ImmutableId.Write"], Expires = TimeSpan.FromHours(4) }));

// 1. The seed script's pattern, one user after another: GET by filter, PATCH, GET (the AD lookup left out).
using var graph = new HttpClient { BaseAddress = new Uri(emulator.GraphBaseUrl.TrimEnd('/') + "/") };
graph.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.MintToken(DemoTenant.FunctionAppId, lifetime: TimeSpan.FromHours(4)));
var script = Stopwatch.StartNew();
for (var n = users + 1; n <= users + scriptUsers; n++)
{
    var find = await graph.GetAsync($"users?$filter=userPrincipalName eq '{Upn(n)}'&$select=id,onPremisesImmutableId");
    find.EnsureSuccessStatusCode();
    var id = JsonDocument.Parse(await find.Content.ReadAsStringAsync()).RootElement.GetProperty("value")[0].GetProperty("id").GetString();
    using var body = new StringContent($"{{\"onPremisesImmutableId\":\"{Convert.ToBase64String(guids[n].ToByteArray())}\"}}", Encoding.UTF8, "application/json");
    (await graph.PatchAsync($"users/{id}", body)).EnsureSuccessStatusCode();
    (await graph.GetAsync($"users/{id}?$select=onPremisesImmutableId")).EnsureSuccessStatusCode();
}

script.Stop();
var scriptRate = scriptUsers / script.Elapsed.TotalSeconds;

// 2. Interactive PUTs with no job running.
async Task<(double Ms, HttpStatusCode Status)> PutAsync(int n)
{
    var watch = Stopwatch.StartNew();
    using var response = await api.PutAsync($"/api/users/{Upn(n)}/immutable-id", JsonContent.Create(new { ticket = "INC-BENCH" }));
    watch.Stop();
    return (watch.Elapsed.TotalMilliseconds, response.StatusCode);
}

var idle = new List<(double Ms, HttpStatusCode Status)>();
for (var i = 0; i < interactive; i++)
{
    idle.Add(await PutAsync(users + scriptUsers + 1 + i));
}

// 3. The job, watched from the API; interactive PUTs spread over its middle; the emulator's log tallied as it goes
// (it keeps the last 100,000 requests only).
var patchesPerPath = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
var patchTimes = new List<(string Path, DateTimeOffset At)>();
var throttled = 0;
// Entries are numbered on arrival and logged when answered, so a slow one can appear after a later one: remember each.
var seen = emulator.RequestLog.Entries.Select(e => e.Sequence).ToHashSet();
void Tally()
{
    foreach (var entry in emulator.RequestLog.Entries)
    {
        if (!seen.Add(entry.Sequence))
        {
            continue;
        }

        throttled += entry.Status == 429 ? 1 : 0;
        if (entry.Method == "PATCH" && entry.Status is >= 200 and < 300)
        {
            patchesPerPath[entry.Path] = patchesPerPath.GetValueOrDefault(entry.Path) + 1;
            patchTimes.Add((entry.Path, entry.Timestamp));
        }
    }
}

var submitted = await api.PostAsJsonAsync("/api/jobs", new { operation = "set", users = Enumerable.Range(1, users).Select(Upn).ToArray(), ticket = "CHG-BENCH" });
var submittedText = await submitted.Content.ReadAsStringAsync();
if (submitted.StatusCode != HttpStatusCode.Accepted)
{
    Console.Error.WriteLine($"The job was refused: {(int)submitted.StatusCode} {submittedText}");
    return 1;
}

var jobId = JsonDocument.Parse(submittedText).RootElement.GetProperty("id").GetGuid();
var during = new List<(double Ms, HttpStatusCode Status)>();
var budgetInUse = new List<double>();
var nextInteractive = 0;
JsonElement job;
while (true)
{
    await Task.Delay(TimeSpan.FromSeconds(2));
    job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId:D}");
    Tally();
    if (job.GetProperty("state").GetString() == "running")
    {
        // How much of the budget's burst is spent: ~50 % while bulk holds it at the interactive reserve (the budget is
        // the limit), near 0 % when the items cannot keep up with it (the machine is the limit).
        budgetInUse.Add(job.GetProperty("writeBudget").GetProperty("percentInUse").GetDouble());
    }

    var done = job.GetProperty("done").GetInt32();
    if (nextInteractive < interactive && done >= users * (0.1 + (0.8 * nextInteractive / interactive)))
    {
        during.Add(await PutAsync(users + scriptUsers + interactive + 1 + nextInteractive));
        nextInteractive++;
    }

    if (job.GetProperty("state").GetString() is "completed" or "cancelled" or "failed")
    {
        break;
    }
}

Tally();
var items = await api.GetStringAsync($"/api/jobs/{jobId:D}/items.csv");
var itemLines = items.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
var throttledItems = itemLines.Count(l => l.Contains("Throttled", StringComparison.Ordinal));
var counts = job.GetProperty("counts");
var started = job.GetProperty("startedAt").GetDateTimeOffset();
var ended = job.GetProperty("endedAt").GetDateTimeOffset();
var jobPaths = Enumerable.Range(1, users).Select(n => "/users/" + emulator.FindUser(Upn(n))!.Id).ToList();
var doubles = jobPaths.Count(p => patchesPerPath.GetValueOrDefault(p) > 1);
var missing = jobPaths.Count(p => patchesPerPath.GetValueOrDefault(p) == 0);
var jobPathSet = jobPaths.ToHashSet(StringComparer.OrdinalIgnoreCase);
var jobPatchTimes = patchTimes.Where(p => jobPathSet.Contains(p.Path)).Select(p => p.At).Order().ToList();
// Sustained: the job's own PATCHes after its opening burst (the first 40, the budget's burst) over the time they took.
var steady = jobPatchTimes.Skip(40).ToList();
var sustained = steady.Count > 1 ? (steady.Count - 1) / (steady[^1] - steady[0]).TotalSeconds / scale : 0;
var overall = users / (ended - started).TotalSeconds / scale;

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

var idleMs = idle.Select(x => x.Ms).ToList();
var duringMs = during.Select(x => x.Ms).ToList();
string F(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
Console.WriteLine($"{users} users, {(tables ? "Azure Tables + Queues (Azurite)" : "SQLite + local queue")}, Graph = in-process emulator at Graph's write limit (time scale {scale}: rates below are scaled back), {latency} ms per Graph round trip, {concurrency} items at a time, {Environment.ProcessorCount} cores, load average {LoadAverage()}.");
Console.WriteLine();
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| job state | {job.GetProperty("state").GetString()}: {counts.GetProperty("succeeded").GetInt32()} succeeded, {counts.GetProperty("failed").GetInt32()} failed, {counts.GetProperty("refused").GetInt32()} refused, {counts.GetProperty("noChange").GetInt32()} no change |");
Console.WriteLine($"| sustained write rate (after the 40-write burst) | {F(sustained, "0.00")} users/s = {F(100 * sustained / 20)} % of Graph's 20/s |");
Console.WriteLine($"| write budget's burst in use while running (median of {budgetInUse.Count} samples; 50 % = held at the reserve) | {F(Percentile(budgetInUse, 0.5))} % |");
Console.WriteLine($"| whole job, submit to end | {F(overall, "0.00")} users/s ({F((ended - started).TotalSeconds * scale)} s scaled back) |");
Console.WriteLine($"| 429s from the emulator / items failed by throttling | {throttled} / {throttledItems} |");
Console.WriteLine($"| users with more than one PATCH / with none | {doubles} / {missing} |");
Console.WriteLine($"| seed script pattern, sequential ({scriptUsers} users) | {F(scriptRate, "0.00")} users/s |");
Console.WriteLine($"| job / sequential script | {F(sustained / scriptRate, "0.0")}x |");
Console.WriteLine($"| interactive PUT, no job (p50 / max of {idle.Count}) | {F(Percentile(idleMs, 0.5), "0")} / {F(idleMs.DefaultIfEmpty().Max(), "0")} ms, statuses {string.Join(",", idle.Select(x => (int)x.Status).Distinct())} |");
Console.WriteLine($"| interactive PUT during the job (p50 / max of {during.Count}) | {F(Percentile(duringMs, 0.5), "0")} / {F(duringMs.DefaultIfEmpty().Max(), "0")} ms, statuses {string.Join(",", during.Select(x => (int)x.Status).Distinct())} |");
Console.WriteLine($"| interactive during / no job (p50) | {F(Percentile(duringMs, 0.5) / Math.Max(1, Percentile(idleMs, 0.5)), "0.00")}x |");
await factory.DisposeAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
return throttled == 0 && throttledItems == 0 && doubles == 0 && missing == 0 && job.GetProperty("state").GetString() == "completed" ? 0 : 1;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
