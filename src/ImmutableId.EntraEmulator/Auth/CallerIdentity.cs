namespace ImmutableId.EntraEmulator.Auth;

/// <summary>The application a validated token names.</summary>
/// <param name="AppId">The <c>appid</c> claim.</param>
/// <param name="ObjectId">The <c>oid</c> claim: the service principal's object id, when known.</param>
/// <param name="TenantId">The <c>tid</c> claim.</param>
/// <param name="Roles">The application permissions (<c>roles</c> claim).</param>
internal sealed record CallerIdentity(string AppId, string? ObjectId, string TenantId, IReadOnlySet<string> Roles)
{
    /// <summary>True when the token carries any of <paramref name="permissions"/>.</summary>
    public bool HasAny(IEnumerable<string> permissions) => permissions.Any(Roles.Contains);
}
