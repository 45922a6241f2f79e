namespace ImmutableId.Infra.Tests;

/// <summary>
/// An `az` on PATH for the grant script's hook tests (nothing reaches Azure): it logs its arguments and prints a token
/// (one the Entra emulator minted) only for `account get-access-token --resource-type ms-graph --tenant {tenant}`;
/// anything else fails as the real CLI would without a sign-in to that tenant.
/// </summary>
internal sealed class FakeAzureCli : IDisposable
{
    private readonly DirectoryInfo _folder;

    private FakeAzureCli(DirectoryInfo folder, string token)
    {
        _folder = folder;
        Token = token;
    }

    /// <summary>The token it hands out.</summary>
    public string Token { get; }

    private string LogPath => Path.Combine(_folder.FullName, "calls.log");

    /// <summary>Writes the fake CLI into a temp folder.</summary>
    public static FakeAzureCli Create(string signedInTenant, string token)
    {
        var folder = Directory.CreateTempSubdirectory("immutableid-fake-az-");
        var script = Path.Combine(folder.FullName, "az");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            echo "$*" >> '{{Path.Combine(folder.FullName, "calls.log")}}'
            case "$*" in
              "account get-access-token --resource-type ms-graph --tenant {{signedInTenant}} "*) printf '%s\n' '{{token}}' ;;
              *) echo "ERROR: fake az: no sign-in for: $*" >&2; exit 1 ;;
            esac
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new FakeAzureCli(folder, token);
    }

    /// <summary>What azd hands the postprovision hook: its outputs and AZURE_TENANT_ID, no token; this az first on PATH.</summary>
    public IReadOnlyDictionary<string, string?> HookEnvironment(string graphBaseUrl) => new Dictionary<string, string?>
    {
        ["PATH"] = _folder.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        ["AZURE_TENANT_ID"] = ImmutableId.EntraEmulator.DemoTenant.TenantId,
        ["MANAGED_IDENTITY_CLIENT_ID"] = ImmutableId.EntraEmulator.DemoTenant.FunctionAppId,
        ["MANAGED_IDENTITY_PRINCIPAL_ID"] = ImmutableId.EntraEmulator.DemoTenant.FunctionServicePrincipalId,
        ["GRAPH_BASE_URL"] = graphBaseUrl,
        ["ON_PREM_CONNECTIVITY"] = "hybridConnection",
    };

    /// <summary>Every argument line it was called with.</summary>
    public string Calls() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    /// <inheritdoc />
    public void Dispose() => _folder.Delete(recursive: true);
}
