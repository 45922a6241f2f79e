using ImmutableId.EntraEmulator;

namespace ImmutableId.Standalone.Sandbox;

/// <summary>
/// The sandbox: the Entra emulator in-process on 127.0.0.1 (an ephemeral port) with the demo tenant, the demo LDIF
/// directory and a demo policy. Everything lives in memory and resets on restart.
/// </summary>
/// <remarks>
/// Only the members of this class name emulator types, and they run only in the sandbox: a production host never
/// loads the ImmutableId.EntraEmulator assembly (the JIT resolves a type when a method naming it is first compiled;
/// ProductionHostTests checks the loaded images of a real host process). Callers outside the sandbox use
/// <see cref="GraphBaseUrl"/>, never <see cref="Emulator"/>.
/// </remarks>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    private EntraEmulatorHost? _emulator;

    /// <summary>The demo directory, copied to the output by ImmutableId.ActiveDirectory.</summary>
    public static string DemoLdifPath => Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif");

    /// <summary>The running emulator.</summary>
    /// <exception cref="InvalidOperationException">Not started yet.</exception>
    public EntraEmulatorHost Emulator => _emulator ?? throw new InvalidOperationException("The sandbox has not been started.");

    /// <summary>The emulator's Graph base URL (for the banner), without exposing its type to the caller.</summary>
    /// <exception cref="InvalidOperationException">Not started yet.</exception>
    public string GraphBaseUrl => Emulator.GraphBaseUrl;

    /// <summary>
    /// The sandbox emulator's request log keeps the last 10,000 Graph requests: enough to read what recent calls sent,
    /// without holding the 100,000 a test emulator keeps (each entry holds the request's query, headers and body).
    /// </summary>
    public const int RequestLogCapacity = 10_000;

    /// <summary>Starts the emulator with the demo tenant (once).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default) =>
        _emulator ??= await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { RequestLogCapacity = RequestLogCapacity }, cancellationToken).ConfigureAwait(false);

    /// <summary>The settings that point Entra, OnPrem and Policy at the sandbox (they override any others).</summary>
    public IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Entra:Credential"] = "Emulator",
        ["Entra:GraphBaseUrl"] = Emulator.GraphBaseUrl,
        ["Entra:TenantId"] = DemoTenant.TenantId,
        ["Entra:ClientId"] = DemoTenant.FunctionAppId,
        ["OnPrem:Mode"] = "Ldif",
        ["OnPrem:LdifPath"] = DemoLdifPath,
        ["Policy:AllowedUpnDomains:0"] = "contoso.com",
        ["Policy:AllowedUpnDomains:1"] = "fabrikam.com",
        ["Policy:AllowedUpnDomains:2"] = "contoso.onmicrosoft.com",
        ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
        // The agent the sandbox accepts batches from (dotnet run --project src/ImmutableId.Agent -- --sandbox): its
        // tokens are the sandbox's own, with the role ImmutableId.Agent. The sandbox keeps resolving users from its
        // LDIF; what the agent posts lands in the mirror (GET /api/agents).
        ["Agents:Bindings:0:Id"] = SandboxAgentId,
        ["Agents:Bindings:0:AppId"] = ImmutableId.Api.Auth.SandboxTokenService.AppId,
        ["Agents:Bindings:0:BaseDns:0"] = "OU=Staff,DC=contoso,DC=com",
        ["Agents:Bindings:0:UpnDomains:0"] = "*",
    };

    /// <summary>The id of the sandbox's agent binding.</summary>
    public const string SandboxAgentId = "sandbox-agent";

    /// <summary>Stops the emulator (its state is gone).</summary>
    public ValueTask DisposeAsync() => _emulator?.DisposeAsync() ?? ValueTask.CompletedTask;
}
