extern alias EntraEmulator;

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using EmulatorHost = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost;
using EmulatorOptions = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorOptions;
using Tenant = EntraEmulator::ImmutableId.EntraEmulator.DemoTenant;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// <c>GET /api/health?ready=true</c> through the whole Standalone pipeline with real dependencies: the Entra emulator
/// over HTTP, the LDIF directory or an LDAP port nobody listens on, SQLite or an Azure Tables endpoint nobody serves.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_EverythingUp_Answers200WithEachDependencyReady()
    {
        await using var factory = new ReadinessFactory();
        await factory.InitializeAsync();

        var response = await factory.CreateClient().GetAsync("/api/health?ready=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["status", "version", "dependencies"], body.RootElement.EnumerateObject().Select(p => p.Name));
        AssertDependencies(body.RootElement, ["graph:ready", "onPrem:ready", "storage:ready"]);
        HardenedAnswersTests.AssertHardened(response, "ready");
    }

    [Fact]
    public async Task Ready_EmulatorStopped_Answers503NamingGraphOnly()
    {
        await using var factory = new ReadinessFactory();
        await factory.InitializeAsync();
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<SandboxEnvironment>().Emulator.DisposeAsync();

        var response = await client.GetAsync("/api/health?ready=true");

        var root = await AssertNotReadyAsync(response, "graph");
        AssertDependencies(root, ["graph:failed", "onPrem:ready", "storage:ready"]);
        Assert.Contains("Entra:", Failed(root, "graph").GetProperty("check").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_LdapUnreachable_Answers503NamingOnPremOnly()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
        await using var factory = new ReadinessFactory(new Dictionary<string, string?>
        {
            ["Entra:Credential"] = "Emulator",
            ["Entra:GraphBaseUrl"] = emulator.GraphBaseUrl,
            ["Entra:TenantId"] = Tenant.TenantId,
            ["Entra:ClientId"] = Tenant.FunctionAppId,
            ["OnPrem:Mode"] = "Ldap",
            ["OnPrem:Server"] = "127.0.0.1",
            ["OnPrem:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OnPrem:Transport"] = "Plain",
            ["OnPrem:AllowInsecurePlainLdap"] = "true",
            ["OnPrem:BindUserName"] = "svc-immutableid@contoso.com",
            ["OnPrem:BindPassword"] = "not-a-real-password",
            ["OnPrem:BaseDns:0"] = "OU=Staff,DC=contoso,DC=com",
            ["OnPrem:Timeout"] = "00:00:02",
            ["Policy:AllowedUpnDomains:0"] = "contoso.com",
            ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
        });
        await factory.InitializeAsync();

        var response = await factory.CreateClient().GetAsync("/api/health?ready=true");

        var root = await AssertNotReadyAsync(response, "onPrem");
        AssertDependencies(root, ["graph:ready", "onPrem:failed", "storage:ready"]);
        Assert.Contains("OnPrem:Server", Failed(root, "onPrem").GetProperty("check").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_StorageUnreachable_Answers503NamingStorageOnly()
    {
        await using var factory = new ReadinessFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:TableConnectionString"] =
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:{ClosedPort()}/devstoreaccount1;",
        });
        await factory.InitializeAsync();

        var response = await factory.CreateClient().GetAsync("/api/health?ready=true");

        var root = await AssertNotReadyAsync(response, "storage");
        AssertDependencies(root, ["graph:ready", "onPrem:ready", "storage:failed"]);
        Assert.Contains("Storage", Failed(root, "storage").GetProperty("check").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ReadCaller_AlsoGetsTheUnderlyingError()
    {
        await using var factory = new ReadinessFactory();
        await factory.InitializeAsync();
        var reader = factory.CreateClientWithRoles(AppRoles.Read);
        await factory.Services.GetRequiredService<SandboxEnvironment>().Emulator.DisposeAsync();

        var anonymous = await factory.CreateClient().GetAsync("/api/health?ready=true");
        var withRole = await reader.GetAsync("/api/health?ready=true");

        var hidden = await AssertNotReadyAsync(anonymous, "graph");
        Assert.Equal(JsonValueKind.Null, Failed(hidden, "graph").GetProperty("error").ValueKind);
        using var shown = JsonDocument.Parse(await withRole.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(Failed(shown.RootElement, "graph").GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Ready_NotABoolean_Answers400()
    {
        await using var factory = new ReadinessFactory();
        await factory.InitializeAsync();

        var response = await factory.CreateClient().GetAsync("/api/health?ready=yes");

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "ValidationFailed");
    }

    private static async Task<JsonElement> AssertNotReadyAsync(HttpResponseMessage response, string failed)
    {
        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "NotReady");
        Assert.NotNull(response.Headers.RetryAfter);
        var text = await response.Content.ReadAsStringAsync();

        // Nothing about the tenant, the hosts or the error reaches an anonymous caller.
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("contoso", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Contains(failed, root.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return root;
    }

    /// <summary>Each dependency's status as expected; on failure the message carries the whole answer (which probe said what).</summary>
    private static void AssertDependencies(JsonElement root, string[] expected) =>
        Assert.True(expected.SequenceEqual(Dependencies(root)), $"expected {string.Join(", ", expected)}; the answer: {root}");

    private static string[] Dependencies(JsonElement root) =>
        root.GetProperty("dependencies").EnumerateArray()
            .Select(d => d.GetProperty("name").GetString() + ":" + d.GetProperty("status").GetString())
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static JsonElement Failed(JsonElement root, string name) =>
        root.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The Standalone host with no readiness cache and a short probe timeout; the sandbox unless settings say otherwise.</summary>
    private sealed class ReadinessFactory(IReadOnlyDictionary<string, string?>? settings = null) : StandaloneFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings
        {
            get
            {
                var all = new Dictionary<string, string?>
                {
                    ["Health:CacheDuration"] = "00:00:00",
                    // Generous: the dependencies these tests expect ready must answer even on an oversubscribed machine
                    // (tests/scripts/stress.sh once saw the in-process emulator's first token + read exceed 4 s); the
                    // ones expected down refuse the connection, so they fail on their own long before this.
                    ["Health:ProbeTimeout"] = "00:01:00",
                };
                foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
                {
                    all[key] = value;
                }

                return all;
            }
        }
    }
}
