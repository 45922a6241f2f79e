namespace ImmutableId.Testing;

/// <summary>What to put in a test token; the defaults make a valid v2 app-only token with no roles.</summary>
public sealed record TestToken
{
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>When set, a delegated (user) token: <c>scp</c>, <c>idtyp=user</c>, this name.</summary>
    public string? UserName { get; init; }

    /// <summary>The delegated scopes (space-separated in <c>scp</c>).</summary>
    public string Scopes { get; init; } = "access_as_user";

    /// <summary>1 (sts.windows.net issuer, <c>appid</c>, audience = app id URI) or 2 (v2.0 issuer, <c>azp</c>, audience = client id).</summary>
    public int Version { get; init; } = 2;

    public string? Audience { get; init; }

    public string? Issuer { get; init; }

    public string AppId { get; init; } = "8d2f3c5e-0d1f-4d7c-9a3b-1c2d3e4f5a6b";

    public string ObjectId { get; init; } = "0b7e1a52-3c9d-4e8f-a1b2-c3d4e5f6a7b8";

    public string? AppDisplayName { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Offsets from now.</summary>
    public TimeSpan NotBefore { get; init; } = TimeSpan.FromMinutes(-1);

    public TimeSpan Expires { get; init; } = TimeSpan.FromMinutes(59);

    /// <summary>Sign with a key that is not in the published JWKS but claims a published key id (a forged signature).</summary>
    public bool ForgeSignature { get; init; }

    /// <summary>Leave out <c>idtyp</c> (v1 tokens without the optional claim): app-only is then inferred from the missing <c>scp</c>.</summary>
    public bool OmitIdType { get; init; }
}
