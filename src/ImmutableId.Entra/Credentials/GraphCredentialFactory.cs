using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace ImmutableId.Entra.Credentials;

/// <summary>Builds the Graph token credential the options name.</summary>
internal static class GraphCredentialFactory
{
    public static TokenCredential Create(EntraOptions options, TimeProvider time) => options.Credential switch
    {
        EntraCredentialKind.ManagedIdentity => string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId)),
        EntraCredentialKind.ClientCertificate => !string.IsNullOrWhiteSpace(options.CertificatePath)
            ? new ClientCertificateCredential(options.TenantId, options.ClientId, options.CertificatePath)
            : new ClientCertificateCredential(options.TenantId, options.ClientId, FindByThumbprint(options.CertificateThumbprint!)),
        EntraCredentialKind.Emulator => new EmulatorTokenCredential(new Uri(options.GraphBaseUrl), options.EmulatorAppId, time),
        _ => throw new InvalidOperationException($"Unknown credential kind {options.Credential}."),
    };

    private static X509Certificate2 FindByThumbprint(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            var certificate = found.FirstOrDefault(c => c.HasPrivateKey);
            if (certificate is not null)
            {
                return certificate;
            }
        }

        throw new InvalidOperationException($"No certificate with a private key and thumbprint {thumbprint} in the CurrentUser or LocalMachine 'My' store.");
    }
}
