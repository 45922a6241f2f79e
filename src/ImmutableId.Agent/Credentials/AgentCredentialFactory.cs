using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace ImmutableId.Agent.Credentials;

/// <summary>The agent's Entra credential: never a shared secret in a file.</summary>
internal static class AgentCredentialFactory
{
    public static TokenCredential Create(AgentSettings settings) => settings.Credential switch
    {
        AgentCredentialKind.ManagedIdentity => new ManagedIdentityCredential(string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId)),
        AgentCredentialKind.ClientCertificate => new ClientCertificateCredential(settings.TenantId!, settings.ClientId!, LoadCertificate(settings)),
        AgentCredentialKind.TestIssuer => new TestIssuerCredential(settings.TestIssuerTokenUrl!, settings.ClientId!),
        AgentCredentialKind.Sandbox => new SandboxCredential(settings.ApiBaseUrl!),
        _ => throw new InvalidOperationException($"Agent:Credential {settings.Credential} is not supported."),
    };

    /// <summary>The scope the token is requested for (the test issuer ignores it).</summary>
    public static string Scope(AgentSettings settings) => settings.ApiScope ?? "api://immutableid-test/.default";

    private static X509Certificate2 LoadCertificate(AgentSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return settings.CertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(settings.CertificatePath)
                : X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, password: null);
        }

        foreach (var location in new[] { StoreLocation.LocalMachine, StoreLocation.CurrentUser })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, settings.CertificateThumbprint!, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        throw new InvalidOperationException($"No certificate with thumbprint {settings.CertificateThumbprint} in LocalMachine\\My or CurrentUser\\My.");
    }
}
