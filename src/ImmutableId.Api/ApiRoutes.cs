namespace ImmutableId.Api;

/// <summary>
/// Every route of the API, once. The Functions host prefixes them with host.json's <c>routePrefix</c>
/// (<see cref="Prefix"/>); the Standalone host maps them under the same prefix.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The prefix both hosts put before every route (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string Prefix = "api";

    /// <summary><c>POST</c>: convert an anchor between its forms.</summary>
    public const string Convert = "convert";

    /// <summary><c>GET</c>: liveness (and readiness with <c>?ready=true</c>).</summary>
    public const string Health = "health";

    /// <summary>The route parameter that names a user: a UPN or an on-prem objectGUID.</summary>
    public const string UserParameter = "user";

    /// <summary><c>GET</c> status, <c>PUT</c> set (hard match), <c>DELETE</c> clear of one user's onPremisesImmutableId.</summary>
    public const string UserImmutableId = "users/{" + UserParameter + "}/immutable-id";
}
