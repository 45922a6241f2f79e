extern alias EntraEmulator;

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using ImmutableId.Api.Agents;
using ImmutableId.Api.Http;
using ImmutableId.Core.Agents;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// The Standalone host in OnPrem mode Agent: the mirror in a temporary SQLite file, the Entra emulator (demo tenant)
/// through the real Graph adapter, one bound agent (<see cref="AgentAppId"/>, base DN <c>OU=Staff,DC=contoso,DC=com</c>,
/// UPN domain contoso.com), at most <see cref="MaxEntries"/> entries per batch, and a clock the tests can move.
/// </summary>
public sealed class AgentModeFactory : StandaloneFactory
{
    public const string AgentId = "dc-agent-1";
    public const string AgentAppId = "a9e1c7d3-5b2f-4e8a-9c1d-2e3f4a5b6c7d";
    public const string BaseDn = "OU=Staff,DC=contoso,DC=com";
    public const int MaxEntries = 5;

    private EntraEmulatorHost? _emulator;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public EntraEmulatorHost Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "false",
        ["Entra:Credential"] = "Emulator",
        ["Entra:GraphBaseUrl"] = Emulator.GraphBaseUrl,
        ["Entra:TenantId"] = DemoTenant.TenantId,
        ["Entra:ClientId"] = DemoTenant.FunctionAppId,
        ["OnPrem:Mode"] = "Agent",
        ["Agents:Bindings:0:Id"] = AgentId,
        ["Agents:Bindings:0:AppId"] = AgentAppId,
        ["Agents:Bindings:0:BaseDns:0"] = BaseDn,
        ["Agents:Bindings:0:UpnDomains:0"] = "contoso.com",
        ["Agents:MaxBatchEntries"] = MaxEntries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Agents:StaleAfter"] = "00:30:00",
        ["Policy:AllowedUpnDomains:0"] = "contoso.com",
        ["Policy:AllowedOrganizationalUnits:0"] = BaseDn,
        ["Policy:VerifyDelayMilliseconds"] = "0",
    };

    public override async Task InitializeAsync()
    {
        _emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions());
        await base.InitializeAsync();
    }

    /// <summary>A client with the bound agent's token (app role ImmutableId.Agent).</summary>
    public HttpClient AgentClient(params string[] roles) => CreateClientWithToken(Issuer.CreateToken(new TestToken
    {
        AppId = AgentAppId,
        Roles = roles.Length == 0 ? [Api.Auth.AppRoles.Agent] : roles,
    }));

    /// <summary>A batch request with a correct Content-Digest.</summary>
    public static HttpRequestMessage Batch(AgentBatchBody batch, Func<byte[], byte[]>? tamper = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(batch, ApiJson.Options);
        var digest = ContentDigest.For(bytes);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/agent/batches") { Content = new ByteArrayContent(tamper?.Invoke(bytes) ?? bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(ContentDigest.HeaderName, digest);
        return request;
    }

    public static AgentEntryBody Entry(string upn, Guid? guid = null, string? dn = null) =>
        new(guid ?? Guid.NewGuid(), dn ?? $"CN={upn.Split('@')[0]},{BaseDn}", upn, upn.Split('@')[0], upn, ["SMTP:" + upn], UsnChanged: 100);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
