// A benchmark, not a test: one hard match through the workflow (guardrails, preflight, PATCH, read-back) against
// the Entra emulator at 0 ms and 100 ms injected latency, next to the seed script's sequence (AD lookup, GET by
// filter, PATCH, GET) run the same way. Reports Graph and LDAP round trips per operation and p50/p99 latency.
//   dotnet run -c Release --project benchmarks/ImmutableId.Benchmarks -- [--iterations 40] [--ldap]
// --ldap reads AD over LDAPS from the Samba test DC (source the SAMBA_* variables first); default: the demo LDIF.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ImmutableId.ActiveDirectory;
using ImmutableId.Benchmarks;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using ImmutableId.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Faults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

var iterations = args.SkipWhile(a => a != "--iterations").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(40);
var useLdap = args.Contains("--ldap");
const string Upn = "adele.vance@contoso.com";

await using var emulator = await EntraEmulatorHost.StartAsync();
var settings = new Dictionary<string, string?>
{
    ["Entra:Credential"] = "Emulator",
    ["Entra:GraphBaseUrl"] = emulator.GraphBaseUrl,
    ["Policy:AllowedUpnDomains:0"] = "contoso.com",
    ["Policy:AllowedOrganizationalUnits:0"] = "*",
};
if (useLdap)
{
    string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: source $IMMUTABLEID_TEST_ENV after tests/servers/samba/start.sh.");
    settings["OnPrem:Mode"] = "Ldap";
    settings["OnPrem:Server"] = Env("SAMBA_LDAP_HOST");
    settings["OnPrem:Port"] = "636";
    settings["OnPrem:TrustedCaPath"] = Env("SAMBA_CA_CERT");
    settings["OnPrem:BindUserName"] = Env("SAMBA_BIND_USER");
    settings["OnPrem:BindPassword"] = Env("SAMBA_BIND_PASSWORD");
    settings["OnPrem:BaseDns:0"] = Env("SAMBA_TEST_OU");
}
else
{
    settings["OnPrem:Mode"] = "Ldif";
    settings["OnPrem:LdifPath"] = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif");
}

var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
services.AddOnPremDirectory(configuration);
services.AddEntraDirectory(configuration);
services.AddOptions<PolicyOptions>().Bind(configuration.GetSection(PolicyOptions.SectionName));
await using var provider = services.BuildServiceProvider();
var onPrem = new CountingOnPremDirectory(provider.GetRequiredService<IOnPremDirectory>());
var workflow = new HardMatchWorkflow(onPrem, provider.GetRequiredService<ImmutableId.Core.Entra.IEntraDirectory>(), provider.GetRequiredService<IOptions<PolicyOptions>>().Value);

using var http = new HttpClient();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.MintToken(DemoTenant.FunctionAppId));
var graph = emulator.GraphBaseUrl;

// The seed script: Get-ADUser (one LDAP search), then GET by filter, PATCH, GET.
async Task ScriptAsync()
{
    var user = (await onPrem.FindByUserPrincipalNameAsync(Upn)).User!;
    var value = user.Anchor.ToImmutableId();
    var find = await http.GetAsync($"{graph}/users?$filter=userPrincipalName eq '{Upn.Replace("'", "''", StringComparison.Ordinal)}'&$select=id,onPremisesImmutableId");
    find.EnsureSuccessStatusCode();
    var id = System.Text.Json.JsonDocument.Parse(await find.Content.ReadAsStringAsync()).RootElement.GetProperty("value")[0].GetProperty("id").GetString();
    using var body = new StringContent($"{{\"onPremisesImmutableId\":\"{value}\"}}", Encoding.UTF8, "application/json");
    (await http.PatchAsync($"{graph}/users/{id}", body)).EnsureSuccessStatusCode();
    (await http.GetAsync($"{graph}/users/{id}?$select=onPremisesImmutableId")).EnsureSuccessStatusCode();
}

async Task WorkflowAsync()
{
    Assert((await workflow.SetAsync(new SetImmutableIdRequest(UserKeyOf(Upn)))).Outcome == HardMatchOutcome.Succeeded, "the set did not succeed");
}

var rows = new List<(string Name, int Latency, double Graph, double Ldap, double P50, double P99)>();
foreach (var latency in new[] { 0, 100 })
{
    foreach (var (name, run) in new (string, Func<Task>)[] { ("seed script (GET filter, PATCH, GET)", ScriptAsync), ("API set (workflow)", WorkflowAsync) })
    {
        var times = new List<double>();
        long graphTrips = 0, ldapTrips = 0;
        for (var i = -3; i < iterations; i++)
        {
            emulator.Reset();   // the user back to no immutable ID; empty log
            emulator.Faults = new FaultSettings(LatencyMs: latency);
            var ldapBefore = onPrem.Lookups;
            var watch = Stopwatch.StartNew();
            await run();
            watch.Stop();
            if (i < 0)
            {
                continue;       // warm-up
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
            graphTrips += emulator.RequestLog.RoundTrips.Count;
            ldapTrips += onPrem.Lookups - ldapBefore;
        }

        times.Sort();
        rows.Add((name, latency, graphTrips / (double)iterations, ldapTrips / (double)iterations, Percentile(times, 0.50), Percentile(times, 0.99)));
    }
}

Console.WriteLine($"One set of {Upn}, {iterations} iterations each, Graph = the in-process emulator, AD = {(useLdap ? "Samba over LDAPS" : "demo LDIF")}.");
Console.WriteLine();
Console.WriteLine("| sequence | injected latency | Graph round trips | LDAP round trips | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Latency} ms | {r.Graph:0.#} | {r.Ldap:0.#} | {r.P50:0.0} | {r.P99:0.0} |"));
}

Console.WriteLine();
foreach (var latency in new[] { 0, 100 })
{
    var script = rows.First(r => r.Latency == latency && r.Name.StartsWith("seed", StringComparison.Ordinal));
    var api = rows.First(r => r.Latency == latency && r.Name.StartsWith("API", StringComparison.Ordinal));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{latency} ms: API set / script = {api.P50 / script.P50:0.00}x at p50, {api.P99 / script.P99:0.00}x at p99; Graph round trips {api.Graph:0.#} vs {script.Graph:0.#}."));
}

return 0;

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static UserKey UserKeyOf(string text) => UserKey.TryParse(text, out var key, out var error) ? key : throw new ArgumentException(error);

static void Assert(bool condition, string message)
{
    if (!condition)
    {
        throw new InvalidOperationException(message);
    }
}
