namespace ImmutableId.Standalone.Sandbox;

/// <summary>Whether the Standalone host runs the sandbox, and why.</summary>
/// <param name="Enabled">True: the in-process emulator, the demo LDIF and a demo policy replace Entra, OnPrem and Policy.</param>
/// <param name="Reason">Why, for the startup log and banner.</param>
internal sealed record SandboxDecision(bool Enabled, string Reason)
{
    /// <summary>The section of the explicit switch (<c>Sandbox:Enabled</c>).</summary>
    public const string SectionName = "Sandbox";

    private static readonly string[] FunctionsHostVariables = ["FUNCTIONS_WORKER_RUNTIME", "AZURE_FUNCTIONS_ENVIRONMENT"];

    /// <summary>
    /// Decides from configuration (environment variables included). The sandbox never runs under the Functions host;
    /// without <c>Sandbox:Enabled</c> it runs only when no real Entra or OnPrem setting is present.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Sandbox:Enabled=true</c> under the Functions host, or an unreadable switch.</exception>
    public static SandboxDecision Decide(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var functionsHost = FunctionsHostVariables.FirstOrDefault(v => !string.IsNullOrEmpty(configuration[v]));
        var forced = configuration[$"{SectionName}:Enabled"];
        if (!string.IsNullOrWhiteSpace(forced))
        {
            if (!bool.TryParse(forced, out var enabled))
            {
                throw new InvalidOperationException($"Sandbox:Enabled must be true or false; got '{forced}'.");
            }

            if (enabled && functionsHost is not null)
            {
                throw new InvalidOperationException($"Sandbox:Enabled=true is refused under the Azure Functions host ({functionsHost} is set): the sandbox never runs in Azure.");
            }

            return new SandboxDecision(enabled, enabled ? "Sandbox:Enabled=true" : "Sandbox:Enabled=false");
        }

        if (functionsHost is not null)
        {
            return new SandboxDecision(false, $"running under the Azure Functions host ({functionsHost} is set)");
        }

        var real = RealSetting(configuration);
        return real is null
            ? new SandboxDecision(true, "no Entra or OnPrem configuration was given")
            : new SandboxDecision(false, real);
    }

    private static string? RealSetting(IConfiguration configuration)
    {
        var credential = configuration["Entra:Credential"];
        if (!string.IsNullOrWhiteSpace(credential) && !string.Equals(credential, "Emulator", StringComparison.OrdinalIgnoreCase))
        {
            return $"Entra:Credential is {credential}";
        }

        var graph = configuration["Entra:GraphBaseUrl"];
        if (!string.IsNullOrWhiteSpace(graph))
        {
            return Uri.TryCreate(graph, UriKind.Absolute, out var uri) && uri.IsLoopback
                ? "Entra:GraphBaseUrl points at a local emulator"
                : "Entra:GraphBaseUrl is set to a non-loopback address";
        }

        if (!string.IsNullOrWhiteSpace(credential))
        {
            return "Entra:Credential is set";
        }

        foreach (var key in new[] { "OnPrem:Mode", "OnPrem:Server", "OnPrem:LdifPath" })
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                return $"{key} is set";
            }
        }

        return null;
    }
}
