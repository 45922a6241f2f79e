namespace ImmutableId.Entra;

/// <summary>How the service authenticates to Microsoft Graph.</summary>
public enum EntraCredentialKind
{
    /// <summary>The Function App's managed identity (user-assigned when <see cref="EntraOptions.ManagedIdentityClientId"/> is set).</summary>
    ManagedIdentity,

    /// <summary>An app registration with a certificate (on-prem or container hosting).</summary>
    ClientCertificate,

    /// <summary>Dev tokens from the local Entra emulator; refused unless <see cref="EntraOptions.GraphBaseUrl"/> is a loopback address.</summary>
    Emulator,
}
