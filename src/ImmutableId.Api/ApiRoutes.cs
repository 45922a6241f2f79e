namespace ImmutableId.Api;

/// <summary>
/// What every route shares: the prefix, the user parameter, and the sandbox's token route. Each feature declares its
/// own routes beside its endpoints (<c>ImmutableIdsApi.Route</c>, <c>JobsApi.JobRoute</c>…); the Functions host prefixes
/// them with host.json's <c>routePrefix</c> (<see cref="Prefix"/>) and the Standalone host maps them under the same prefix.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The prefix both hosts put before every route (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string Prefix = "api";

    /// <summary><c>POST</c>, Standalone sandbox only, outside <see cref="Prefix"/>: mints a sandbox token.</summary>
    public const string SandboxToken = "/_sandbox/token";

    /// <summary>The route parameter that names a user: a UPN or an on-prem objectGUID.</summary>
    public const string UserParameter = "user";
}
