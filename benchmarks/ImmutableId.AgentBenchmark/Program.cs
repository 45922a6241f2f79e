extern alias EntraEmulator;
extern alias Standalone;

// Ingestion benchmark of the on-prem agent (not a test): N users end to end, agent process -> API -> storage.
//   dotnet run -c Release --project benchmarks/ImmutableId.AgentBenchmark -- [--entries 100000] [--tables] [--samba]
// --tables: Azure Tables on Azurite (AZURITE_TABLE_CONNECTION_STRING); default SQLite.
// --samba: read the Samba test DC's 10,000 bulk users over LDAPS (source the SAMBA_* variables) instead of a generated LDIF.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

var entries = args.SkipWhile(a => a != "--entries").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(100_000);
var tables = args.Contains("--tables");
var samba = args.Contains("--samba");
const string AgentAppId = "b7f3e2d1-4c5b-4a69-8e7f-0a1b2c3d4e5f";
const string Ou = "OU=Bench,DC=contoso,DC=com";
var folder = Path.Combine(Path.GetTempPath(), "immutableid-agent-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set.");

var baseDn = samba ? "OU=Bulk," + Env("SAMBA_TEST_OU") : Ou;
var ldif = Path.Combine(folder, "bench.ldif");
if (!samba)
{
    using var writer = new StreamWriter(ldif, false, new UTF8Encoding(false));
    await writer.WriteLineAsync("version: 1");
    for (var i = 0; i < entries; i++)
    {
        var guid = Guid.NewGuid();
        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"\ndn: CN=bench{i:D6},{Ou}\nobjectClass: user\nobjectGUID:: {Convert.ToBase64String(guid.ToByteArray())}\nsAMAccountName: bench{i:D6}\nuserPrincipalName: bench{i:D6}@contoso.com\nmail: bench{i:D6}@contoso.com\nuserAccountControl: 512\nuSNChanged: {i + 1}\n"));
    }
}

await using var emulator = await EntraEmulatorHost.StartAsync();
await using var issuer = await TestTokenIssuer.StartAsync();
issuer.Grant(AgentAppId, "ImmutableId.Agent");
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
    ["Telemetry:Exporter"] = "None", // console spans and metrics would bury the result line and cost CPU
    ["Sandbox:Enabled"] = "false",
    ["Entra:Credential"] = "Emulator",
    ["Entra:GraphBaseUrl"] = emulator.GraphBaseUrl,
    ["Entra:TenantId"] = DemoTenant.TenantId,
    ["Entra:ClientId"] = DemoTenant.FunctionAppId,
    ["OnPrem:Mode"] = "Agent",
    ["Agents:Bindings:0:Id"] = "bench-agent",
    ["Agents:Bindings:0:AppId"] = AgentAppId,
    ["Agents:Bindings:0:BaseDns:0"] = baseDn,
    ["Agents:Bindings:0:UpnDomains:0"] = "*",
    ["Policy:AllowedUpnDomains:0"] = "*",
    ["Policy:AllowedOrganizationalUnits:0"] = "*",
    ["Storage:Provider"] = tables ? "AzureTables" : "Sqlite",
};
if (tables)
{
    settings["Storage:TableConnectionString"] = Env("AZURITE_TABLE_CONNECTION_STRING");
    settings["Storage:TablePrefix"] = "B" + Guid.NewGuid().ToString("N")[..12];
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

var agentDir = BuildOutput.Of("ImmutableId.Agent");
var start = new ProcessStartInfo("dotnet") { WorkingDirectory = agentDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
start.ArgumentList.Add(Path.Combine(agentDir, "ImmutableId.Agent.dll"));
var agentSettings = new Dictionary<string, string>
{
    ["Agent__ApiBaseUrl"] = $"http://127.0.0.1:{port}",
    ["Agent__Credential"] = "TestIssuer",
    ["Agent__TestIssuerTokenUrl"] = issuer.TokenEndpoint,
    ["Agent__ClientId"] = AgentAppId,
    ["Agent__StatePath"] = Path.Combine(folder, "state.json"),
    ["Agent__BatchSize"] = "1000",
    ["Agent__RunOnce"] = "true",
    ["OnPrem__BaseDns__0"] = baseDn,
};
if (samba)
{
    agentSettings["Agent__Source"] = "Ldap";
    agentSettings["OnPrem__Server"] = Env("SAMBA_LDAP_HOST");
    agentSettings["OnPrem__Port"] = "636";
    agentSettings["OnPrem__Transport"] = "Ldaps";
    agentSettings["OnPrem__TrustedCaPath"] = Env("SAMBA_CA_CERT");
    agentSettings["OnPrem__BindMode"] = "Simple";
    agentSettings["OnPrem__BindUserName"] = Env("SAMBA_BIND_USER");
    agentSettings["OnPrem__BindPassword"] = Env("SAMBA_BIND_PASSWORD");
    agentSettings["OnPrem__PageSize"] = "1000";
}
else
{
    agentSettings["Agent__Source"] = "Ldif";
    agentSettings["Agent__LdifPath"] = ldif;
}

foreach (var (key, value) in agentSettings)
{
    start.Environment[key] = value;
}

var clock = Stopwatch.StartNew();
using (var process = Process.Start(start)!)
{
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    clock.Stop();
    var text = await output + await error;
    Console.WriteLine(text.Split('\n').FirstOrDefault(l => l.Contains("Cycle full done", StringComparison.Ordinal))?.Trim() ?? text);
    if (process.ExitCode != 0)
    {
        return 1;
    }
}

using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
client.DefaultRequestHeaders.Authorization = new("Bearer", issuer.AppToken("ImmutableId.Read"));
var agents = await client.GetFromJsonAsync<JsonElement>("/api/agents");
var stored = agents.GetProperty("agents")[0].GetProperty("entryCount").GetInt64();
var source = samba ? $"Samba ({baseDn}, LDAPS)" : $"LDIF ({entries} generated)";
Console.WriteLine($"| {source} | {(tables ? "Azure Tables (Azurite)" : "SQLite")} | {stored} entries in the mirror | {clock.Elapsed.TotalSeconds:F1} s (agent process start to exit) | {stored / clock.Elapsed.TotalSeconds:F0} entries/s |");
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
return 0;
