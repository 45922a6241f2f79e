namespace ImmutableId.Agent;

/// <summary>How the agent gets its Entra token for the API.</summary>
public enum AgentCredentialKind
{
    /// <summary>The managed identity of an Azure Arc-enabled server (or an Azure VM); no secret on the machine.</summary>
    ManagedIdentity,

    /// <summary>An app registration's certificate (a .pfx/.pem file readable by the service account, or a thumbprint in the machine store).</summary>
    ClientCertificate,

    /// <summary>Tests only: the project's test issuer on a loopback address (refused anywhere else).</summary>
    TestIssuer,

    /// <summary>The local sandbox's own token endpoint (<c>POST /_sandbox/token</c>), for an API on a loopback address only.</summary>
    Sandbox,
}
