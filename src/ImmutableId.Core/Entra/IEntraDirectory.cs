namespace ImmutableId.Core.Entra;

/// <summary>Microsoft Entra ID as the workflow uses it (implemented over Microsoft Graph in ImmutableId.Entra).</summary>
/// <remarks>
/// A hard match reads in two steps: <see cref="ResolveUserAsync"/> (one request: the user by any name, with its link
/// property) and <see cref="GetFactsAsync"/> (one <c>$batch</c>: the other holders of the anchor, the user's directory
/// roles, and the UPN domain's authentication when it is not cached). Reads throw
/// <see cref="EntraDirectoryException"/> on infrastructure failure; writes answer a status.
/// </remarks>
public interface IEntraDirectory
{
    /// <summary>The user by object id or UPN (Graph v1.0), or null when none exists.</summary>
    /// <exception cref="EntraDirectoryException">Graph could not be read.</exception>
    Task<CloudUser?> GetUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>The user by object id or UPN with every property the guardrails read, including <c>onPremisesObjectIdentifier</c>, in one request.</summary>
    /// <exception cref="EntraDirectoryException">Graph could not be read.</exception>
    Task<CloudUserResolution> ResolveUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Everything else the guardrails need about a resolved user, in one <c>$batch</c> (a second one only for the roles of
    /// role-assignable groups the user is in): the other holders of <paramref name="immutableId"/> (when given), the
    /// user's directory roles (active, eligible, through groups) and its UPN domain's authentication. A user that was not
    /// found costs no request.
    /// </summary>
    /// <exception cref="EntraDirectoryException">Graph could not be read.</exception>
    Task<CloudPreflight> GetFactsAsync(CloudUserResolution resolved, string? immutableId, CancellationToken cancellationToken = default);

    /// <summary>Writes onPremisesImmutableId; <paramref name="immutableId"/> null sends an explicit JSON null (clears it).</summary>
    Task<EntraWriteResult> SetImmutableIdAsync(string userId, string? immutableId, CancellationToken cancellationToken = default);
}
