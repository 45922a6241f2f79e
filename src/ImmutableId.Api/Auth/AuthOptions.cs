using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Api.Auth;

/// <summary>The <c>Auth</c> configuration section: how callers' Entra ID access tokens are validated.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The Entra tenant (directory) id whose tokens are accepted.</summary>
    public string? TenantId { get; set; }

    /// <summary>The Entra authority host, for the default metadata address and issuers.</summary>
    [Url]
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The OpenID Connect metadata document; default <c>{Instance}{TenantId}/v2.0/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Accepted audiences: the API's application id URI (<c>api://…</c>, v1 tokens) and its client id (v2 tokens).</summary>
    public string[] Audiences { get; set; } = [];

    /// <summary>Accepted issuers; default the tenant's v1 (<c>https://sts.windows.net/{tid}/</c>) and v2 (<c>{Instance}{tid}/v2.0</c>) issuers.</summary>
    public string[] AllowedIssuers { get; set; } = [];

    /// <summary>Delegated tokens must carry one of these scopes (<c>scp</c>); app-only tokens carry none.</summary>
    public string[] AcceptedScopes { get; set; } = ["access_as_user"];

    /// <summary>Tolerance for clock differences when checking <c>exp</c> and <c>nbf</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The least time between two metadata refreshes forced by a token naming an unknown signing key (key rollover).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Sandbox only: accept tokens minted by the local sandbox issuer instead of Entra ID. Refused together with any
    /// real Auth setting, and never available in the Functions host.
    /// </summary>
    public bool Sandbox { get; set; }

    /// <summary>Optional per-caller limits (UPN domains, OUs) for the user endpoints.</summary>
    public CallerScopeRule[] CallerScopes { get; set; } = [];

    /// <summary>The metadata address in effect.</summary>
    public string EffectiveMetadataAddress =>
        !string.IsNullOrWhiteSpace(MetadataAddress)
            ? MetadataAddress
            : $"{Instance.TrimEnd('/')}/{TenantId}/v2.0/.well-known/openid-configuration";

    /// <summary>The issuers in effect.</summary>
    public IReadOnlyList<string> EffectiveIssuers =>
        AllowedIssuers.Length > 0
            ? AllowedIssuers
            : [$"https://sts.windows.net/{TenantId}/", $"{Instance.TrimEnd('/')}/{TenantId}/v2.0"];
}
